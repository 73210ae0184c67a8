import { describe, expect, it } from 'vitest';
import { contract } from '@shared/contract';
import { SETUP_PERMISSIONS } from '@main/sync/adapters/hub-postgres/setup-authority-sql';

/** The channels that change each kind of set-up the hub carries. */
const CHANNELS: Record<string, readonly (keyof typeof contract)[]> = {
  location: ['clinic/create-location', 'clinic/update-location'],
  room: ['clinic/create-room', 'clinic/update-room'],
  provider: ['clinic/create-provider', 'clinic/update-provider'],
  appointment_type: ['clinic/create-appointment-type', 'clinic/update-appointment-type'],
  opening_hours: ['clinic/add-opening-hours', 'clinic/update-opening-hours', 'clinic/remove-opening-hours'],
  hours_override: ['clinic/set-hours-override', 'clinic/remove-hours-override'],
  blockout: ['clinic/create-blockout', 'clinic/update-blockout', 'clinic/remove-blockout', 'blockouts/create-series'],
};

describe('the hub asks of a set-up change’s author what the desk asks of the signed-in person', () => {
  it('each kind of set-up change needs the same permission at the hub as its channels declare', () => {
    expect(Object.keys(SETUP_PERMISSIONS).sort()).toEqual(Object.keys(CHANNELS).sort());
    for (const [type, channels] of Object.entries(CHANNELS)) {
      for (const channel of channels) expect([type, channel, contract[channel].access.permission]).toEqual([type, channel, SETUP_PERMISSIONS[type]]);
    }
  });
});
