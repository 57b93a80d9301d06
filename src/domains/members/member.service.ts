import { createHash } from 'node:crypto';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { verifyLink } from '../../security/signed-links.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './member.repository.ts';
import type { ConsentMethod, MemberRow, MemberStatus } from './member.table.ts';
import { type MemberEmailKind, memberEmailJobName } from './member-email.job.ts';
import { type MemberColumns, memberColumns } from './member-record.ts';

export type MemberDeps = Pick<AppDeps, 'db' | 'clock' | 'queue' | 'secretKey'>;

/** The version of the consent text on the join form; stored with each member's consent. */
export const consentVersion = 'join-consent-2026-11';
async function sendMemberEmail(deps: MemberDeps, memberId: number, kind: MemberEmailKind): Promise<void> {
  await deps.queue.enqueue(memberEmailJobName, { memberId, kind });
}

/** Moves a member to `to`, writing the change in their history. */
async function changeStatus(
  deps: MemberDeps,
  member: MemberRow,
  to: MemberStatus,
  kind: string,
  actorLabel: string,
  extra: Partial<MemberRow> = {},
): Promise<void> {
  const now = deps.clock.now();
  await repo.updateMember(deps.db, member.id, { ...extra, status: to, status_at: now.toISOString(), updated_at: now.toISOString() });
  await repo.insertMemberEvent(deps.db, { memberId: member.id, at: now, kind, fromStatus: member.status, toStatus: to, actorLabel });
}

/**
 * Someone joins through the public form. The answer is the same whatever the address's state, so the
 * form never reveals who is a member: a new or lapsed address gets a confirmation email, a pending one
 * gets it again, a subscribed one gets a note with a link to manage their membership.
 */
export async function join(deps: MemberDeps, input: unknown, ip: string | null): Promise<void> {
  const columns = memberColumns(input);
  const id = (await requireNetwork(deps)).id;
  const existing = await repo.findMemberByKey(deps.db, id, columns.email_key);
  const now = deps.clock.now();
  if (!existing) {
    const member = await repo.insertMember(deps.db, newMemberRow(id, columns, 'pending', now));
    await repo.insertMemberEvent(deps.db, {
      memberId: member.id,
      at: now,
      kind: 'joined',
      toStatus: 'pending',
      actorLabel: 'member',
      details: { ip, source: columns.source },
    });
    return sendMemberEmail(deps, member.id, 'confirmation');
  }
  if (existing.status === 'subscribed') return sendMemberEmail(deps, existing.id, 'already_member');
  if (existing.status !== 'pending') {
    // A lapsed member rejoins: take the fields they just gave, and ask them to confirm again.
    await repo.updateMember(deps.db, existing.id, {
      ...columns,
      email_key: existing.email_key,
      source: existing.source ?? columns.source,
      updated_at: now.toISOString(),
    });
    await changeStatus(deps, existing, 'pending', 'rejoined', 'member');
  }
  return sendMemberEmail(deps, existing.id, 'confirmation');
}

/** A fresh member row in `status`. */
export function newMemberRow(
  networkIdValue: number,
  columns: MemberColumns,
  status: MemberStatus,
  now: Date,
  consent?: { method: ConsentMethod; basis: string | null; version: string },
) {
  const at = now.toISOString();
  return {
    network_id: networkIdValue,
    ...columns,
    consent_version: consent?.version ?? null,
    consent_at: consent ? at : null,
    consent_method: consent?.method ?? null,
    consent_basis: consent?.basis ?? null,
    status,
    status_at: at,
    created_at: at,
    updated_at: at,
    erased_at: null,
  };
}

/** The live member a signed link points to; erased members have no live links. */
export async function memberForLink(deps: MemberDeps, purpose: 'confirm' | 'manage' | 'unsubscribe', token: string): Promise<MemberRow> {
  const memberId = verifyLink(deps.secretKey, purpose, token, deps.clock.now());
  const member = await repo.findMember(deps.db, memberId);
  if (!member || member.erased_at) throw new AppError('link_invalid');
  return member;
}

