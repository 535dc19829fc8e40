import type * as z from 'zod/mini';
import { TrackerError } from './trackerError';

/** Validates a response body; a shape we do not know is a TrackerError naming the field, never a TypeError later. */
export function parseResponse<T>(schema: z.ZodMiniType<T>, data: unknown, tracker: string, where: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? issue.path.map(String).join('.') : 'the body';
  throw new TrackerError('unexpected', tracker, `answered ${where} in a shape ChangeTrail does not know (${field}: ${issue?.message ?? 'invalid'}); the API may have changed`);
}
