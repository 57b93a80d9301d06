import { simpleParser } from 'mailparser';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { cleanLine } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { accountForSession } from '../auth/auth.service.ts';
import { findMember } from '../members/member.repository.ts';
import { memberForLink } from '../members/member.service.ts';
import { searchable } from '../members/member-record.ts';
import { requireNetwork } from '../site/site.service.ts';
import type { NetworkRow } from '../site/site.table.ts';
import { type ArchiveReader, archivePassDays, mayDownloadMbox, mayRead, readArchivePass, signArchivePass } from './archive-access.ts';
import type { ArchiveVisibility, PostAttachment } from './discussion.table.ts';
import * as repo from './discussion-archive.repository.ts';
import { readDiscussionSettings } from './discussion-settings.ts';

type ArchiveDeps = Pick<AppDeps, 'db' | 'clock' | 'config' | 'secretKey' | 'queue'>;

/** How many threads the archive's front page lists, and a month page at most. */
export const latestThreadCount = 20;
export const monthThreadLimit = 500;
export const searchResultLimit = 50;
const mboxPage = 200;
const day = 24 * 60 * 60 * 1000;

/** What a request shows about its reader: the staff session cookie and the member's archive pass cookie. */
export interface ArchiveCredentials {
  sessionToken?: string;
  pass?: string;
}

/** Who reads: staff signed in, a subscribed member with a valid pass, or anyone. */
export async function archiveReaderOf(deps: ArchiveDeps, credentials: ArchiveCredentials): Promise<ArchiveReader> {
  if (credentials.sessionToken && (await accountForSession(deps, credentials.sessionToken))) return 'staff';
  const memberId = readArchivePass(deps.secretKey, credentials.pass, deps.clock.now());
  if (memberId === null) return 'anyone';
  const member = await findMember(deps.db, memberId);
  return member && member.erased_at === null && member.status === 'subscribed' ? 'member' : 'anyone';
}

/**
 * The archive pass a subscribed member gets from their signed manage link (the members-only archive's key);
 * `link_invalid` for a link that is not theirs and `forbidden` for a member who is not subscribed.
 */
export async function archivePassForLink(deps: ArchiveDeps, manageToken: string): Promise<{ pass: string; maxAgeSeconds: number }> {
  const member = await memberForLink(deps, 'manage', manageToken);
  if (member.status !== 'subscribed') throw new AppError('forbidden');
  const expires = new Date(deps.clock.now().getTime() + archivePassDays * day);
  return { pass: signArchivePass(deps.secretKey, member.id, expires), maxAgeSeconds: archivePassDays * 24 * 3600 };
}

/** The network and its archive's visibility, once the reader may read it: `forbidden` (members only) or `not_found` (private). */
async function openArchive(deps: ArchiveDeps, reader: ArchiveReader): Promise<{ network: NetworkRow; visibility: ArchiveVisibility }> {
  const network = await requireNetwork(deps);
  const { archiveVisibility: visibility } = await readDiscussionSettings(deps, network.id);
  if (!mayRead(visibility, reader)) throw new AppError(visibility === 'private' ? 'not_found' : 'forbidden');
  return { network, visibility };
}

/** The visibility of the network's archive (for the page that says who may read it). */
export async function archiveVisibility(deps: ArchiveDeps): Promise<ArchiveVisibility> {
  const network = await requireNetwork(deps);
  return (await readDiscussionSettings(deps, network.id)).archiveVisibility;
}

/** The archive's front page: each month with its posts, and the latest threads. */
export async function archiveIndex(deps: ArchiveDeps, reader: ArchiveReader) {
  const { network, visibility } = await openArchive(deps, reader);
  const [months, latest] = await Promise.all([repo.archiveMonths(deps.db, network.id), repo.latestThreads(deps.db, network.id, latestThreadCount)]);
  return { network, visibility, months, latest, mbox: mayDownloadMbox(visibility, reader) };
}

/** The UTC bounds of a month, or `not_found` for a month that cannot be (1990 to 2999). */
export function monthRange(year: number, month: number): { from: string; to: string } {
  if (!Number.isInteger(year) || !Number.isInteger(month) || year < 1990 || year > 2999 || month < 1 || month > 12) throw new AppError('not_found');
  return { from: new Date(Date.UTC(year, month - 1, 1)).toISOString(), to: new Date(Date.UTC(year, month, 1)).toISOString() };
}

/** The threads with posts in one month, with that month's posts counted. */
export async function archiveMonth(deps: ArchiveDeps, reader: ArchiveReader, year: number, month: number) {
  const range = monthRange(year, month);
  const { network, visibility } = await openArchive(deps, reader);
  const threads = await repo.threadsBetween(deps.db, network.id, range.from, range.to, monthThreadLimit);
  return { network, threads, mbox: mayDownloadMbox(visibility, reader) };
}

