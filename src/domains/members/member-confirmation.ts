import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MemberConfirmationRow, MemberTable } from './member.table.ts';

// A signed confirm link names only the member, so on its own it cannot say WHICH request it confirms: a link
// mailed to a previous address, or before a newer request, would confirm whatever waits now. The emailed link
// therefore also carries this code, derived from the request itself; a newer request gets a new code.
const codeLength = 22;

/** The code that binds a confirmation link to one waiting request (stored nowhere; any instance derives it). */
export function confirmationCode(secretKey: string, request: Pick<MemberConfirmationRow, 'id' | 'member_id' | 'created_at'>): string {
  return createHmac('sha256', secretKey)
    .update(`member-confirmation:${request.member_id}:${request.id}:${request.created_at}`)
    .digest('base64url')
    .slice(0, codeLength);
}

/** True when `given` is the code of `request` (constant time). */
export function isConfirmationCode(secretKey: string, request: MemberConfirmationRow, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== codeLength) return false;
  return timingSafeEqual(Buffer.from(given, 'latin1'), Buffer.from(confirmationCode(secretKey, request), 'latin1'));
}

/** The member columns a request writes when confirmed (none for a re-subscription or an address). */
export function confirmationChanges(request: MemberConfirmationRow): Partial<Omit<MemberTable, 'id'>> {
  return request.changes ? (JSON.parse(request.changes) as Partial<Omit<MemberTable, 'id'>>) : {};
}
