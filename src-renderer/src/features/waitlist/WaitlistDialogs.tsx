import { useEffect } from 'react';
import { addDays, localDateIn } from '@shared/time';
import { registerBookingActions, type AddToWaitlistArgs } from '../../stores/booking-bridge';
import { currentSetup } from '../../stores/clinic-setup';
import { todayInClinic } from '../../stores/day';
import { AddToWaitlistDialog } from './AddToWaitlistDialog';
import { useAddToWaitlist, type EntryDraft } from './waitlist-store';

/**
 * The waitlist's entry form wherever the desk is: the Waitlist view, the
 * patient panel ("Add to waitlist") and a visit the patient would rather have
 * earlier (its panel and card menu) open it through the booking bridge.
 */
export function WaitlistDialogs() {
  const draft = useAddToWaitlist((s) => s.draft);
  useEffect(() => registerBookingActions({ addToWaitlist: (args) => useAddToWaitlist.getState().open(draftFor(args)) }), []);
  return draft ? <AddToWaitlistDialog draft={draft} /> : null;
}

/** A blank entry, or one for the patient; from a visit: its type, provider and location, and times up to the day before it. */
export function draftFor(args: AddToWaitlistArgs | null): EntryDraft {
  const setup = currentSetup();
  const visit = args?.earlierThan;
  const zone = visit ? setup?.locations.find((l) => l.id === visit.locationId)?.zone : undefined;
  const dayBefore = visit && zone ? addDays(localDateIn(zone, visit.startAt), -1) : '';
  return {
    patient: args?.patient ?? null,
    typeId: visit?.typeId ?? setup?.appointmentTypes.find((t) => t.active)?.id ?? '',
    providerIds: visit ? [visit.providerId] : [],
    locationId: visit?.locationId ?? '',
    weekdays: [],
    partsOfDay: [],
    earliestDate: '',
    // A visit today or tomorrow leaves no earlier day to ask for: any date, the desk narrows it.
    latestDate: dayBefore && dayBefore >= todayInClinic() ? dayBefore : '',
    note: '',
  };
}
