import { useEffect, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { OpeningHoursRuleDto } from '@shared/domain/clinic';
import { useLiveQuery } from '../../api';
import { mainNow, useAppStatus } from '../../stores/app-status';
import { useClinicSetup, useTimeFormatter } from '../../stores/clinic-setup';
import { TimeOfDaySelect } from '../../components/TimeOfDaySelect';
import { Field, NONE, WEEKDAYS, fromTime, toTime } from '../../components/Field';
import { MiniCalendar } from './MiniCalendar';
import { RecordForm, useRecordForm } from './record-form';
import { RecordTable } from './RecordTable';
import { hoursOverrides, openingHours, save, useSetupHours } from './setup-store';
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
          <RecordTable
            records={rules}
            rowKey={(r) => r.id}
            columns={[
              { header: 'Day', cell: (r) => WEEKDAYS[r.weekday - 1] },
              { header: 'Hours', cell: (r) => span(r.startMin, r.endMin) },
              { header: 'From', cell: (r) => tf.date(r.effectiveFrom) },
              { header: 'Until', cell: (r) => (r.effectiveUntil ? tf.date(r.effectiveUntil) : 'open-ended') },
            ]}
            actionsClassName="su-row-actions"
            actions={(r) => (
              <>
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
              </>
            )}
            current={editing?.id ?? null}
            empty="No weekly hours here yet."
          />
          <h3 id="su-hours-dates">Dates that differ</h3>
          <RecordTable
            labelledBy="su-hours-dates"
            records={overrides}
            rowKey={(o) => o.date}
            columns={[
              { header: 'Date', cell: (o) => tf.date(o.date) },
              { header: 'Hours', cell: (o) => (o.intervals.length === 0 ? 'Closed' : o.intervals.map((i) => span(i.startMin, i.endMin)).join(', ')) },
            ]}
            actions={(o) => (
              <button type="button" className="bk-link-button su-link" onClick={() => void removeOverride(o.date)} aria-label={`Remove the change on ${tf.date(o.date)}`}>
                Remove
              </button>
            )}
            empty="None."
          />
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
  const form = useRecordForm({
    initial: () => ({
      weekday: rule?.weekday ?? 1,
      start: rule ? toTime(rule.startMin) : '09:00',
      end: rule ? toTime(rule.endMin) : '17:00',
      // Today at the clinic, by main's clock (tests pin it).
      from: rule?.effectiveFrom ?? localDateIn(useAppStatus.getState().status?.clinic?.zone ?? 'UTC', mainNow()),
      until: rule?.effectiveUntil ?? '',
    }),
    send: ({ weekday, start, end, from, until }) => {
      const fields = { weekday, startMin: fromTime(start), endMin: fromTime(end), effectiveFrom: from, effectiveUntil: until === '' ? null : until };
      return rule ? save('clinic/update-opening-hours', { id: rule.id, ...fields }) : save('clinic/add-opening-hours', { providerId, locationId, ...fields });
    },
    onSaved: async () => {
      await useSetupHours.getState().refresh();
      onDone();
    },
  });
  const { errors, set } = form;
  return (
    <RecordForm label={rule ? 'Change weekly hours' : 'Add weekly hours'} submitLabel={rule ? 'Save hours' : 'Add hours'} form={form} onCancel={rule ? onDone : undefined}>
      <Field label="Day" error={errors.weekday}>
        <select value={form.draft.weekday} onChange={(e) => set('weekday', Number(e.currentTarget.value))}>
          {WEEKDAYS.map((d, i) => (
            <option key={d} value={i + 1}>
              {d}
            </option>
          ))}
        </select>
      </Field>
      <div className="su-row">
        <Field label="Opens" error={errors.startMin}>
          <TimeOfDaySelect value={form.draft.start} onChange={(v) => set('start', v)} />
        </Field>
        <Field label="Closes" error={errors.endMin}>
          <TimeOfDaySelect value={form.draft.end} onChange={(v) => set('end', v)} endOfDay />
        </Field>
      </div>
      <div className="su-row">
        <Field label="From" error={errors.effectiveFrom}>
          <input type="date" {...form.text('from')} />
        </Field>
        <Field label="Until (optional)" error={errors.effectiveUntil}>
          <input type="date" {...form.text('until')} />
        </Field>
      </div>
      <p className="su-hint">For a lunch break, add the morning and the afternoon as two rows.</p>
    </RecordForm>
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
  const form = useRecordForm({
    initial: { closed: true, start: '09:00', end: '13:00' },
    send: ({ closed, start, end }) =>
      save('clinic/set-hours-override', { providerId, locationId, date, intervals: closed ? [] : [{ startMin: fromTime(start), endMin: fromTime(end) }] }),
    onSaved: () => useSetupHours.getState().refresh(),
  });
  const { errors, set } = form;
  return (
    <RecordForm label="Change one date" submitLabel="Save this date" form={form} lead={children}>
      <Field label="Date" error={errors.date}>
        <input type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
      </Field>
      <fieldset className="su-field">
        <legend>That day</legend>
        <label className="su-radio">
          <input type="radio" name={`ov-${providerId}`} checked={form.draft.closed} onChange={() => set('closed', true)} />
          Closed
        </label>
        <label className="su-radio">
          <input type="radio" name={`ov-${providerId}`} checked={!form.draft.closed} onChange={() => set('closed', false)} />
          Special hours
        </label>
      </fieldset>
      {!form.draft.closed && (
        <div className="su-row">
          <Field label="Opens that day" error={errors.startMin}>
            <TimeOfDaySelect value={form.draft.start} onChange={(v) => set('start', v)} />
          </Field>
          <Field label="Closes that day" error={errors.endMin}>
            <TimeOfDaySelect value={form.draft.end} onChange={(v) => set('end', v)} endOfDay />
          </Field>
        </div>
      )}
    </RecordForm>
  );
}
