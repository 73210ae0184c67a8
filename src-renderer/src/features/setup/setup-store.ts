import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../../src-shared/contract';
import type { HoursOverrideDto, OpeningHoursRuleDto } from '../../../../src-shared/domain/clinic';
import { hasCode, type AppErrorShape } from '../../../../src-shared/domain/errors';
import { fieldErrors, type FieldErrors } from '../../../../src-shared/domain/field-errors';
import { invoke } from '../../api';
import { reloadClinicSetup, useClinicSetup } from '../../stores/clinic-setup';

/**
 * The Set-up screens' data beyond the shared clinic set-up store (which holds
 * locations, rooms, providers and types and follows `clinic/changed`): the
 * opening hours and overrides of the provider being edited, and saving with
 * errors kept per field for the forms.
 */
export type { FieldErrors };

export type SaveResult<T> = { ok: true; data: T } | { ok: false; error: AppErrorShape; fields: FieldErrors };

/** A set-up form's field errors; e.g. path "durationMin" or "providerIds.1" → that field. */
function setupFieldErrors(error: AppErrorShape): FieldErrors {
  const out = fieldErrors(error);
  // Overlapping hours name the clashing row rather than a field: the times are what to change.
  if (hasCode(error, 'VALIDATION') && error.details?.conflictingOpeningHoursId) out.startMin ??= error.message;
  return out;
}

/** Calls a set-up channel; on refusal returns the message and the per-field errors. Main pushes clinic/changed after a change. */
export async function save<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<SaveResult<ChannelOutput<C>>> {
  const r = await invoke(channel, input);
  if (r.ok) {
    await reloadClinicSetup();
    return { ok: true, data: r.data };
  }
  return { ok: false, error: r.error, fields: setupFieldErrors(r.error) };
}

interface HoursState {
  providerId: string | null;
  locationId: string | null;
  rules: OpeningHoursRuleDto[];
  overrides: HoursOverrideDto[];
  select(providerId: string | null, locationId: string | null): Promise<void>;
  refresh(): Promise<void>;
}

export const useSetupHours = create<HoursState>()((set, get) => ({
  providerId: null,
  locationId: null,
  rules: [],
  overrides: [],
  async select(providerId, locationId) {
    set({ providerId, locationId });
    await get().refresh();
  },
  async refresh() {
    const { providerId, locationId } = get();
    if (!providerId || !locationId) return set({ rules: [], overrides: [] });
    const [rules, overrides] = await Promise.all([
      invoke('clinic/list-opening-hours', { providerId, locationId }),
      invoke('clinic/list-hours-overrides', { providerId, locationId }),
    ]);
    // Ignore an answer for a selection changed meanwhile.
    if (get().providerId !== providerId || get().locationId !== locationId) return;
    set({ rules: rules.ok ? rules.data : [], overrides: overrides.ok ? overrides.data : [] });
  },
}));

/**
 * Where each provider works: the locations of their weekly hours still in
 * effect (a provider's locations follow from their hours). Re-read whenever the
 * set-up store reloads, i.e. after every clinic change.
 */
export function useProviderSites(): Map<string, string[]> {
  const setup = useClinicSetup((setup) => setup);
  const [sites, setSites] = useState(new Map<string, string[]>());
  useEffect(() => {
    let live = true;
    const providers = setup?.providers ?? [];
    void Promise.all(providers.map((p) => invoke('clinic/list-opening-hours', { providerId: p.id }))).then((rs) => {
      if (!live) return;
      const out = new Map<string, string[]>();
      rs.forEach((r, i) => {
        if (!r.ok) return;
        const ids = [...new Set(r.data.map((h) => h.locationId))];
        out.set(providers[i]!.id, ids.map((id) => setup?.locations.find((l) => l.id === id)?.name ?? '').filter(Boolean));
      });
      setSites(out);
    });
    return () => {
      live = false;
    };
  }, [setup]);
  return sites;
}
