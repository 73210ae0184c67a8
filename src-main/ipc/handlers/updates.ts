import type { AppHandlers } from './context';

export const updateHandlers: AppHandlers<'updates'> = {
  'updates/get-status': (_input, { services }) => services.updates.status(),
  'updates/restart': (_input, { services }) => {
    services.updates.restartToUpdate();
    return null;
  },
};
