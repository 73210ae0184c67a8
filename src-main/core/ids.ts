import { v7 as uuidv7 } from 'uuid';

/** A new time-ordered UUIDv7, branded as the caller's id type. */
export function newId<T extends string>(): T {
  return uuidv7() as T;
}
