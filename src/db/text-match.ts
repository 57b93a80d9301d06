import { type RawBuilder, sql } from 'kysely';

/** A LIKE pattern matching `text` literally (with `\` as the escape character). */
export function literalLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * True where `column` holds any of `texts` as a substring. ESCAPE makes the backslash escape % and _ on
 * SQLite too (PostgreSQL defaults to it). Case counts on PostgreSQL: pass every spelling that matters.
 */
export function containsAny(column: string, texts: readonly string[]): RawBuilder<boolean> {
  const tests = texts.filter(Boolean).map((text) => sql`${sql.ref(column)} like ${`%${literalLike(text)}%`} escape '\\'`);
  return tests.length === 0 ? sql<boolean>`1 = 0` : sql<boolean>`(${sql.join(tests, sql` or `)})`;
}
