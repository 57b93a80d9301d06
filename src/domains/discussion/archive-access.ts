import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ArchiveVisibility } from './discussion.table.ts';

/** Who is reading the archive: staff signed in, a subscribed member (their archive pass), or anyone. */
export type ArchiveReader = 'staff' | 'member' | 'anyone';

/** The cookie that carries a member's archive pass, set when they open the archive from their signed link. */
export const archivePassCookie = 'plenary_archive';
/** How long a pass lasts: the member opens the archive from a newer post's link after that. */
export const archivePassDays = 30;

const pattern = /^([1-9a-z][0-9a-z]{0,9})\.([1-9a-z][0-9a-z]{0,9})\.([A-Za-z0-9_-]{22})$/;

function tag(secret: string, signed: string): string {
  return createHmac('sha256', secret).update(`plenary-archive:${signed}`).digest().subarray(0, 16).toString('base64url');
}

/**
 * A pass to the members' archive for one member until `expiresAt`: "id.expiry.tag" (base36, HMAC-SHA256 with the
 * deployment's secret under its own label, so it is no manage link and opens nothing else).
 */
export function signArchivePass(secret: string, memberId: number, expiresAt: Date): string {
  const signed = `${memberId.toString(36)}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${signed}.${tag(secret, signed)}`;
}

/** The member id of a valid, unexpired pass; null for anything else. */
export function readArchivePass(secret: string, pass: unknown, now: Date): number | null {
  if (typeof pass !== 'string') return null;
  const match = pattern.exec(pass);
  if (!match) return null;
  const [, id, expiry, given] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(tag(secret, `${id}.${expiry}`));
  if (expected.length !== given.length || !timingSafeEqual(expected, Buffer.from(given))) return null;
  if (Number.parseInt(expiry, 36) * 1000 < now.getTime()) return null;
  return Number.parseInt(id, 36);
}

/** True when the reader may read an archive of this visibility: staff read every one, members the members' one. */
export function mayRead(visibility: ArchiveVisibility, reader: ArchiveReader): boolean {
  if (reader === 'staff') return true;
  if (visibility === 'public') return true;
  return visibility === 'members' && reader === 'member';
}

/** The mbox holds the posts as received, addresses included: members and staff only, whatever the visibility. */
export function mayDownloadMbox(visibility: ArchiveVisibility, reader: ArchiveReader): boolean {
  return reader !== 'anyone' && mayRead(visibility, reader);
}
