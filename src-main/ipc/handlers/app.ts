import type { AppHandlers } from './context';

export const appHandlers: AppHandlers<'app'> = {
  'app/get-status': (_input, { services }) => services.status(),
  'app/set-booking-open': ({ open }, { services, caller }) => {
    services.bookingActivity.set(caller.id, open);
    return null;
  },
  'app/choose-start': ({ start }, { services }) => services.chooseStart(start),
  'app/reset-demo': (_input, { services }) => services.resetDemo(),
};