/** Confirms a pending member (double opt-in): subscribed, consent recorded, welcome email queued. Confirming twice changes nothing. */
export async function confirm(deps: MemberDeps, token: string, locale: Locale): Promise<MemberRow> {
  const member = await memberForLink(deps, 'confirm', token);
  if (member.status !== 'pending') return member;
  const now = deps.clock.now().toISOString();
  await changeStatus(deps, member, 'subscribed', 'confirmed', 'member', {
    consent_version: `${consentVersion}:${locale}`,
    consent_at: now,
    consent_method: 'double_opt_in',
    consent_basis: null,
  });
  await sendMemberEmail(deps, member.id, 'welcome');
  return { ...member, status: 'subscribed' };
}

/** Unsubscribes the member of an unsubscribe link (the page's button or an RFC 8058 one-click POST). Idempotent. */
export async function unsubscribe(deps: MemberDeps, memberId: number, how: 'one_click' | 'page' | 'preferences'): Promise<void> {
  const member = await repo.findMember(deps.db, memberId);
  if (!member || member.erased_at) throw new AppError('link_invalid');
  if (member.status === 'unsubscribed' || member.status === 'removed') return;
  await changeStatus(deps, member, 'unsubscribed', `unsubscribed_${how}`, 'member');
}

/** The preferences a member may change themselves. */
export async function updatePreferences(deps: MemberDeps, member: MemberRow, input: Record<string, unknown>): Promise<void> {
  const columns = memberColumns({ ...input, email: member.email_input, source: member.source ?? undefined });
  const now = deps.clock.now();
  await repo.updateMember(deps.db, member.id, { ...columns, email_key: member.email_key, updated_at: now.toISOString() });
  await repo.insertMemberEvent(deps.db, {
    memberId: member.id,
    at: now,
    kind: 'preferences_updated',
    actorLabel: 'member',
    details: changedFields(member, columns),
  });
}

function changedFields(before: MemberRow, after: MemberColumns): Record<string, unknown> {
  const fields = ['name', 'member_state', 'stakeholder_group', 'organisation', 'job_title', 'language'] as const;
  return { changed: fields.filter((f) => before[f] !== after[f]) };
}

/** Everything Plenary holds about a member, for "download my data". */
export async function memberData(deps: MemberDeps, member: MemberRow) {
  const events = await repo.listMemberEvents(deps.db, member.id);
  return {
    email: member.email_display,
    emailAsTyped: member.email_input,
    name: member.name,
    memberState: member.member_state,
    regionalGroup: member.regional_group,
    stakeholderGroup: member.stakeholder_group,
    organisation: member.organisation,
    title: member.job_title,
    language: member.language,
    source: member.source,
    status: member.status,
    consent: { version: member.consent_version, at: member.consent_at, method: member.consent_method, basis: member.consent_basis },
    joinedAt: member.created_at,
    history: events.map((e) => ({ at: e.at, what: e.kind, from: e.from_status, to: e.to_status })),
  };
}

/**
 * Erases a member's personal data. What remains is an anonymous tombstone: geography, stakeholder group
 * and language (for counts), status `removed`, and a hash of the address so that nothing is sent to it.
 */
export async function erase(deps: MemberDeps, member: MemberRow, actor: Actor): Promise<void> {
  const now = deps.clock.now();
  const hashed = `erased:${createHash('sha256').update(member.email_key).digest('hex')}:${member.id}`;
  await deps.db.transaction().execute(async (trx) => {
    await repo.updateMember(trx, member.id, {
      email_input: '',
      email_display: '',
      email_ascii: null,
      email_key: hashed,
      name: '',
      organisation: '',
      job_title: '',
      consent_basis: null,
      search_text: '',
      status: 'removed',
      status_at: now.toISOString(),
      updated_at: now.toISOString(),
      erased_at: now.toISOString(),
    });
    await trx.deleteFrom('member_events').where('member_id', '=', member.id).execute();
    await repo.insertMemberEvent(trx, {
      memberId: member.id,
      at: now,
      kind: 'erased',
      fromStatus: member.status,
      toStatus: 'removed',
      actorLabel: actor.staffId ? actor.label : 'member',
    });
  });
  if (actor.staffId) await recordAudit(deps, actor, 'member.erase', `member:${member.id}`);
}

