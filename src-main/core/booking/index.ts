/** The booking service: the only way appointments are created and changed. */
import type { AppointmentDto, AppointmentListItemDto } from '@shared/domain/booking';
import type {
  BookInput,
  BookTeamInput,
  CancelInput,
  GetAppointmentInput,
  ListForDayInput,
  RescheduleInput,
  StatusChangeInput,
  UndoChangeInput,
} from '@shared/schemas/booking';
import type { CoreContext } from '../context';
import { book } from './book';
import { bookTeam } from './book-team';
import { getAppointment, listForDay } from './queries';
import { reschedule } from './reschedule';
import { cancel, checkIn, complete, confirm, markNoShow, seat } from './status-changes';
import { undoChange } from './undo';

export { book } from './book';
export { bookTeam } from './book-team';
export { reschedule } from './reschedule';
export { cancel, confirm, checkIn, seat, complete, markNoShow } from './status-changes';
export { waitingRoom } from './waiting-room';
export { getAppointment, listAppointmentsInRange, listForDay } from './queries';
export { undoChange } from './undo';
export { placeVisit } from './guard';
export { TRANSITIONS } from './transitions';

export interface BookingService {
  book(input: BookInput): AppointmentDto;
  bookTeam(input: BookTeamInput): AppointmentDto[];
  reschedule(input: RescheduleInput): AppointmentDto;
  cancel(input: CancelInput): AppointmentDto;
  confirm(input: StatusChangeInput): AppointmentDto;
  checkIn(input: StatusChangeInput): AppointmentDto;
  seat(input: StatusChangeInput): AppointmentDto;
  complete(input: StatusChangeInput): AppointmentDto;
  markNoShow(input: StatusChangeInput): AppointmentDto;
  undo(input: UndoChangeInput): AppointmentDto;
  get(input: GetAppointmentInput): AppointmentDto;
  listForDay(input: ListForDayInput): AppointmentListItemDto[];
}

/** The service bound to one context, as the IPC handler table uses it. */
export function createBookingService(ctx: CoreContext): BookingService {
  return {
    book: (input) => book(ctx, input),
    bookTeam: (input) => bookTeam(ctx, input),
    reschedule: (input) => reschedule(ctx, input),
    cancel: (input) => cancel(ctx, input),
    confirm: (input) => confirm(ctx, input),
    checkIn: (input) => checkIn(ctx, input),
    seat: (input) => seat(ctx, input),
    complete: (input) => complete(ctx, input),
    markNoShow: (input) => markNoShow(ctx, input),
    undo: (input) => undoChange(ctx, input),
    get: (input) => getAppointment(ctx.db, input),
    listForDay: (input) => listForDay(ctx.db, input),
  };
}
