/**
 * The waitlist and recurring-visit channels and events of the IPC contract
 * (src-main/core/waitlist, src-main/core/series), kept beside the contract
 * and spread into it. Changes push `appointments/changed` and `waitlist/changed`.
 */
import type { AppointmentDto } from './domain/booking';
import type { SeriesCheckDto, SeriesDto, SeriesMoveCheckDto, WaitlistChanged, WaitlistEntryDto, WaitlistFitDto, WaitlistOpening, WaitlistRowDto } from './domain/waitlist';
import { channel, event } from './ipc/define';
import {
  bookFromWaitlistInput,
  bookSeriesInput,
  cancelSeriesInput,
  checkSeriesInput,
  checkSeriesMoveInput,
  closeWaitlistEntryInput,
  createWaitlistEntryInput,
  listWaitlistInput,
  moveSeriesInput,
  openedTimeInput,
  seriesOfAppointmentInput,
  undoSeriesChangeInput,
  updateWaitlistEntryInput,
} from './schemas/waitlist';

export const listChannels = {
  /** The Waitlist view: entries (open by default) with the earliest time that fits each open one. Audited as a view. */
  'waitlist/list': channel<WaitlistRowDto[]>()(listWaitlistInput, { permission: 'schedule.read' }),
  /** The open entries that fit a time that opened, first come first served, each with its time. Audited. */
  'waitlist/fits': channel<WaitlistFitDto[]>()(openedTimeInput, { permission: 'schedule.read' }),
  'waitlist/create': channel<WaitlistEntryDto>()(createWaitlistEntryInput, { permission: 'schedule.write' }),
  'waitlist/update': channel<WaitlistEntryDto>()(updateWaitlistEntryInput, { permission: 'schedule.write' }),
  'waitlist/close': channel<WaitlistEntryDto>()(closeWaitlistEntryInput, { permission: 'schedule.write' }),
  /** Books the entry's patient through the booking guard and closes the entry, both or neither. */
  'waitlist/book': channel<{ appointment: AppointmentDto; entry: WaitlistEntryDto }>()(bookFromWaitlistInput, { permission: 'schedule.write' }),
  /** Every visit of a series checked: free ones, taken ones with the nearest free times. Writes nothing. */
  'series/check': channel<SeriesCheckDto>()(checkSeriesInput, { permission: 'schedule.read' }),
  /** Books the chosen visits of a series: all or none. */
  'series/book': channel<SeriesDto>()(bookSeriesInput, { permission: 'schedule.write' }),
  /** The series a visit belongs to, or null. */
  'series/get': channel<SeriesDto | null>()(seriesOfAppointmentInput, { permission: 'schedule.read' }),
  /** Cancels this visit, or this and the following ones of its series. */
  'series/cancel': channel<AppointmentDto[]>()(cancelSeriesInput, { permission: 'schedule.write' }),
  /** Moves this visit, or this and the following ones by the same step in local time. */
  'series/move': channel<AppointmentDto[]>()(moveSeriesInput, { permission: 'schedule.write' }),
  /** Where each visit of such a move would go, the ones that cannot with the nearest free times. Writes nothing. */
  'series/check-move': channel<SeriesMoveCheckDto>()(checkSeriesMoveInput, { permission: 'schedule.read' }),
  /** Undoes a change just made to several visits of one series, all of them or none. */
  'series/undo': channel<AppointmentDto[]>()(undoSeriesChangeInput, { permission: 'schedule.write' }),
};

export const listEvents = {
  /** Waitlist entries changed here or at another desk (ids only). */
  'waitlist/changed': event<WaitlistChanged>({ heldWhileLocked: true }),
  /** Time opened and waitlist entries fit it: where, when and how many (no patient data). */
  'waitlist/opening': event<WaitlistOpening>({ heldWhileLocked: true }),
};
