/**
 * Hub schema version 4: visits carry when the patient arrived, was seated
 * with the provider and was done, and "seated" is a change of its own
 * (`appointment.seat`). The times are checked like every other field of a
 * visit; a desk of an earlier version sends none (they are optional).
 */
const MAX_EPOCH = 8_640_000_000_000_000;

export function visitTimesSql(): string {
  const time = (field: string) =>
    `('appointment', '${field}', 'int', true, NULL, NULL, 0, ${MAX_EPOCH}, NULL, NULL, NULL, NULL)`;
  return `
    INSERT INTO change_kinds (entity_type, operation, record_path, id_field) VALUES
      ('appointment', 'appointment.seat', ARRAY[]::text[], 'id');
    INSERT INTO change_rules (entity_type, field, kind, nullable, min_len, max_len, min_val, max_val, choices, pattern, ref_type, only_ops) VALUES
      ${['arrivedAt', 'seatedAt', 'doneAt'].map(time).join(',\n      ')};`;
}
