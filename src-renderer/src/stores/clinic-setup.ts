import { create } from 'zustand';
import type { AppointmentTypeDto, LocationDto, ProviderDto, RoomDto } from '../../../src-shared/domain/clinic';
import type { ClinicSetupDto } from '../../../src-shared/domain/setup';
import { invoke, onEvent } from '../api';
import { notifyError } from './notices';

/**
 * The clinic set-up (locations, rooms, providers, types, settings) with
 * look-ups by id, loaded once and again whenever main reports `clinic/changed`.
 */
interface ClinicSetupState {
  setup: ClinicSetupDto | null;
  /** Loads the set-up if not loaded yet; from then on it follows `clinic/changed`. */
  ensureLoaded(): Promise<ClinicSetupDto | null>;
  reload(): Promise<ClinicSetupDto | null>;
}

let following = false;
let inFlight: Promise<ClinicSetupDto | null> | null = null;

export const useClinicSetup = create<ClinicSetupState>()((set, get) => ({
  setup: null,
  async ensureLoaded() {
    if (!following) {
      following = true;
      onEvent('clinic/changed', () => void get().reload());
    }
    return get().setup ?? (await get().reload());
  },
  reload() {
    inFlight ??= invoke('clinic/get-setup', {}).then((r) => {
      inFlight = null;
      if (!r.ok) {
        notifyError(r.error);
        return null;
      }
      set({ setup: r.data });
      return r.data;
    });
    return inFlight;
  },
}));

export const providerById = (setup: ClinicSetupDto | null, id: string): ProviderDto | undefined =>
  setup?.providers.find((p) => p.id === id);
export const typeById = (setup: ClinicSetupDto | null, id: string): AppointmentTypeDto | undefined =>
  setup?.appointmentTypes.find((t) => t.id === id);
export const locationById = (setup: ClinicSetupDto | null, id: string): LocationDto | undefined =>
  setup?.locations.find((l) => l.id === id);
export const roomById = (setup: ClinicSetupDto | null, id: string): RoomDto | undefined =>
  setup?.rooms.find((r) => r.id === id);
