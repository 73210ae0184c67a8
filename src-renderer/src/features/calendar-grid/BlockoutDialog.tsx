import { useId } from 'react';
import { Dialog } from '../../components/Dialog';
import { useBlockoutDraw } from './blockout-draw';
import { useTimeFormatter } from '../../stores/clinic-setup';

const REASONS = ['Meeting', 'Lunch', 'Surgery', 'Training', 'Admin time'];

const toTime = (min: number): string => `${String(Math.floor(min / 60) % 24).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
const fromTime = (s: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

/** Block time (new, drawn on the grid) or change / remove a blockout. */
export function BlockoutDialog() {
  const tf = useTimeFormatter();
  const id = useId();
  const draft = useBlockoutDraw((s) => s.draft);
  const error = useBlockoutDraw((s) => s.error);
  const saving = useBlockoutDraw((s) => s.saving);
  if (!draft) return null;
  const s = useBlockoutDraw.getState();
  const endLabel = draft.endMin === 1440 ? '24:00' : toTime(draft.endMin);
  return (
    <Dialog
      title={draft.id ? 'Change blocked time' : 'Block time'}
      description={`${draft.targetLabel}, ${tf.longDate(draft.date)}`}
      onClose={() => s.close()}
    >
      <form
        className="cg-blockout-form"
        onSubmit={(e) => {
          e.preventDefault();
          void s.save();
        }}
        noValidate
      >
        {error && (
          <p className="cg-blockout-form__problem" role="alert">
            {error.message}
          </p>
        )}
        <div className="cg-blockout-form__row">
          <label htmlFor={`${id}-from`}>
            From
            <input id={`${id}-from`} type="time" step={300} value={toTime(draft.startMin)} onChange={(e) => s.change({ startMin: fromTime(e.currentTarget.value) })} data-autofocus />
          </label>
          <label htmlFor={`${id}-to`}>
            Until
            <input id={`${id}-to`} type="time" step={300} value={endLabel} onChange={(e) => s.change({ endMin: fromTime(e.currentTarget.value) || 1440 })} />
          </label>
        </div>
        <label htmlFor={`${id}-reason`}>
          Reason (stays on this workstation)
          <input id={`${id}-reason`} list={`${id}-reasons`} value={draft.reason} onChange={(e) => s.change({ reason: e.currentTarget.value })} maxLength={500} />
        </label>
        <datalist id={`${id}-reasons`}>
          {REASONS.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        {!draft.id && (
          <label htmlFor={`${id}-repeat`}>
            Repeat every week until (optional)
            <input id={`${id}-repeat`} type="date" min={draft.date} value={draft.repeatUntil} onChange={(e) => s.change({ repeatUntil: e.currentTarget.value })} />
          </label>
        )}
        <div className="cg-blockout-form__actions">
          {draft.id && (
            <button type="button" className="button" onClick={() => void s.remove()} disabled={saving}>
              Remove
            </button>
          )}
          <button type="button" className="button" onClick={() => s.close()}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={saving}>
            {draft.id ? 'Save' : 'Block time'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
