import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/contract';
import type { Result } from '@shared/domain/errors';
import { invoke, liveQuery } from '../../api';
import { reloadClinicSetup, useClinicSetup } from '../../stores/clinic-setup';

/**
 * The Set-up screens' data beyond the shared clinic set-up query (locations,
 * rooms, providers and types): the opening hours and overrides of the provider
 * being edited, and saving a change.
 */

/** Calls a set-up channel and, once it is done, reads the clinic set-up again so every list shows it. */
export async function save<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  const r = await invoke(channel, input);
  if (r.ok) await reloadClinicSetup();
  return r;
}

/** The weekly hours and date overrides of the provider and location being edited, following `clinic/changed`. */
export const openingHours = liveQuery('clinic/list-opening-hours', { refreshOn: { 'clinic/changed': true } });
export const hoursOverrides = liveQuery('clinic/list-hours-overrides', { refreshOn: { 'clinic/changed': true } });

interface HoursState {
  providerId: string | null;
  locationId: string | null;
  select(providerId: string | null, locationId: string | null): Promise<void>;
  /** Reads both again now (after a save here, so the lists show it at once). */
  refresh(): Promise<void>;
}

export const useSetupHours = create<HoursState>()((set) => ({
  providerId: null,
  locationId: null,
  async select(providerId, locationId) {
    set({ providerId, locationId });
    const input = providerId && locationId ? { providerId, locationId } : null;
    await Promise.all([openingHours.setInput(input), hoursOverrides.setInput(input)]);
  },
  async refresh() {
    await Promise.all([openingHours.reload(), hoursOverrides.reload()]);
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
