import { isAppError } from '../../errors/app-error.ts';
import type { Translator } from '../../i18n/i18n.ts';

/** Turns a validation AppError into a translated message for the form field it concerns; rethrows anything else. */
export function fieldErrors(error: unknown, t: Translator): Record<string, string> {
  if (isAppError(error, 'invalid_email')) {
    return { email: t(`address.error.${error.details.addressError}`, error.details) };
  }
  if (isAppError(error, 'invalid_input')) {
    const field = String(error.details.field ?? 'form');
    return { [field]: t(`member.invalid.${field}`) };
  }
  throw error;
}

/** A join refused by its limits (join-limits.ts): the translated message and the seconds for Retry-After; null for anything else. */
export function joinRefusal(error: unknown, t: Translator): { message: string; seconds: number } | null {
  if (!isAppError(error, 'join_throttled') && !isAppError(error, 'join_address_throttled')) return null;
  return { message: t(`error.${error.code}`, error.details), seconds: Number(error.details.seconds) };
}
