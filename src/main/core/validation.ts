import type { z } from 'zod';
import { CoreError, type CoreFieldError } from './errors';

/** "field.path: what is wrong; other: …" — the sentence every boundary uses for a zod failure. */
export function formatZodError(error: z.ZodError, prefix: readonly PropertyKey[] = []): string {
  return error.issues
    .map((issue) => {
      const path = [...prefix, ...issue.path].map(String);
      return `${path.length > 0 ? path.join('.') : 'input'}: ${issue.message}`;
    })
    .join('; ');
}

/** Each zod issue as a field and its message, for forms that mark the field (`input` when it is the whole). */
export function fieldErrors(error: z.ZodError, prefix: readonly PropertyKey[] = []): CoreFieldError[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String);
    return { path: path.length > 0 ? path.join('.') : 'input', message: issue.message };
  });
}

/** Parses input the core was handed, or refuses it with the zod sentence (and its fields) as an invalid_input CoreError. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, prefix: readonly PropertyKey[] = []): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CoreError('invalid_input', formatZodError(parsed.error, prefix), fieldErrors(parsed.error, prefix));
  return parsed.data;
}

/** A path into a JSON document as people read it: `$.skills[0].tags`, `$.securitySchemes["x-key"]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((part) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(String(part)) ? `.${String(part)}` : `[${JSON.stringify(String(part))}]`)).join('')}`;
}
