import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { OpeningHoursRuleDto } from '@shared/domain/clinic';
import { useLiveQuery } from '../../api';
import { mainNow, useAppStatus } from '../../stores/app-status';
import { useClinicSetup, useTimeFormatter } from '../../stores/clinic-setup';
import { TimeOfDaySelect } from '../../components/TimeOfDaySelect';
import { Field, NONE, WEEKDAYS, fromTime, toTime } from '../../components/Field';
import { MiniCalendar } from './MiniCalendar';
import { hoursOverrides, openingHours, save, useSetupHours, type FieldErrors } from './setup-store';
import { localDateIn } from '@shared/time';

/**
 * Weekly opening hours of one provider at one location, with effective dates
 * (several rows on a weekday make breaks), and date overrides: a closed day or
 * special hours replacing the week's on that date.
 */
export function HoursTab() {
  const tf = useTimeFormatter();
  const span = (startMin: number, endMin: number): string => `${tf.wallTime(startMin)}–${endMin === 1440 && tf.format === '24h' ? '24:00' : tf.wallTime(endMin)}`;
  const setup = useClinicSetup((setup) => setup);
  const { providerId, locationId } = useSetupHours(useShallow((s) => ({ providerId: s.providerId, locationId: s.locationId })));
  const rules = useLiveQuery(openingHours, (s) => s.data ?? NONE);
  const overrides = useLiveQuery(hoursOverrides, (s) => s.data ?? NONE);
  useEffect(() => {
    const stops = [openingHours.follow(), hoursOverrides.follow()];
    return () => stops.forEach((stop) => stop());
  }, []);
  const providers = setup?.providers ?? NONE;
  const locations = setup?.locations ?? NONE;
  const [picked, setPicked] = useState('');
  const [editing, setEditing] = useState<OpeningHoursRuleDto | null>(null);
  const today = localDateIn(useAppStatus.getState().status?.clinic?.zone ?? 'UTC', mainNow());

  useEffect(() => {
    if (providerId === null && providers[0] && locations[0]) void useSetupHours.getState().select(providers[0].id, locations[0].id);
  }, [providerId, providers, locations]);

  if (providers.length === 0 || locations.length === 0) {
    return <p className="su-note">Add a location and a provider first; their opening hours are set here.</p>;
  }
  const select = (p: string | null, l: string | null) => {
    setEditing(null);
    void useSetupHours.getState().select(p, l);
  };
  const remove = async (id: string) => {
    await save('clinic/remove-opening-hours', { id });
    await useSetupHours.getState().refresh();
  };
  const removeOverride = async (date: string) => {
    if (!providerId || !locationId) return;
    await save('clinic/remove-hours-override', { providerId, locationId, date });
    await useSetupHours.getState().refresh();
  };
  return (
    <div>
      <h2 className="su-title">Opening hours</h2>
      <div className="su-row su-row--narrow">
        <Field label="Provider">
          <select value={providerId ?? ''} onChange={(e) => select(e.currentTarget.value, locationId)}>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Location">
          <select value={locationId ?? ''} onChange={(e) => select(providerId, e.currentTarget.value)}>
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({l.zone})
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="su-split">
        <section aria-labelledby="su-hours-week">
          <h3 id="su-hours-week">Every week</h3>
          <table className="su-table su-list">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Hours</th>
                <th scope="col">From</th>
                <th scope="col">Until</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id}>
                  <td>{WEEKDAYS[r.weekday - 1]}</td>
                  <td>
                    {span(r.startMin, r.endMin)}
                  </td>
                  <td>{tf.date(r.effectiveFrom)}</td>
                  <td>{r.effectiveUntil ? tf.date(r.effectiveUntil) : 'open-ended'}</td>
                  <td className="su-row-actions">
                    <button
                      type="button"
                      className="bk-link-button su-link"
                      onClick={() => setEditing(r)}
                      aria-label={`Change ${WEEKDAYS[r.weekday - 1]} ${span(r.startMin, r.endMin)}`}
                    >
                      Change
                    </button>
                    <button
                      type="button"
                      className="bk-link-button su-link"
                      onClick={() => void remove(r.id)}
                      aria-label={`Remove ${WEEKDAYS[r.weekday - 1]} ${span(r.startMin, r.endMin)}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
              {rules.length === 0 && (
                <tr>
                  <td colSpan={5}>No weekly hours here yet.</td>
                </tr>
              )}
            </tbody>
          </table>
          <h3 id="su-hours-dates">Dates that differ</h3>
          <table className="su-table su-list" aria-labelledby="su-hours-dates">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Hours</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {overrides.map((o) => (
                <tr key={o.date}>
                  <td>{tf.date(o.date)}</td>
                  <td>{o.intervals.length === 0 ? 'Closed' : o.intervals.map((i) => span(i.startMin, i.endMin)).join(', ')}</td>
                  <td>
                    <button type="button" className="bk-link-button su-link" onClick={() => void removeOverride(o.date)} aria-label={`Remove the change on ${tf.date(o.date)}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
              {overrides.length === 0 && (
                <tr>
                  <td colSpan={3}>None.</td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
        <div>
          {providerId && locationId && (
            <WeeklyForm
              key={`${providerId}-${locationId}-${editing?.id ?? 'new'}`}
              providerId={providerId}
              locationId={locationId}
              rule={editing}
              onDone={() => setEditing(null)}
            />
          )}
          {providerId && locationId && (
            <OverrideForm key={`o-${providerId}-${locationId}`} providerId={providerId} locationId={locationId} date={picked} onDate={setPicked}>
              <MiniCalendar rules={rules} overrides={overrides} picked={picked} today={today} onPick={setPicked} />
            </OverrideForm>
          )}
        </div>
      </div>
    </div>
  );
}

function WeeklyForm({
  providerId,
  locationId,
  rule,
  onDone,
}: {
  providerId: string;
  locationId: string;
  /** A row being changed (e.g. ended on a date); null = add a new one. */
  rule: OpeningHoursRuleDto | null;
  onDone(): void;
}) {
  const [weekday, setWeekday] = useState(rule?.weekday ?? 1);
  const [start, setStart] = useState(rule ? toTime(rule.startMin) : '09:00');
  const [end, setEnd] = useState(rule ? toTime(rule.endMin) : '17:00');
  // Today at the clinic, by main's clock (tests pin it).
  const [from, setFrom] = useState(() => rule?.effectiveFrom ?? localDateIn(useAppStatus.getState().status?.clinic?.zone ?? 'UTC', mainNow()));
  const [until, setUntil] = useState(rule?.effectiveUntil ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const fields = { weekday, startMin: fromTime(start), endMin: fromTime(end), effectiveFrom: from, effectiveUntil: until === '' ? null : until };
    const r = rule
      ? await save('clinic/update-opening-hours', { id: rule.id, ...fields })
      : await save('clinic/add-opening-hours', { providerId, locationId, ...fields });
    if (!r.ok) {
      setErrors(r.fields);
      setMessage(Object.keys(r.fields).length === 0 ? r.error.message : null);
      return;
    }
    setErrors({});
    setMessage(null);
    await useSetupHours.getState().refresh();
    onDone();
  };
  return (
    <form className="su-form" onSubmit={(e) => void onSubmit(e)} aria-label={rule ? 'Change weekly hours' : 'Add weekly hours'} noValidate>
      <h3>{rule ? 'Change weekly hours' : 'Add weekly hours'}</h3>
      {message && (
        <p className="su-problem" role="alert">
          {message}
        </p>
      )}
      <Field label="Day" error={errors.weekday}>
        <select value={weekday} onChange={(e) => setWeekday(Number(e.currentTarget.value))}>
          {WEEKDAYS.map((d, i) => (
            <option key={d} value={i + 1}>
              {d}
            </option>
          ))}
        </select>
      </Field>
      <div className="su-row">
        <Field label="Opens" error={errors.startMin}>
          <TimeOfDaySelect value={start} onChange={setStart} />
        </Field>
        <Field label="Closes" error={errors.endMin}>
          <TimeOfDaySelect value={end} onChange={setEnd} endOfDay />
        </Field>
      </div>
      <div className="su-row">
        <Field label="From" error={errors.effectiveFrom}>
          <input type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </Field>
        <Field label="Until (optional)" error={errors.effectiveUntil}>
          <input type="date" value={until} onChange={(e) => setUntil(e.currentTarget.value)} />
        </Field>
      </div>
      <p className="su-hint">For a lunch break, add the morning and the afternoon as two rows.</p>
      <div className="su-actions">
        {rule && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary">
          {rule ? 'Save hours' : 'Add hours'}
        </button>
      </div>
    </form>
  );
}

function OverrideForm({
  providerId,
  locationId,
  date,
  onDate: setDate,
  children,
}: {
  providerId: string;
  locationId: string;
  date: string;
  onDate(date: string): void;
  children: ReactNode;
}) {
  const [closed, setClosed] = useState(true);
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('13:00');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await save('clinic/set-hours-override', {
      providerId,
      locationId,
      date,
      intervals: closed ? [] : [{ startMin: fromTime(start), endMin: fromTime(end) }],
    });
    if (!r.ok) {
      const fields = { ...r.fields };
      if (fields.intervals) fields.endMin = fields.intervals;
      setErrors(fields);
      setMessage(Object.keys(fields).length === 0 ? r.error.message : null);
      return;
    }
    setErrors({});
    setMessage(null);
    await useSetupHours.getState().refresh();
  };
  return (
    <form className="su-form" onSubmit={(e) => void onSubmit(e)} aria-label="Change one date" noValidate>
      <h3>Change one date</h3>
      {children}
      {message && (
        <p className="su-problem" role="alert">
          {message}
        </p>
      )}
      <Field label="Date" error={errors.date}>
        <input type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
      </Field>
      <fieldset className="su-field">
        <legend>That day</legend>
        <label className="su-radio">
          <input type="radio" name={`ov-${providerId}`} checked={closed} onChange={() => setClosed(true)} />
          Closed
        </label>
        <label className="su-radio">
          <input type="radio" name={`ov-${providerId}`} checked={!closed} onChange={() => setClosed(false)} />
          Special hours
        </label>
      </fieldset>
      {!closed && (
        <div className="su-row">
          <Field label="Opens that day" error={errors.startMin}>
            <TimeOfDaySelect value={start} onChange={setStart} />
          </Field>
          <Field label="Closes that day" error={errors.endMin}>
            <TimeOfDaySelect value={end} onChange={setEnd} endOfDay />
          </Field>
        </div>
      )}
      <div className="su-actions">
        <button type="submit" className="button button--primary">
          Save this date
        </button>
      </div>
    </form>
  );
}
