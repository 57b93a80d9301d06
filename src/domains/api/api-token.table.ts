import type { Selectable } from 'kysely';
import type { ApiTokenTable } from '../announcements/announcement.table.ts';

/** The roles an API token may have: a token never manages staff, so there is no owner token. */
export const apiTokenRoles = ['viewer', 'editor'] as const;
export type ApiTokenRole = (typeof apiTokenRoles)[number];

/** What every token starts with, so a leaked one is recognisable (secret scanners, logs). */
export const apiTokenPrefix = 'plen_';

export type ApiTokenRow = Selectable<ApiTokenTable>;
