import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as members from './0002-members.ts';
import * as memberTallies from './0003-member-tallies.ts';
import * as memberImports from './0004-member-imports.ts';
import * as announcements from './0005-announcements.ts';

/** Every migration in order; names sort in the order they must run. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-members': members,
  '0003-member-tallies': memberTallies,
  '0004-member-imports': memberImports,
  '0005-announcements': announcements,
};