/** Staff add a member: pending (a confirmation email goes out) or subscribed on a lawful basis they state. */
export async function addMember(
  deps: MemberDeps,
  actor: Actor,
  input: unknown,
  options: { status: 'pending' | 'subscribed'; basis?: string },
): Promise<MemberRow> {
  const columns = memberColumns(input);
  if (options.status === 'subscribed' && !options.basis?.trim()) throw new AppError('invalid_input', { field: 'basis' });
  const id = (await requireNetwork(deps)).id;
  if (await repo.findMemberByKey(deps.db, id, columns.email_key)) throw new AppError('member_exists');
  const now = deps.clock.now();
  const consent = options.status === 'subscribed' ? { method: 'staff' as const, basis: options.basis?.trim() ?? null, version: 'staff' } : undefined;
  const member = await repo.insertMember(deps.db, newMemberRow(id, columns, options.status, now, consent));
  await repo.insertMemberEvent(deps.db, { memberId: member.id, at: now, kind: 'added_by_staff', toStatus: options.status, actorLabel: actor.label });
  await recordAudit(deps, actor, 'member.add', `member:${member.id}`, { status: options.status, basis: consent?.basis ?? null });
  if (options.status === 'pending') await sendMemberEmail(deps, member.id, 'confirmation');
  return member;
}

/** Staff edit a member's fields (the address too: it must stay unique). */
export async function editMember(deps: MemberDeps, actor: Actor, member: MemberRow, input: unknown): Promise<void> {
  const columns = memberColumns(input);
  if (columns.email_key !== member.email_key) {
    const clash = await repo.findMemberByKey(deps.db, member.network_id, columns.email_key);
    if (clash) throw new AppError('member_exists');
  }
  const now = deps.clock.now();
  await repo.updateMember(deps.db, member.id, { ...columns, updated_at: now.toISOString() });
  const details = changedFields(member, columns);
  await repo.insertMemberEvent(deps.db, { memberId: member.id, at: now, kind: 'edited_by_staff', actorLabel: actor.label, details });
  await recordAudit(deps, actor, 'member.edit', `member:${member.id}`, details);
}

/** The status changes staff may apply, one member or a whole filtered set at a time. */
export const staffStatusActions = { unsubscribe: 'unsubscribed', remove: 'removed', resubscribe: 'subscribed' } as const;
export type StaffStatusAction = keyof typeof staffStatusActions;

/** Applies a status action to one member, in their history and the audit log. */
export async function applyStatusAction(deps: MemberDeps, actor: Actor, member: MemberRow, action: StaffStatusAction): Promise<void> {
  const to = staffStatusActions[action];
  if (member.erased_at || member.status === to) return;
  // Only a member who once confirmed may be put back; others must join again themselves.
  if (to === 'subscribed' && !member.consent_at) throw new AppError('invalid_input', { field: 'action' });
  await changeStatus(deps, member, to, `staff_${action}`, actor.label);
  await recordAudit(deps, actor, `member.${action}`, `member:${member.id}`);
}

/** Applies a status action to every member matching the filters, in chunks; returns how many changed. */
export async function bulkStatusAction(deps: MemberDeps, actor: Actor, filters: repo.MemberFilters, action: StaffStatusAction): Promise<number> {
  const id = (await requireNetwork(deps)).id;
  const to = staffStatusActions[action];
  let changed = 0;
  for await (const member of repo.streamMembers(deps.db, id, filters, 500)) {
    if (member.erased_at || member.status === to || (to === 'subscribed' && !member.consent_at)) continue;
    await changeStatus(deps, member, to, `staff_bulk_${action}`, actor.label);
    changed++;
  }
  await recordAudit(deps, actor, `member.bulk_${action}`, null, { filters, changed });
  return changed;
}
