import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppErrorShape } from '@shared/domain/errors';
import { liveQuery } from '@renderer/api';
import { connectRendererToMain, type RendererMain } from '../../helpers/renderer-main';

let main: RendererMain;
beforeEach(async () => (main = await connectRendererToMain()));
afterEach(async () => {
  vi.useRealTimers();
  await main.close();
});

const changed = () =>
  main.services.events.emit('clinic/changed', { entity: 'location', ids: [] });

describe('liveQuery', () => {
  it('reads its input once, and not again for the same input', async () => {
    const q = liveQuery('patients/search');
    await q.setInput({ query: 'archer', limit: 5 });
    expect(q.getState()).toMatchObject({ status: 'ready', error: null, answers: 1, dataInput: { query: 'archer', limit: 5 } });
    expect(q.getState().data?.hits.map((h) => h.familyName)).toEqual(['Archer']);
    await q.setInput({ query: 'archer', limit: 5 });
    expect(main.calls.filter((c) => c === 'patients/search')).toHaveLength(1);
  });

  it('drops the answer to an older input that lands after the newer one', async () => {
    const q = liveQuery('patients/search');
    main.hold();
    const older = q.setInput({ query: 'archer', limit: 5 });
    const newer = q.setInput({ query: 'baker', limit: 5 });
    await vi.waitUntil(() => main.heldCount() === 2);
    main.release({ newestFirst: true });
    await Promise.all([older, newer]);
    expect(q.getState().data?.hits.map((h) => h.familyName)).toEqual(['Baker']);
    expect(q.getState()).toMatchObject({ answers: 1, dataInput: { query: 'baker' } });
  });

  it('keeps the last answer on screen while the next input is read', async () => {
    const q = liveQuery('patients/search');
    await q.setInput({ query: 'archer', limit: 5 });
    main.hold();
    const next = q.setInput({ query: 'baker', limit: 5 });
    expect(q.getState()).toMatchObject({ status: 'loading', dataInput: { query: 'archer' }, input: { query: 'baker' } });
    expect(q.getState().data?.hits).toHaveLength(1);
    await vi.waitUntil(() => main.heldCount() === 1);
    main.release();
    await next;
    expect(q.getState()).toMatchObject({ status: 'ready', dataInput: { query: 'baker' } });
  });

  it('waits while the receptionist types, then reads only the last input', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const q = liveQuery('patients/search');
    const typed = ['ar', 'arc', 'arch', 'archer'].map((query) => q.setInput({ query, limit: 5 }, { wait: 120 }));
    await vi.advanceTimersByTimeAsync(120);
    await Promise.all(typed);
    expect(main.calls.filter((c) => c === 'patients/search')).toHaveLength(1);
    expect(q.getState().dataInput).toEqual({ query: 'archer', limit: 5 });
  });

  it('re-reads on the push events it names while followed, one read per burst', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const q = liveQuery('clinic/get-setup', { refreshOn: { 'clinic/changed': true } });
    await q.setInput({});
    changed();
    await vi.advanceTimersByTimeAsync(100);
    expect(q.getState().answers).toBe(1); // nobody follows it: pushes are not heard

    const stop = q.follow();
    await vi.advanceTimersByTimeAsync(50);
    expect(q.getState().answers).toBe(2); // pushes went unheard meanwhile: read again at once
    changed();
    changed();
    changed();
    await vi.advanceTimersByTimeAsync(50);
    expect(q.getState().answers).toBe(3);
    stop();
    changed();
    await vi.advanceTimersByTimeAsync(100);
    expect(q.getState().answers).toBe(3);
  });

  it('re-reads only for pushes about its own input when the rule says so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const ann = main.clinic.patients.ann;
    const q = liveQuery('patients/get-panel', { refreshOn: { 'patients/changed': (e, input) => e.patientIds.some((id) => id === input.id) } });
    const stop = q.follow();
    await q.setInput({ id: ann });
    main.services.events.emit('patients/changed', { patientIds: [main.clinic.patients.bob] });
    await vi.advanceTimersByTimeAsync(100);
    expect(q.getState().answers).toBe(1);
    main.services.events.emit('patients/changed', { patientIds: [ann] });
    await vi.advanceTimersByTimeAsync(100);
    expect(q.getState().answers).toBe(2);
    stop();
  });

  it('reports a refusal, keeps the earlier answer, and clears on a null input', async () => {
    const errors: AppErrorShape[] = [];
    const q = liveQuery('patients/search', { onError: (e) => errors.push(e) });
    await q.setInput({ query: 'archer', limit: 5 });
    await q.setInput({ query: 'x'.repeat(101), limit: 5 });
    expect(q.getState()).toMatchObject({ status: 'error', error: { code: 'VALIDATION' }, dataInput: { query: 'archer' } });
    expect(errors.map((e) => e.code)).toEqual(['VALIDATION']);

    main.hold();
    const abandoned = q.setInput({ query: 'baker', limit: 5 });
    await q.setInput(null);
    await vi.waitUntil(() => main.heldCount() === 1);
    main.release();
    await abandoned;
    expect(q.getState()).toMatchObject({ status: 'idle', data: null, input: null, error: null });
  });

  it('applies a known change at once and maps answers for the screen', async () => {
    const q = liveQuery('patients/search', { map: (r) => r.hits.map((h) => h.givenName) });
    await q.setInput({ query: 'archer', limit: 5 });
    expect(q.getState().data).toEqual(['Ann']);
    q.patch((names) => [...names, 'Bob']);
    expect(q.getState().data).toEqual(['Ann', 'Bob']);
  });
});
