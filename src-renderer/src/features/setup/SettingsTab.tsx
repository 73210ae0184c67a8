import { useState } from 'react';
import type { ClinicSettings } from '@shared/domain/clinic';
import { GRID_INTERVALS_MIN, type UpdateChannel } from '@shared/schemas/clinic';
import { DATE_ORDERS, TIME_FORMATS, type DateOrder, type TimeFormat } from '@shared/time';
import { useClinicSetup } from '../../stores/clinic-setup';
import { useSection } from '../../stores/section';
import { formatOffset, parseOffsets, ReminderSettings } from '../reminders';
import { DeskLockSettings } from '../desk-lock';
import { Field } from '../../components/Field';
import { RecordForm, refuse, useRecordForm } from './record-form';
import { save } from './setup-store';

/**
 * Clinic-wide settings a manager changes: the clinic's name, when reminders go
 * out, how late a visit may still be entered, the calendar's default step and
 * the update server. Changes apply at once (main pushes `clinic/changed`).
 */
export function SettingsTab() {
  const settings = useClinicSetup((setup) => setup?.settings);
  // Kept here: saving reloads the settings, which starts the form afresh.
  const [saved, setSaved] = useState(false);
  if (!settings) return <p className="su-empty">Loading the settings…</p>;
  // Keyed by the stored values: a change saved elsewhere resets the form.
  return (
    <>
      <SettingsForm key={JSON.stringify(settings)} settings={settings} saved={saved} setSaved={setSaved} />
      <ReminderSettings />
      <DeskLockSettings />
      <section className="su-form su-form--wide" aria-labelledby="hub-pointer-title">
        <h3 id="hub-pointer-title">Clinic hub</h3>
        <p className="su-hint">
          Desks share one schedule through the clinic hub. Its connection (address, security, “Test connection”) is set per workstation in Sync,
          next to what it is sending and any visits it refused.
        </p>
        <div className="su-actions">
          <button type="button" className="button" onClick={() => useSection.getState().show('sync')}>
            Open Sync
          </button>
        </div>
      </section>
    </>
  );
}

interface Draft {
  clinicName: string;
  /** "24 h, 1 h" as typed; parsed on save. */
  reminderOffsetsMin: string;
  bookingGraceMin: string;
  waitAlertMin: string;
  defaultIntervalMin: string;
  timeFormat: TimeFormat;
  dateOrder: DateOrder;
  updateFeedUrl: string;
  updateChannel: UpdateChannel;
}

const TIME_FORMAT_LABEL: Record<TimeFormat, string> = { '12h': '12-hour (2:30 PM)', '24h': '24-hour (14:30)' };
const DATE_ORDER_LABEL: Record<DateOrder, string> = { MDY: 'Month first (Nov 9, 1980 · 11/9/1980)', DMY: 'Day first (9 Nov 1980 · 9/11/1980)' };

function SettingsForm({ settings, saved, setSaved }: { settings: ClinicSettings; saved: boolean; setSaved(saved: boolean): void }) {
  const initial: Draft = {
    clinicName: settings.clinicName,
    reminderOffsetsMin: settings.reminderOffsetsMin.map(formatOffset).join(', '),
    bookingGraceMin: String(settings.bookingGraceMin),
    waitAlertMin: String(settings.waitAlertMin),
    defaultIntervalMin: String(settings.defaultIntervalMin),
    timeFormat: settings.timeFormat,
    dateOrder: settings.dateOrder,
    updateFeedUrl: settings.updateFeedUrl ?? '',
    updateChannel: settings.updateChannel,
  };
  const form = useRecordForm({
    initial,
    onEdit: () => setSaved(false),
    send: async (draft: Draft) => {
      const offsets = parseOffsets(draft.reminderOffsetsMin);
      if (!offsets.ok) return refuse('reminderOffsetsMin', `“${offsets.bad}” is not a time before the visit. Write it like 24 h, 1 h or 30 min.`);
      if (!/^\d+$/.test(draft.bookingGraceMin.trim())) return refuse('bookingGraceMin', 'Enter whole minutes, e.g. 15 (0 for none).');
      if (!/^\d+$/.test(draft.waitAlertMin.trim())) return refuse('waitAlertMin', 'Enter whole minutes, e.g. 15.');
      return save('clinic/update-settings', {
        ...draft,
        reminderOffsetsMin: offsets.minutes,
        bookingGraceMin: Number(draft.bookingGraceMin),
        waitAlertMin: Number(draft.waitAlertMin),
        defaultIntervalMin: Number(draft.defaultIntervalMin),
        updateFeedUrl: draft.updateFeedUrl.trim() === '' ? null : draft.updateFeedUrl.trim(),
      });
    },
    onSaved: () => setSaved(true),
  });
  const { errors, text } = form;

  return (
    <RecordForm label="Clinic settings" submitLabel="Save settings" form={form} note={saved ? 'Saved.' : null} wide>
      <Field label="Clinic name" error={errors.clinicName} hint="Shown at the top of every desk and in reminders.">
        <input {...text('clinicName')} />
      </Field>
      <Field
        label="Reminders before each visit"
        error={errors.reminderOffsetsMin}
        hint="Comma-separated, e.g. 24 h, 1 h. Leave empty to send no reminders. Changes apply to visits booked from now on."
      >
        <input {...text('reminderOffsetsMin')} spellCheck={false} />
      </Field>
      <Field
        label="Late entry allowed (minutes)"
        error={errors.bookingGraceMin}
        hint="How long after its start a visit may still be booked, e.g. a walk-in entered late."
      >
        <input {...text('bookingGraceMin')} inputMode="numeric" />
      </Field>
      <Field
        label="Waiting room: highlight waits over (minutes)"
        error={errors.waitAlertMin}
        hint="Counted from the later of arrival and the visit's start, so an early arrival is not flagged."
      >
        <input {...text('waitAlertMin')} inputMode="numeric" />
      </Field>
      <Field label="Calendar step" error={errors.defaultIntervalMin} hint="How often bookable times start and the grid's rows.">
        <select {...text('defaultIntervalMin')}>
          {GRID_INTERVALS_MIN.map((n) => (
            <option key={n} value={n}>
              {n} minutes
            </option>
          ))}
        </select>
      </Field>
      <Field label="Times of day" error={errors.timeFormat} hint="How every screen of every desk shows times.">
        <select {...text('timeFormat')}>
          {TIME_FORMATS.map((f) => (
            <option key={f} value={f}>
              {TIME_FORMAT_LABEL[f]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Dates" error={errors.dateOrder} hint="How every screen and printed sheet writes dates, and how a birth date typed with slashes is read.">
        <select {...text('dateOrder')}>
          {DATE_ORDERS.map((o) => (
            <option key={o} value={o}>
              {DATE_ORDER_LABEL[o]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Update server" error={errors.updateFeedUrl} hint="The clinic's update feed (https://…). Leave empty for no automatic updates.">
        <input {...text('updateFeedUrl')} type="url" spellCheck={false} />
      </Field>
      <Field label="Update channel" error={errors.updateChannel} hint="Beta desks also take versions published for trial; use it on one or two desks first.">
        <select {...text('updateChannel')}>
          <option value="latest">Stable</option>
          <option value="beta">Beta</option>
        </select>
      </Field>
    </RecordForm>
  );
}
