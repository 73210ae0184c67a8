import { HUB_TLS_MODES } from '@shared/schemas/sync';
import { Field } from '../../components/Field';
import { TLS_WORDS, type Tls } from './tls-words';

/**
 * The connection security of a hub address and, when the certificate is checked, the
 * clinic's CA certificate: the same choice for this desk's connection and for the
 * administrator's, offered with the checked mode first.
 */
export function TlsFields(props: {
  securityLabel: string;
  tls: Tls;
  onTls: (tls: Tls) => void;
  caLabel: string;
  caHint: string;
  ca: string;
  onCa: (ca: string) => void;
  caRows: number;
  errors: { tls?: string | undefined; ca?: string | undefined };
}) {
  return (
    <>
      <Field label={props.securityLabel} error={props.errors.tls}>
        <select value={props.tls} onChange={(e) => props.onTls(e.currentTarget.value as Tls)}>
          {[...HUB_TLS_MODES].reverse().map((m) => (
            <option key={m} value={m}>
              {TLS_WORDS[m]}
            </option>
          ))}
        </select>
      </Field>
      {props.tls === 'verify-full' && (
        <Field label={props.caLabel} error={props.errors.ca} hint={props.caHint}>
          <textarea value={props.ca} onChange={(e) => props.onCa(e.currentTarget.value)} rows={props.caRows} spellCheck={false} />
        </Field>
      )}
    </>
  );
}
