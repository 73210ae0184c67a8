import { create } from 'zustand';
import type { AppErrorShape } from '@shared/domain/errors';

/** Errors shown to the receptionist as toasts; the message is already written for them. */
export interface Notice {
  id: number;
  error: AppErrorShape;
}

interface NoticesState {
  notices: Notice[];
  notify(error: AppErrorShape): void;
  dismiss(id: number): void;
}

const MAX_VISIBLE = 3;
let nextId = 1;

export const useNotices = create<NoticesState>()((set) => ({
  notices: [],
  notify: (error) =>
    set((s) => {
      // The same message twice in a row (a retried call) stays one toast.
      if (s.notices.some((n) => n.error.message === error.message)) return s;
      return { notices: [...s.notices, { id: nextId++, error }].slice(-MAX_VISIBLE) };
    }),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

/** For stores: show an error value and carry on. */
export const notifyError = (error: AppErrorShape): void => useNotices.getState().notify(error);
