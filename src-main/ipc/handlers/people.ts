import { AppError } from '../../../src-shared/domain/errors';
import type { AppHandlers } from './context';

const notYet = (): never => {
  throw new AppError('CONFLICT', 'Staff sign-in is not available on this desk yet.');
};

export const signInHandlers: AppHandlers<'sign-in'> = {
  'sign-in/screen': notYet,
  'sign-in/sign-in': notYet,
  'sign-in/sign-out': notYet,
  'sign-in/create-first-manager': notYet,
};

export const sessionHandlers: AppHandlers<'session'> = {
  'session/get': notYet,
  'session/change-own-secret': notYet,
};

export const staffHandlers: AppHandlers<'staff'> = {
  'staff/list': notYet,
  'staff/create': notYet,
  'staff/update': notYet,
  'staff/deactivate': notYet,
  'staff/reactivate': notYet,
  'staff/reset-secret': notYet,
};

export const auditHandlers: AppHandlers<'audit'> = {
  'audit/query': notYet,
  'audit/verify': notYet,
  'audit/export-csv': notYet,
  'audit/patient-access': notYet,
};
