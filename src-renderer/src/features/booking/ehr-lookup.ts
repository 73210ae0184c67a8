import type { EhrPatientMatchDto } from '@shared/domain/ehr';
import type { Result } from '@shared/domain/errors';
import type { EhrPatientLookupInput } from '@shared/schemas/ehr';
import { invoke, liveQuery } from '../../api';
import { notifyError } from '../../stores/notices';
import { fullName } from './booking-shared';
import { useBookingFlow } from './booking-flow';

/** The booking dialog's look-up in the clinic's EHR (only offered when one is connected). */
export const ehrAvailable = liveQuery('ehr/available', { onError: notifyError });

export const findInEhr = (input: EhrPatientLookupInput): Promise<Result<EhrPatientMatchDto[]>> => invoke('ehr/find-patients', input);

/** Imports the EHR's patient (linked to it) and goes on booking with them; the refusal's words otherwise. */
export async function importAndChoose(reference: string): Promise<string | null> {
  const r = await invoke('ehr/import-patient', { reference });
  if (!r.ok) return r.error.message;
  useBookingFlow.getState().choosePatient({ id: r.data.id, name: fullName(r.data), dateOfBirth: r.data.dateOfBirth });
  return null;
}
