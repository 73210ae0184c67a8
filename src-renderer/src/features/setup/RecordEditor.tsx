import { useState, type ReactNode } from 'react';
import { RecordForm, useRecordForm, type RecordFormState, type SendOutcome } from './record-form';
import { RecordTable, type Column } from './RecordTable';

interface Named {
  id: string;
  name: string;
}

/** What a tab says about its form: titles, the draft of a record, how it is sent, its fields. */
export interface RecordFormSpec<R extends Named, D, T> {
  /** The form's name when adding, and its submit buttons' labels. */
  newTitle: string;
  /** The form's name when changing a record; "Edit <name>" unless said. */
  editTitle?(record: R): string;
  addLabel: string;
  saveLabel: string;
  draft(record: R | null): D;
  send(draft: D, record: R | null): Promise<SendOutcome<T>>;
  fields(form: RecordFormState<D>, record: R | null): ReactNode;
  /** A note shown once saved, until the next save starts. */
  savedNote?(data: T, record: R | null): string;
}

/**
 * A Set-up tab's list of records beside a form: the form adds a record, or
 * changes the one picked in the list; saving or cancelling returns it to adding,
 * empty again.
 */
export function RecordEditor<R extends Named, D extends object, T>({
  title,
  titleId,
  records,
  columns,
  empty,
  rowActions,
  form,
}: {
  title: string;
  titleId: string;
  records: readonly R[];
  columns: readonly Column<R>[];
  empty?: string;
  /** The row's actions; an Edit button unless said. */
  rowActions?(record: R, edit: () => void): ReactNode;
  form: RecordFormSpec<R, D, T>;
}) {
  const [editing, setEditing] = useState<R | null>(null);
  // A saved new record clears the form: it is mounted afresh.
  const [formKey, setFormKey] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const edit = (record: R): void => {
    setNote(null);
    setEditing(record);
  };
  return (
    <div className="su-split">
      <section aria-labelledby={titleId}>
        <h2 id={titleId} className="su-title">
          {title}
        </h2>
        <RecordTable
          records={records}
          rowKey={(r) => r.id}
          columns={columns}
          current={editing?.id ?? null}
          empty={empty}
          actionsClassName={rowActions ? 'su-row-actions' : undefined}
          actions={(r) =>
            rowActions ? (
              rowActions(r, () => edit(r))
            ) : (
              <button type="button" className="bk-link-button su-link" onClick={() => edit(r)} aria-label={`Edit ${r.name}`}>
                Edit
              </button>
            )
          }
        />
      </section>
      <EditorForm
        key={editing?.id ?? `new-${formKey}`}
        spec={form}
        record={editing}
        note={note}
        onSaving={() => setNote(null)}
        onDone={(saved) => {
          setNote(saved);
          setEditing(null);
          setFormKey((k) => k + 1);
        }}
      />
    </div>
  );
}

function EditorForm<R extends Named, D extends object, T>({
  spec,
  record,
  note,
  onSaving,
  onDone,
}: {
  spec: RecordFormSpec<R, D, T>;
  record: R | null;
  note: string | null;
  onSaving(): void;
  onDone(note: string | null): void;
}) {
  const form = useRecordForm<D, T>({
    initial: () => spec.draft(record),
    send: (draft) => {
      onSaving();
      return spec.send(draft, record);
    },
    onSaved: (data) => onDone(spec.savedNote?.(data, record) ?? null),
  });
  const label = record ? (spec.editTitle?.(record) ?? `Edit ${record.name}`) : spec.newTitle;
  return (
    <RecordForm label={label} submitLabel={record ? spec.saveLabel : spec.addLabel} form={form} onCancel={record ? () => onDone(null) : undefined} note={note}>
      {spec.fields(form, record)}
    </RecordForm>
  );
}
