import { isAppError } from '@shared/domain/errors';
import * as series from '../../core/series';
import * as waitlist from '../../core/waitlist';
import type { AppHandlers } from './context';

/**
 * The waitlist and recurring visits. Bookings wait for the clinic hub like
 * any booking (src-main/sync/engine.ts confirmUpstream): a visit another desk
 * took a moment earlier is removed here and the desk hears SLOT_TAKEN; an
 * entry booked with it opens again.
 */
export const waitlistHandlers: AppHandlers<'waitlist'> = {
  'waitlist/list': (input, { services }) => waitlist.listWaitlist(services.core(), input),
  'waitlist/fits': (input, { services }) => waitlist.waitlistFits(services.core(), input),
  'waitlist/create': (input, { services }) => waitlist.createWaitlistEntry(services.core(), input),
  'waitlist/update': (input, { services }) => waitlist.updateWaitlistEntry(services.core(), input),
  'waitlist/close': (input, { services }) => waitlist.closeWaitlistEntry(services.core(), input),
  'waitlist/book': async (input, { services }) => {
    const done = waitlist.bookFromWaitlist(services.core(), input);
    try {
      await services.sync.confirmUpstream([done.appointment.id]);
    } catch (e) {
      if (isAppError(e)) waitlist.reopenAfterRefusal(services.core(), done.entry.id, done.appointment.id);
      throw e;
    }
    return done;
  },
};

export const seriesHandlers: AppHandlers<'series'> = {
  'series/check': (input, { services }) => series.checkSeries(services.core(), input),
  'series/book': async (input, { services }) => {
    const booked = series.bookSeries(services.core(), input);
    await services.sync.confirmUpstream(booked.occurrences.map((o) => o.appointmentId));
    return booked;
  },
  'series/get': (input, { services }) => series.seriesOfAppointment(services.core().db, input),
  'series/cancel': async (input, { services }) => {
    const changed = series.cancelSeries(services.core(), input);
    await services.sync.confirmUpstream(changed.map((a) => a.id));
    return changed;
  },
  'series/move': async (input, { services }) => {
    const changed = series.moveSeries(services.core(), input);
    await services.sync.confirmUpstream(changed.map((a) => a.id));
    return changed;
  },
  'series/check-move': (input, { services }) => series.checkSeriesMove(services.core(), input),
  'series/undo': async (input, { services }) => {
    const changed = series.undoSeriesChange(services.core(), input);
    await services.sync.confirmUpstream(changed.map((a) => a.id));
    return changed;
  },
};
