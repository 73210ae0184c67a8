import { useId, type FormEvent } from 'react';
import type { SlotOffer } from '@shared/domain/availability';
import { PARTS_OF_DAY, type PartOfDay } from '@shared/schemas/slots';
import { Dialog } from '../../components/Dialog';
import { locationById, providerById, roomById, typeById, useClinicSetup } from '../../stores/clinic-setup';
import { RecurringSection } from './RecurringSection';
import { useRecurring } from './recurring-flow';
import { useBookingFlow, type BookingFlow } from './booking-flow';
import { ANY, TEAM, typesFor, zoneOf, type Criteria } from './booking-shared';
import { PatientStep } from './PatientStep';
import { ReasonList } from './ReasonList';
import { SlotList } from './SlotList';
import { useTimeFormatter } from '../../stores/clinic-setup';

const PART_LABELS: Record<PartOfDay, string> = { any: 'Any time', morning: 'Mornings (before noon)', afternoon: 'Afternoons (from noon)' };
const STEPS = [
  { step: 'find', label: 'Time' },
  { step: 'patient', label: 'Patient' },
  { step: 'confirm', label: 'Confirm' },
] as const;

/** New booking: time → patient → confirm. */
export function BookingDialog({ flow }: { flow: BookingFlow }) {
  const close = useBookingFlow((s) => s.close);
  const title = flow.cell ? 'Book this time' : 'Find the next available time';
  return (
    <Dialog title={title} onClose={close} booking size="wide" focusKey={`${flow.step}${flow.cell ? '-cell' : ''}`} description={<StepIndicator current={flow.step} />}>
      {flow.problem && (
        <div className="bk-booking-problem" role="alert" data-code={flow.problem.code}>
          {flow.problem.message}
        </div>
      )}
      {flow.step === 'find' && (flow.cell ? <CellStep flow={flow} /> : <FindStep flow={flow} />)}
      {flow.step === 'patient' && <PatientStep flow={flow} />}
      {flow.step === 'confirm' && <ConfirmStep flow={flow} />}
    </Dialog>
  );
}

function StepIndicator({ current }: { current: BookingFlow['step'] }) {
  const index = STEPS.findIndex((s) => s.step === current);
  return (
    <span className="bk-steps">
      <span className="visually-hidden">{`Step ${index + 1} of 3: `}</span>
      {STEPS.map((s, i) => (
        <span key={s.step} className={`bk-steps__item${i === index ? ' bk-steps__item--current' : ''}${i < index ? ' bk-steps__item--done' : ''}`} aria-hidden={i !== index}>
          {i + 1}. {s.label}
        </span>
      ))}
    </span>
  );
}

/** Criteria for "find next available": type, provider or any, location, dates, part of day. */
function FindStep({ flow }: { flow: BookingFlow }) {
  const tf = useTimeFormatter();
  const setup = useClinicSetup((setup) => setup);
  const { setCriteria, findTimes, chooseSlot } = useBookingFlow.getState();
  const c = flow.criteria;
  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    void findTimes();
  };
  return (
    <>
      {flow.patient && (
        <p className="bk-booking-for">
          For <strong>{flow.patient.name}</strong> (born {tf.date(flow.patient.dateOfBirth)})
        </p>
      )}
      <CriteriaForm
        criteria={c}
        onChange={setCriteria}
        onSubmit={onSubmit}
        searching={flow.status === 'searching'}
        typeLocked={false}
        allowTeam
        locations={setup?.locations ?? []}
      />
      <SlotResults flow={flow} onChoose={chooseSlot} onMore={() => void findTimes(true)} />
    </>
  );
}