/** A thread with the posts the archive shows, or `not_found`. */
export async function archiveThread(deps: ArchiveDeps, reader: ArchiveReader, threadId: number) {
  const { network } = await openArchive(deps, reader);
  const thread = await repo.findShownThread(deps.db, network.id, threadId);
  if (!thread) throw new AppError('not_found');
  const posts = await repo.threadPosts(deps.db, thread.id);
  return { network, thread, posts: posts.map((p) => ({ ...p, attachments: JSON.parse(p.attachments) as PostAttachment[] })) };
}

/** Posts whose subject, author's name or text holds the query, folded the same way in every script (members' `searchable`). */
export async function archiveSearch(deps: ArchiveDeps, reader: ArchiveReader, query: string) {
  const { network } = await openArchive(deps, reader);
  const folded = searchable(cleanLine(query).slice(0, 200)).trim();
  const posts = folded === '' ? [] : await repo.searchPosts(deps.db, network.id, folded, searchResultLimit);
  return { network, folded, posts };
}

/** The newest posts for the Atom feed: public archives only (a feed reader sends no member's pass). */
export async function archiveFeed(deps: ArchiveDeps, limit = 50) {
  const network = await requireNetwork(deps);
  if ((await readDiscussionSettings(deps, network.id)).archiveVisibility !== 'public') throw new AppError('not_found');
  return { network, posts: await repo.latestPosts(deps.db, network.id, limit) };
}

/**
 * One attachment of a post the archive shows, by its place among the post's attachments, read again from the
 * message as received. Only a file whose bytes are a type the library accepts (PDF, office documents, pictures)
 * is offered; anything else (an executable renamed .pdf) is `not_found`.
 */
export async function archiveAttachment(deps: ArchiveDeps, reader: ArchiveReader, postId: number, index: number) {
  const { network } = await openArchive(deps, reader);
  const post = await repo.shownPostRaw(deps.db, network.id, postId);
  if (!post) throw new AppError('not_found');
  const listed = (JSON.parse(post.attachments) as PostAttachment[])[index];
  if (!listed?.type) throw new AppError('not_found');
  const mail = await simpleParser(Buffer.from(post.raw, 'base64'), { skipImageLinks: true, skipTextToHtml: true } as Parameters<typeof simpleParser>[1]);
  const attachment = (mail.attachments ?? []).filter((a) => a.contentDisposition === 'attachment' || Boolean(a.filename))[index];
  if (!attachment) throw new AppError('not_found');
  return { bytes: attachment.content, name: listed.name, type: listed.type };
}

/** The asctime date of an mbox From_ line (RFC 4155), in UTC. */
function asctime(iso: string): string {
  const d = new Date(iso);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** One message in mboxrd form: its From_ line, its lines with `>*From ` quoted once more, LF line ends, a blank line after. */
export function mboxrdEntry(envelope: string, sentAt: string, raw: Buffer): Buffer {
  const sender = /^[^\s@]+@[^\s@]+$/.test(envelope) ? envelope : 'MAILER-DAEMON';
  const text = raw.toString('latin1').replace(/\r\n/g, '\n');
  const body = text.replace(/^(>*From )/gm, '>$1');
  return Buffer.from(`From ${sender} ${asctime(sentAt)}\n${body}${body.endsWith('\n') ? '' : '\n'}\n`, 'latin1');
}

/**
 * A month of the archive as an mboxrd file (RFC 4155), the posts as received in the order written, a page of
 * posts at a time (a month may hold thousands of megabyte posts). Members and staff only: it holds addresses.
 */
export async function archiveMbox(
  deps: ArchiveDeps,
  reader: ArchiveReader,
  year: number,
  month: number,
): Promise<{ name: string; chunks: AsyncIterable<Buffer> }> {
  const range = monthRange(year, month);
  const { network, visibility } = await openArchive(deps, reader);
  if (!mayDownloadMbox(visibility, reader)) throw new AppError('forbidden');
  async function* chunks(): AsyncIterable<Buffer> {
    let after: { sentAt: string; id: number } | undefined;
    for (;;) {
      const page = await repo.rawPostsBetween(deps.db, network.id, range, { limit: mboxPage, after });
      for (const post of page) yield mboxrdEntry(post.mail_from || post.from_address, post.sent_at, Buffer.from(post.raw, 'base64'));
      const last = page.at(-1);
      if (!last || page.length < mboxPage) return;
      after = { sentAt: last.sent_at, id: last.id };
    }
  }
  return { name: `${network.slug}-${year}-${String(month).padStart(2, '0')}.mbox`, chunks: chunks() };
}

/** Staff take a published post out of the web archive (its feed, search and mbox too); it stays in the database. Audited. */
export async function removePostFromArchive(deps: ArchiveDeps, actor: Actor, postId: number): Promise<{ threadId: number | null }> {
  const network = await requireNetwork(deps);
  const post = await repo.shownPostSummary(deps.db, network.id, postId);
  if (!post) throw new AppError('not_found');
  if (!(await repo.removeFromArchive(deps.db, post.id, actor.label, deps.clock.now()))) throw new AppError('not_found');
  await recordAudit(deps, actor, 'discussion.post_archive_removed', `discussion_post:${post.id}`, { from: post.from_address, subject: post.subject });
  return { threadId: post.thread_id };
}
