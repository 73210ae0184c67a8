import { z } from 'zod';
import { locationId } from './clinic';

/** One location's waiting room for its local today. */
export const waitingRoomInput = z.strictObject({ locationId });

export type WaitingRoomInput = z.input<typeof waitingRoomInput>;
