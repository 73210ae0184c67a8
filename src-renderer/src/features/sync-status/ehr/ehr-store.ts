import type { AppErrorShape, Result } from '@shared/domain/errors';
import type { EhrTestReportDto } from '@shared/domain/ehr';
import type { EhrConnectionInput, EhrExportBundleInput, EhrMappingInput } from '@shared/schemas/ehr';
import { invoke, liveQuery } from '@renderer/api';
import { notifyError } from '@renderer/stores/notices';

/**
 * The EHR in the Sync section: its settings and status (re-read on
 * `sync/status`, which main pushes when the EHR's state changes), the
 * mapping screen and the visits it refused. Secrets go up only.
 */
export const ehrSettings = liveQuery('ehr/get-settings', { refreshOn: { 'sync/status': true }, onError: notifyError });
export const ehrMappings = liveQuery('ehr/list-mappings', { refreshOn: { 'sync/status': true, 'clinic/changed': true }, onError: notifyError, debounceMs: 500 });
export const ehrProblems = liveQuery('ehr/list-problems', { refreshOn: { 'sync/status': true }, onError: notifyError });

export async function testEhr(input: EhrConnectionInput): Promise<Result<EhrTestReportDto>> {
  return invoke('ehr/test', input);
}

export async function saveEhr(input: EhrConnectionInput): Promise<AppErrorShape | null> {
  const r = await invoke('ehr/save', input);
  if (!r.ok) return r.error;
  ehrSettings.patch(() => r.data);
  void ehrMappings.reload();
  return null;
}

async function run<T>(p: Promise<Result<T>>, after?: (data: T) => void): Promise<boolean> {
  const r = await p;
  if (!r.ok) {
    notifyError(r.error);
    return false;
  }
  after?.(r.data);
  return true;
}

export const makeEhrKey = (): Promise<boolean> => run(invoke('ehr/make-key', {}), (data) => ehrSettings.patch(() => data));
export const removeEhr = (): Promise<boolean> => run(invoke('ehr/remove', {}), () => void ehrSettings.reload());
export const sendEhrNow = (): Promise<boolean> => run(invoke('ehr/send-now', {}));
export const retryEhrVisit = (appointmentId: string): Promise<boolean> => run(invoke('ehr/retry', { appointmentId }), () => void ehrProblems.reload());

/** A few days of visits as a FHIR transaction Bundle (main audits the export). */
export const exportEhrBundle = (input: EhrExportBundleInput) => invoke('ehr/export-bundle', input);

export async function saveEhrMapping(input: EhrMappingInput): Promise<AppErrorShape | null> {
  const r = await invoke('ehr/save-mapping', input);
  if (!r.ok) return r.error;
  void ehrMappings.reload();
  return null;
}
