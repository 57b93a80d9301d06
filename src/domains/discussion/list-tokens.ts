import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The list's signed addresses: `<list local part>+<action>-<id>-<tag>@<list domain>`. `approve` names a held post (a
 * moderator's reply approves it), `bounce` a redistributed copy (its envelope sender, VERP). The tag is the first 48
 * bits of HMAC-SHA256 with the deployment's secret, lower-case hex, made as the delivery tokens of the announcements'
 * VERP addresses are (src/domains/delivery/mail-token.ts) under letters of its own ("a", "b"), so no token of one
 * kind is a token of another. Only the one canonical spelling is read.
 */
export type ListTokenAction = 'approve' | 'bounce';

const letters: Record<ListTokenAction, string> = { approve: 'a', bounce: 'b' };
const tokenLocal = /^(.+)\+(approve|bounce)-([1-9]\d{0,14})-([0-9a-f]{12})$/;

function tag(secret: string, action: ListTokenAction, id: number): string {
  return createHmac('sha256', secret).update(`mail-token:${letters[action]}${id}`).digest('hex').slice(0, 12);
}

function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  return at > 0 ? { local: address.slice(0, at), domain: address.slice(at + 1).toLowerCase() } : null;
}

/** The signed list address for one post (approve) or one copy (bounce). */
export function listTokenAddress(secret: string, listAddress: string, action: ListTokenAction, id: number): string {
  const list = splitAddress(listAddress);
  if (!list) throw new Error(`not an address: ${listAddress}`);
  return `${list.local}+${action}-${id}-${tag(secret, action, id)}@${list.domain}`;
}

function shape(listAddress: string, address: string): RegExpExecArray | null {
  const given = splitAddress(address.trim());
  const list = splitAddress(listAddress);
  if (!given || !list || given.domain !== list.domain) return null;
  const match = tokenLocal.exec(given.local.toLowerCase());
  return match && match[1] === list.local.toLowerCase() ? match : null;
}

/** True when an address has the shape of one of the list's signed addresses (whether or not its tag is right). */
export function looksLikeListToken(listAddress: string, address: string): boolean {
  return shape(listAddress, address) !== null;
}

/** What a list address names: nothing (null), a wrong tag (`forged`), or an action and its id. */
export function readListTokenAddress(secret: string, listAddress: string, address: string): { action: ListTokenAction; id: number } | 'forged' | null {
  const match = shape(listAddress, address);
  if (!match) return null;
  const action = match[2] as ListTokenAction;
  const id = Number(match[3]);
  if (!Number.isSafeInteger(id)) return 'forged';
  const expected = Buffer.from(tag(secret, action, id), 'latin1');
  return timingSafeEqual(Buffer.from(match[4]!, 'latin1'), expected) ? { action, id } : 'forged';
}
