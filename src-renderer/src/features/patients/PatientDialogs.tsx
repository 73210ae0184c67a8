import { useLiveQuery } from '../../api';
import { patientPanel } from '../patient-search';
import { EditPatientDialog } from './EditPatientDialog';
import { MergeDialog } from './MergeDialog';
import { usePatientDialogs } from './patient-dialogs';

/** Mounts the open patient dialog (edit or merge), if any. */
export function PatientDialogs() {
  const dialog = usePatientDialogs((s) => s.dialog);
  const family = useLiveQuery(patientPanel, (s) => s.data?.family ?? null);
  if (!dialog) return null;
  if (dialog.kind === 'edit') return <EditPatientDialog key={dialog.patient.id} patient={dialog.patient} family={family ?? []} />;
  return <MergeDialog keep={dialog.keep} other={dialog.other} />;
}
