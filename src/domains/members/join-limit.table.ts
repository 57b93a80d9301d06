import type { ColumnType } from 'kysely';

/**
 * One join allowance (`client:<address key>` or `address:<HMAC of an email address>`) and when it is whole
 * again, in ms since the epoch. PostgreSQL returns a bigint as a string, hence the read type.
 */
export interface JoinLimitTable {
  bucket: string;
  full_at: ColumnType<string | number, number, number>;
}
