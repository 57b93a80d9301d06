import type { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/** Validates a form or JSON body; a mismatch is `invalid_input` naming the first bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const field = String(result.error.issues[0]?.path[0] ?? 'body');
    throw new AppError('invalid_input', { field });
  }
  return result.data;
}
