import { beforeEach, describe, expect, it } from 'vitest';
import { notifyError, useNotices } from '@renderer/stores/notices';

describe('error notices', () => {
  beforeEach(() => useNotices.setState({ notices: [] }));

  it('shows each message once and at most three at a time', () => {
    notifyError({ code: 'SLOT_TAKEN', message: 'Someone else booked 10:00 a moment ago.' });
    notifyError({ code: 'SLOT_TAKEN', message: 'Someone else booked 10:00 a moment ago.' });
    expect(useNotices.getState().notices).toHaveLength(1);

    for (const n of [1, 2, 3]) notifyError({ code: 'LOCKED', message: `Busy ${n}` });
    expect(useNotices.getState().notices.map((n) => n.error.message)).toEqual(['Busy 1', 'Busy 2', 'Busy 3']);
  });

  it('dismisses by id', () => {
    notifyError({ code: 'INTERNAL', message: 'Something went wrong.' });
    const [notice] = useNotices.getState().notices;
    useNotices.getState().dismiss(notice!.id);
    expect(useNotices.getState().notices).toEqual([]);
  });
});
