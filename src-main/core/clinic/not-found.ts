import { AppError } from '@shared/domain/errors';

const WHAT: Record<string, string> = {
  location: 'location',
  room: 'room',
  provider: 'provider',
  appointment_type: 'appointment type',
  opening_hours: 'opening-hours row',
  blockout: 'blockout',
};

/** NOT_FOUND for a set-up record, e.g. one deleted on another desk meanwhile. */
export function notFound(entity: keyof typeof WHAT, id: string): AppError {
  const what = WHAT[entity] ?? entity;
  return new AppError('NOT_FOUND', `This ${what} no longer exists. Refresh the screen and try again.`, {
    entity,
    id,
  });
}
