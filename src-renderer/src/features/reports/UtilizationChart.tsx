import { useId } from 'react';
import type { ReportRow } from '@shared/domain/exports';
import { percent } from './format';

/**
 * Utilization per provider as horizontal bars (plain CSS, no chart library):
 * solid dark bars on an outlined track with the value written beside each,
 * so it reads the same printed in black and white. The scale is 0–100 %,
 * stretched when someone was booked beyond their hours.
 */
export function UtilizationChart({ rows }: { rows: ReportRow[] }) {
  const id = useId();
  const max = Math.max(1, ...rows.map((r) => r.utilization ?? 0));
  return (
    <figure className="rp-chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>Utilization per provider (booked time ÷ opening hours)</figcaption>
      <ul className="rp-chart__bars">
        {rows.map((r) => (
          <li key={r.providerId} className="rp-chart__row">
            <span className="rp-chart__name">{r.providerName}</span>
            <span className="rp-chart__track" aria-hidden="true">
              {r.utilization !== null && <span className="rp-chart__bar" style={{ width: `${(r.utilization / max) * 100}%` }} />}
              {max > 1 && <span className="rp-chart__full" style={{ left: `${100 / max}%` }} />}
            </span>
            <span className="rp-chart__value">{r.utilization === null ? 'not open' : percent(r.utilization)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
