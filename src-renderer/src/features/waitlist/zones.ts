import type { ClinicSetupDto } from '@shared/domain/setup';
import { locationById } from '../../stores/clinic-setup';

/** The zone a location's times are shown in (the first location's when unknown). */
export const zoneOfLocation = (setup: ClinicSetupDto | null, locationId: string | null): string =>
  (locationId ? locationById(setup, locationId)?.zone : undefined) ?? setup?.locations[0]?.zone ?? 'UTC';
