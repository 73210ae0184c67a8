import { useEffect, useId } from 'react';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { useRecurring } from './recurring-flow';
import { TakenVisitChoice } from './TakenVisitChoice';

/**
 * The confirm step's "Repeat this visit": the rule, then every visit
 * checked — free ones ticked, a taken one with the nearest free times of the
 * same provider to choose from (or skip) — and one button that books them all.
 */
export function RecurringSection() {
  const { on, rule, status, check, chosen, errors, problem, toggle, setRule, choose, runCheck, book } = useRecurring();
  const tf = useTimeFormatter();
  const id = useId();
  useEffect(() => () => useRecurring.getState().reset(), []);
  const count = check ? check.occurrences.filter((o) => chosen[o.occurrence] != null).length : 0;
  return (
    <fieldset className="bk-repeat">
      <legend>
        <label>
          <input type="checkbox" checked={on} onChange={(e) => toggle(e.currentTarget.checked)} /> Repeat this visit
        </label>
      </legend>
      {on && (
        <>
          <div className="bk-repeat__rule">
            <label htmlFor={`${id}-every`}>Every</label>
            <input
              id={`${id}-every`}
              type="number"
              min={1}
              max={12}
              value={rule.interval}
              aria-invalid={errors.rule ? true : undefined}
              onChange={(e) => setRule({ interval: Number(e.currentTarget.value) })}
            />
            <select aria-label="Weeks or months" value={rule.frequency} onChange={(e) => setRule({ frequency: e.currentTarget.value as 'weekly' | 'monthly' })}>
              <option value="weekly">week(s)</option>
              <option value="monthly">month(s)</option>
            </select>
            {rule.frequency === 'monthly' && (
              <select aria-label="Which day of the month" value={rule.monthlyBy} onChange={(e) => setRule({ monthlyBy: e.currentTarget.value as 'weekday' | 'date' })}>
                <option value="weekday">on the same weekday (e.g. 2nd Tuesday)</option>
                <option value="date">on the same date</option>
              </select>
            )}
            <select aria-label="Ends" value={rule.endKind} onChange={(e) => setRule({ endKind: e.currentTarget.value as 'count' | 'until' })}>
              <option value="count">for</option>
              <option value="until">until</option>
            </select>
            {rule.endKind === 'count' ? (
              <>
                <input
                  type="number"
                  min={2}
                  max={104}
                  aria-label="Number of visits"
                  value={rule.count}
                  aria-invalid={errors.end ? true : undefined}
                  onChange={(e) => setRule({ count: Number(e.currentTarget.value) })}
                />
                <span>visits</span>
              </>
            ) : (
              <input type="date" aria-label="Last date" value={rule.until} aria-invalid={errors.end ? true : undefined} onChange={(e) => setRule({ until: e.currentTarget.value })} />
            )}
          </div>
          {(errors.rule || errors.end) && (
            <p className="su-field__error" role="alert">
              {errors.rule ?? errors.end}
            </p>
          )}
          {check && (
            <ol className="bk-repeat__list" aria-label="Visits of the series">
              {check.occurrences.map((o) => (
                <li key={o.occurrence} className={o.free ? 'bk-repeat__free' : 'bk-repeat__taken'}>
                  {o.free ? (
                    <label>
                      <input type="checkbox" checked={chosen[o.occurrence] != null} onChange={(e) => choose(o.occurrence, e.currentTarget.checked ? o.startAt : null)} />{' '}
                      {tf.longDay(check.zone, o.startAt)}, {tf.time(check.zone, o.startAt)}
                    </label>
                  ) : (
                    <TakenVisitChoice
                      label={`Visit ${o.occurrence} is taken`}
                      zone={check.zone}
                      wanted={o.startAt}
                      problem={o.problem?.message}
                      alternatives={o.alternatives}
                      chosen={chosen[o.occurrence] ?? null}
                      name={`${id}-alt-${o.occurrence}`}
                      skipLabel="Skip"
                      onChoose={(startAt) => choose(o.occurrence, startAt)}
                    />
                  )}
                </li>
              ))}
            </ol>
          )}
          {problem && (
            <p className="bk-problem" role="alert">
              {problem.message}
            </p>
          )}
          <div className="bk-actions">
            {check ? (
              <button type="button" className="button button--primary bk-actions__main" disabled={status !== 'idle' || count === 0} onClick={() => void book()}>
                {status === 'saving' ? 'Booking…' : `Book ${count} visits`}
              </button>
            ) : (
              <button type="button" className="button button--primary bk-actions__main" disabled={status !== 'idle'} onClick={() => void runCheck()}>
                {status === 'checking' ? 'Checking…' : 'Check the visits'}
              </button>
            )}
          </div>
        </>
      )}
    </fieldset>
  );
}