export function CriteriaForm(props: {
  criteria: Criteria;
  onChange(patch: Partial<Criteria>): void;
  onSubmit(e: FormEvent): void;
  searching: boolean;
  typeLocked: boolean;
  /** Offer "Care team": several providers with the patient at once (new bookings only). */
  allowTeam?: boolean;
  locations: Array<{ id: string; name: string }>;
}) {
  const { criteria: c, onChange, onSubmit, searching, typeLocked, allowTeam = false, locations } = props;
  const setup = useClinicSetup((setup) => setup);
  const id = useId();
  const providers = (setup?.providers ?? []).filter((p) => p.active && (!c.typeId || typeById(setup, c.typeId)?.providerIds.includes(p.id)));
  const types = typesFor(ANY);
  return (
    <form className="bk-criteria" onSubmit={onSubmit} aria-label="What to look for">
      <div className="bk-field">
        <label htmlFor={`${id}-type`}>Appointment type</label>
        <select id={`${id}-type`} value={c.typeId} disabled={typeLocked} onChange={(e) => onChange({ typeId: e.currentTarget.value })} data-autofocus>
          {types.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.durationMin} min)
            </option>
          ))}
        </select>
      </div>
      <div className="bk-field">
        <label htmlFor={`${id}-provider`}>Provider</label>
        <select id={`${id}-provider`} value={c.providerId} onChange={(e) => onChange({ providerId: e.currentTarget.value })}>
          <option value={ANY}>Any provider</option>
          {allowTeam && providers.length >= 2 && <option value={TEAM}>Care team (together)…</option>}
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {c.providerId === TEAM && (
        <fieldset className="bk-team">
          <legend>Care team: everyone sees the patient at the same time</legend>
          {providers.map((p) => (
            <label key={p.id} className="bk-team__member">
              <input
                type="checkbox"
                checked={c.teamIds.includes(p.id)}
                onChange={(e) =>
                  onChange({ teamIds: e.currentTarget.checked ? [...c.teamIds, p.id] : c.teamIds.filter((x) => x !== p.id) })
                }
              />
              {p.name}
            </label>
          ))}
          {c.teamIds.length < 2 && <p className="bk-team__hint">Choose at least two providers. The first one chosen leads the visit.</p>}
        </fieldset>
      )}
      <div className="bk-field">
        <label htmlFor={`${id}-location`}>Location</label>
        <select id={`${id}-location`} value={c.locationId} onChange={(e) => onChange({ locationId: e.currentTarget.value })}>
          <option value="">Any location</option>
          {locations.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      <div className="bk-field bk-field--date">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={c.fromDate} required onChange={(e) => onChange({ fromDate: e.currentTarget.value })} />
      </div>
      <div className="bk-field bk-field--date">
        <label htmlFor={`${id}-to`}>Until</label>
        <input id={`${id}-to`} type="date" value={c.toDate} min={c.fromDate} required onChange={(e) => onChange({ toDate: e.currentTarget.value })} />
      </div>
      <div className="bk-criteria__last">
        <div className="bk-field bk-field--parts">
          <label htmlFor={`${id}-part`}>Time of day</label>
          <select id={`${id}-part`} value={c.partOfDay} onChange={(e) => onChange({ partOfDay: e.currentTarget.value as PartOfDay })}>
            {PARTS_OF_DAY.map((p) => (
              <option key={p} value={p}>
                {PART_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
        <div className="bk-criteria__submit">
          <button type="submit" className="button button--primary" disabled={searching || !c.typeId || (c.providerId === TEAM && c.teamIds.length < 2)}>
            {searching ? 'Searching…' : 'Find times'}
          </button>
        </div>
      </div>
    </form>
  );
}

const FIND_EMPTY = 'Nothing is free for this search. Try a longer date range, another provider or any time of day.';

function SlotResults({
  flow,
  onChoose,
  onMore,
  emptyText = FIND_EMPTY,
}: {
  flow: BookingFlow;
  onChoose(slot: SlotOffer): void;
  onMore(): void;
  /** Advice for an empty list: only controls that are on screen in this step. */
  emptyText?: string;
}) {
  if (flow.slots === null) return null;
  const canMore = flow.slots.length >= flow.count && flow.count < 50;
  return (
    <div className="bk-results" aria-busy={flow.status === 'searching'}>
      <h3 className="bk-results__title" id="booking-results-title">
        {flow.slots.length === 0 ? 'No free times' : 'Free times'}
      </h3>
      <SlotList
        slots={flow.slots}
        onChoose={onChoose}
        label="Free times"
        emptyText={emptyText}
      />
      {canMore && (
        <button type="button" className="button bk-results__more" onClick={onMore} disabled={flow.status === 'searching'}>
          Show more times
        </button>
      )}
    </div>
  );
}

/** Started from an empty grid cell: provider and time are given; choose the type, then the time is checked. */
function CellStep({ flow }: { flow: BookingFlow }) {
  const tf = useTimeFormatter();
  const setup = useClinicSetup((setup) => setup);
  const { setCriteria, checkCellTime, chooseSlot, findTimes } = useBookingFlow.getState();
  const cell = flow.cell!;
  const zone = zoneOf(cell.locationId ?? flow.criteria.locationId);
  const provider = providerById(setup, cell.providerId);
  const id = useId();
  const check = flow.cellCheck;
  return (
    <>
      <dl className="bk-summary">
        <dt>Provider</dt>
        <dd>{provider?.name ?? 'Provider'}</dd>
        <dt>Time</dt>
        <dd>{tf.when(zone, cell.start)}</dd>
        {flow.patient && (
          <>
            <dt>Patient</dt>
            <dd>{flow.patient.name}</dd>
          </>
        )}
      </dl>
      <form
        className="bk-criteria bk-criteria--inline"
        onSubmit={(e) => {
          e.preventDefault();
          void checkCellTime();
        }}
      >
        <div className="bk-field">
          <label htmlFor={`${id}-type`}>Appointment type</label>
          <CellTypeSelect id={`${id}-type`} flow={flow} onChange={(typeId) => setCriteria({ typeId })} />
        </div>
        <div className="bk-criteria__submit">
          <button type="submit" className="button button--primary" disabled={flow.status === 'searching' || !flow.criteria.typeId}>
            {flow.status === 'searching' ? 'Checking…' : 'Continue'}
          </button>
        </div>
      </form>
      {check && !check.bookable && (
        <div className="bk-why-not" role="alert">
          <p className="bk-why-not__title">
            {tf.timeAt(check.zone, check.start)} is not available for this visit:
          </p>
          <ReasonList explanation={check} />
        </div>
      )}
      {check && !check.bookable && (
        <>
          <SlotResults
            flow={flow}
            onChoose={chooseSlot}
            onMore={() => void findTimes(true)}
            emptyText={`${provider?.name ?? 'This provider'} has nothing free in the next two weeks. Search all providers and dates instead (below).`}
          />
          <p className="bk-booking-for">
            <button type="button" className="bk-link-button" onClick={() => useBookingFlow.getState().searchInstead()}>
              Search all providers and dates instead
            </button>
          </p>
        </>
      )}
    </>
  );
}

/**
 * The provider's types for a cell: those that fit at its time first (the proposed one, the
 * provider's most-booked that fits, is chosen), then the ones that do not, kept apart so the
 * receptionist sees which would be refused before choosing.
 */
function CellTypeSelect({ id, flow, onChange }: { id: string; flow: BookingFlow; onChange(typeId: string): void }) {
  const setup = useClinicSetup((setup) => setup);
  const checked = flow.cellTypes;
  if (checked === null) {
    return (
      <select id={id} value="" disabled data-autofocus>
        <option value="">Checking which types fit here…</option>
      </select>
    );
  }
  const option = (typeId: string) => {
    const t = typeById(setup, typeId);
    return (
      <option key={typeId} value={typeId}>
        {t ? `${t.name} (${t.durationMin} min)` : 'Appointment type'}
      </option>
    );
  };
  const fits = checked.filter((t) => t.fits);
  const others = checked.filter((t) => !t.fits);
  return (
    <select id={id} value={flow.criteria.typeId} onChange={(e) => onChange(e.currentTarget.value)} data-autofocus>
      {fits.length > 0 && <optgroup label="Fits at this time">{fits.map((t) => option(t.typeId))}</optgroup>}
      {others.length > 0 && <optgroup label="Does not fit at this time">{others.map((t) => option(t.typeId))}</optgroup>}
    </select>
  );
}

/** The summary, an optional note, and the one button that books. */
function ConfirmStep({ flow }: { flow: BookingFlow }) {
  const tf = useTimeFormatter();
  const setup = useClinicSetup((setup) => setup);
  const { confirmBooking, backTo, setNote } = useBookingFlow.getState();
  const repeating = useRecurring((s) => s.on);
  const slot = flow.chosen!;
  const zone = zoneOf(slot.locationId);
  const type = typeById(setup, flow.criteria.typeId);
  const id = useId();
  return (
    <form
      className="confirm"
      onSubmit={(e) => {
        e.preventDefault();
        if (!repeating) void confirmBooking();
      }}
    >
      <dl className="bk-summary bk-summary--large">
        <dt>Patient</dt>
        <dd>
          {flow.patient!.name} <span className="bk-muted">(born {tf.date(flow.patient!.dateOfBirth)})</span>
        </dd>
        <dt>When</dt>
        <dd>
          {tf.longDay(zone, slot.start)}, {tf.span(zone, slot.start, slot.end)}
        </dd>
        <dt>Visit</dt>
        <dd>{type ? `${type.name} (${type.durationMin} min)` : 'Visit'}</dd>
        <dt>With</dt>
        <dd>{slot.providerIds.map((p) => providerById(setup, p)?.name ?? 'Provider').join(' and ')}</dd>
        <dt>Where</dt>
        <dd>
          {locationById(setup, slot.locationId)?.name ?? 'Clinic'}
          {slot.roomId ? `, ${roomById(setup, slot.roomId)?.name ?? 'room'}` : type?.needsRoom ? ', room assigned when booked' : ''}
        </dd>
      </dl>
      <div className="bk-field">
        <label htmlFor={`${id}-note`}>Note for the clinic (optional)</label>
        <textarea id={`${id}-note`} rows={2} maxLength={2000} value={flow.note} onChange={(e) => setNote(e.currentTarget.value)} />
      </div>
      {slot.providerIds.length === 1 && <RecurringSection />}
      <div className="bk-actions">
        <button type="button" className="button" onClick={() => backTo('find')}>
          Change time
        </button>
        <button type="button" className="button" onClick={() => backTo('patient')}>
          Change patient
        </button>
        {!repeating && (
          <button type="submit" className="button button--primary bk-actions__main" disabled={flow.status === 'saving'} data-autofocus>
            {flow.status === 'saving' ? 'Booking…' : 'Book appointment'}
          </button>
        )}
      </div>
    </form>
  );
}
