import type { NetworkInterfaceInfo } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { networkFingerprint, watchNetwork } from '@main/platform/network-watch';

const nic = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: null }) as NetworkInterfaceInfo;

afterEach(() => vi.useRealTimers());

describe('network change signal (sync probes the hub at once)', () => {
  it('fingerprints external addresses only, in a stable order', () => {
    const a = networkFingerprint(() => ({ lo: [nic('127.0.0.1', true)], eth0: [nic('10.0.0.5')], wlan0: [nic('192.168.1.9')] }));
    const b = networkFingerprint(() => ({ wlan0: [nic('192.168.1.9')], eth0: [nic('10.0.0.5')], lo: [nic('127.0.0.2', true)] }));
    expect(a).toBe(b);
    expect(a).not.toContain('127.0.0.1');
  });

  it('calls back once per change: cable out, cable in, address renewed; not while nothing changes', () => {
    vi.useFakeTimers();
    let nics: Record<string, NetworkInterfaceInfo[]> = { eth0: [nic('10.0.0.5')] };
    const changes = vi.fn();
    const w = watchNetwork(changes, { intervalMs: 1_000, read: () => nics });
    vi.advanceTimersByTime(5_000);
    expect(changes).not.toHaveBeenCalled();
    nics = {};
    vi.advanceTimersByTime(1_000);
    nics = { eth0: [nic('10.0.0.5')] };
    vi.advanceTimersByTime(1_000);
    nics = { eth0: [nic('10.0.0.77')] };
    vi.advanceTimersByTime(3_000);
    expect(changes).toHaveBeenCalledTimes(3);
    w.stop();
    nics = {};
    vi.advanceTimersByTime(3_000);
    expect(changes).toHaveBeenCalledTimes(3);
  });
});
