import { useId } from 'react';
import type { DateColumnTally } from '@shared/domain/import';
import { IMPORT_DATE_FORMATS, type ImportColumnField, type ImportDateFormat, type ImportMappingInput } from '@shared/schemas/import';
import { usePatientImport } from './import-store';
import { COLUMN_CHOICES, RECORD_GROUPS, REQUIRED_COLUMNS } from './mapping-fields';

const n = (x: number): string => x.toLocaleString('en-US');

/** Which file column holds each patient field; a guess from the header, for the manager to confirm or correct. */
export function MappingForm({ disabled }: { disabled: boolean }) {
  const id = useId();
  const preview = usePatientImport((s) => s.preview);
  const mapping = usePatientImport((s) => s.mapping);
  const errors = usePatientImport((s) => s.fieldErrors);
  if (!preview || !mapping) return null;
  const set = (patch: Partial<ImportMappingInput>) => usePatientImport.getState().setMapping(patch);
  const dates = preview.dateColumns.find((c) => c.column === mapping.dateOfBirth && c.values > 0);

  const columnSelect = (field: ImportColumnField) => {
    const value = mapping[field];
    const optional = !REQUIRED_COLUMNS.has(field);
    const error = errors[field];
    return (
      <div className="su-field" key={field}>
        <label htmlFor={`${id}-${field}`}>{COLUMN_CHOICES[field].label}</label>
        <select
          id={`${id}-${field}`}
          value={value === null || value === undefined ? '' : String(value)}
          disabled={disabled}
          onChange={(e) => set({ [field]: e.target.value === '' ? null : Number(e.target.value) })}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-${field}-error` : undefined}
        >
          <option value="">{optional ? '— not in this file —' : '— choose a column —'}</option>
          {preview.headers.map((h, i) => (
            <option key={i} value={i}>
              {h || `Column ${i + 1}`}
            </option>
          ))}
        </select>
        {error && (
          <span id={`${id}-${field}-error`} className="su-field__error">
            {error}
          </span>
        )}
      </div>
    );
  };

  const guardianParts = mapping.guardianGivenName != null || mapping.guardianFamilyName != null;
  return (
    <form className="pi-mapping" aria-label="Columns" onSubmit={(e) => e.preventDefault()} noValidate>
      <fieldset className="su-field pi-mapping__names" disabled={disabled}>
        <legend>Names are in</legend>
        <label className="su-radio">
          <input type="radio" name={`${id}-mode`} checked={mapping.nameMode === 'parts'} onChange={() => set({ nameMode: 'parts' })} />
          Separate given-name and family-name columns
        </label>
        <label className="su-radio">
          <input type="radio" name={`${id}-mode`} checked={mapping.nameMode === 'full'} onChange={() => set({ nameMode: 'full' })} />
          One column with the whole name
        </label>
      </fieldset>
      <div className="pi-mapping__grid">
        {mapping.nameMode === 'parts' ? (
          <>
            {columnSelect('givenName')}
            {columnSelect('familyName')}
          </>
        ) : (
          <>
            {columnSelect('fullName')}
            <div className="su-field">
              <label htmlFor={`${id}-order`}>Written as</label>
              <select
                id={`${id}-order`}
                value={mapping.fullNameOrder ?? 'given-family'}
                disabled={disabled}
                onChange={(e) => set({ fullNameOrder: e.target.value as 'given-family' | 'family-given' })}
              >
                <option value="given-family">Given Family (Ann Archer)</option>
                <option value="family-given">Family Given (Archer Ann)</option>
              </select>
              <span className="su-hint">“Archer, Ann” is always read as family, given.</span>
            </div>
          </>
        )}
        {columnSelect('dateOfBirth')}
        <div className="su-field">
          <label htmlFor={`${id}-format`}>Dates are written as</label>
          <select
            id={`${id}-format`}
            value={mapping.dateFormat}
            disabled={disabled}
            onChange={(e) => set({ dateFormat: e.target.value as ImportMappingInput['dateFormat'] })}
            aria-describedby={dates ? `${id}-format-hint` : undefined}
          >
            {IMPORT_DATE_FORMATS.map((f) => (
              <option key={f} value={f}>
                {dates ? `${f} — ${n(dates.readable[f])} of ${n(dates.values)} rows` : f}
              </option>
            ))}
          </select>
          {dates && <DateFormatHint id={`${id}-format-hint`} dates={dates} chosen={mapping.dateFormat} />}
        </div>
        {columnSelect('phone')}
        {columnSelect('email')}
        {columnSelect('smsOptOut')}
        {columnSelect('emailOptOut')}
      </div>
      {RECORD_GROUPS.map((g) => (
        <fieldset key={g.legend} className="pi-mapping__group" disabled={disabled} aria-describedby={`${id}-${g.legend}-hint`}>
          <legend>{g.legend} (optional)</legend>
          <p id={`${id}-${g.legend}-hint`} className="su-hint">
            {g.hint}
          </p>
          <div className="pi-mapping__grid">{g.fields.map(columnSelect)}</div>
        </fieldset>
      ))}
      <fieldset className="pi-mapping__group" disabled={disabled} aria-describedby={`${id}-family-hint`}>
        <legend>Responsible person and household (optional)</legend>
        <p id={`${id}-family-hint`} className="su-hint">
          The responsible person is found by name and date of birth among registered patients and the rows of this file. One
          match links them; with none or several the row is imported without the link and listed. Rows sharing a household
          number become one family.
        </p>
        <div className="pi-mapping__grid">
          <div className="su-field">
            <label htmlFor={`${id}-gmode`}>Responsible person’s name is in</label>
            <select
              id={`${id}-gmode`}
              value={guardianParts ? 'parts' : 'full'}
              onChange={(e) =>
                set(
                  e.target.value === 'parts'
                    ? { guardianFullName: null, guardianGivenName: mapping.guardianFullName ?? null }
                    : { guardianGivenName: null, guardianFamilyName: null, guardianFullName: mapping.guardianGivenName ?? null },
                )
              }
            >
              <option value="full">One column</option>
              <option value="parts">Given and family columns</option>
            </select>
          </div>
          {guardianParts ? (
            <>
              {columnSelect('guardianGivenName')}
              {columnSelect('guardianFamilyName')}
            </>
          ) : (
            columnSelect('guardianFullName')
          )}
          {columnSelect('guardianDateOfBirth')}
          {columnSelect('household')}
        </div>
      </fieldset>
    </form>
  );
}

/** How the chosen format reads the date column over the whole file, and the better format when there is one. */
function DateFormatHint({ id, dates, chosen }: { id: string; dates: DateColumnTally; chosen: ImportDateFormat }) {
  const reads = dates.readable[chosen];
  const best = dates.readable[dates.best] > reads ? dates.best : null;
  return (
    <span id={id} className={best ? 'su-field__error' : 'su-hint'}>
      Over all {n(dates.values)} dates in this column, {n(reads)} read as {chosen}.
      {best && ` Most of them (${n(dates.readable[best])}) read as ${best}: choose that unless you know better.`}
    </span>
  );
}
