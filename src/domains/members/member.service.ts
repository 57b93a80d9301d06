import { createHash, createHmac } from 'node:crypto';
import { parseEmailAddress } from '../../address/email-address.ts';
import type { AppDeps } from '../../app-deps.ts';
import { flushErasedPages } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { cleanLine } from '../../security/human-text.ts';
import { verifyLink } from '../../security/signed-links.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { customConsentVersion } from '../site/network-settings.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import { takeJoinAllowances } from './join-limits.ts';
import * as repo from './member.repository.ts';
import type { ConfirmationReason, MemberConfirmationRow, MemberRow, MemberStatus, MemberTable } from './member.table.ts';
import { confirmationChanges, isConfirmationCode } from './member-confirmation.ts';
import { memberEmailJobName } from './member-email.job.ts';
import type { MemberEmailKind } from './member-email.tsx';
import { eraseCopies } from './member-erasure.ts';
import { type MemberColumns, memberAddressBoundary, memberColumns, newMemberRow, searchable } from './member-record.ts';

// Kept where its callers import it from; it lives with the other row-building code, which imports less.
export { newMemberRow };

/** `config` decides whether special-use domains are accepted (ALLOW_SPECIAL_USE_DOMAINS); without it they are not. */
export type MemberDeps = Pick<AppDeps, 'db' | 'clock' | 'queue' | 'secretKey'> & Partial<Pick<AppDeps, 'config'>>;

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
  details: Record<string, unknown> | null = null,
): Promise<void> {
  const now = deps.clock.now();
  await repo.updateMember(deps.db, member.id, { ...extra, status: to, status_at: now.toISOString(), updated_at: now.toISOString() });
  await repo.insertMemberEvent(deps.db, { memberId: member.id, at: now, kind, fromStatus: member.status, toStatus: to, actorLabel, details });
}

/** One join email (confirmation or "already a member") per address in this window, whatever the IP. */
export const joinMailWindowMs = 15 * 60 * 1000;

/**
 * The key of an address in join_mail_sends and join_limits: an HMAC of its canonical ASCII form (lower-cased
 * local part @ A-label domain), so every spelling of one mailbox shares one limit and no table holds an address.
 */
function joinMailKey(deps: MemberDeps, columns: MemberColumns): string {
  const parsed = parseEmailAddress(columns.email_input, { specialUseDomains: 'allow' });
  const local = columns.email_key.slice(0, columns.email_key.lastIndexOf('@'));
  const canonical = parsed.ok ? `${local}@${parsed.address.domainAscii.toLowerCase()}` : columns.email_key;
  return createHmac('sha256', deps.secretKey).update(`join-mail:${canonical}`).digest('base64url');
}

/** What a lapsed member's join would write once confirmed: the fields they gave (an empty one keeps its value). */
function rejoinChanges(existing: MemberRow, columns: MemberColumns): Partial<Omit<MemberTable, 'id'>> {
  const changes: Partial<Omit<MemberTable, 'id'>> = { name: columns.name, language: columns.language };
  if (columns.member_state) {
    Object.assign(changes, {
      member_state: columns.member_state,
      un_status: columns.un_status,
      regional_group: columns.regional_group,
      m49_region: columns.m49_region,
      m49_subregion: columns.m49_subregion,
    });
  }
  if (columns.stakeholder_group) changes.stakeholder_group = columns.stakeholder_group;
  if (columns.organisation) changes.organisation = columns.organisation;
  if (columns.job_title) changes.job_title = columns.job_title;
  if (!existing.source && columns.source) changes.source = columns.source;
  changes.search_text = searchable(columns.name, existing.email_display, existing.email_ascii ?? '', changes.organisation ?? existing.organisation);
  return changes;
}

/**
 * Someone joins through the public form. The answer is the same whatever the address's state, so the
 * form never reveals who is a member: a new or lapsed address gets a confirmation email, a pending one
 * gets it again, a subscribed one gets a note with a link to manage their membership. A valid join beyond the
 * address's or the client's allowance is refused (`join_address_throttled`, `join_throttled`; join-limits.ts).
 */
export async function join(deps: MemberDeps & Pick<AppDeps, 'config'>, input: unknown, ip: string | null): Promise<void> {
  const columns = memberColumns(input, memberAddressBoundary(deps.config, 'form'));
  const id = (await requireNetwork(deps)).id;
  const now = deps.clock.now();
  const addressKey = joinMailKey(deps, columns);
  await takeJoinAllowances(deps.db, deps.config.joinLimits, { addressKey, ip }, now);
  // Then: within the window a join for this address does nothing, so a flood from any number of IPs
  // neither mails the person again nor rewrites what waits for their confirmation. The answer is the same.
  const since = new Date(now.getTime() - joinMailWindowMs);
  if (!(await repo.claimJoinMail(deps.db, addressKey, now, since))) return;
  const existing = await repo.findMemberByKey(deps.db, id, columns.email_key);
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
    // A lapsed member rejoins, or someone typed their address: what was typed waits with the confirmation,
    // and nothing about the member changes unless the address confirms.
    await repo.saveConfirmation(deps.db, {
      memberId: existing.id,
      reason: 'rejoin',
      changes: rejoinChanges(existing, columns),
      requestedBy: 'member',
      at: now,
    });
    await repo.insertMemberEvent(deps.db, {
      memberId: existing.id,
      at: now,
      kind: 'rejoin_requested',
      actorLabel: 'member',
      details: { ip, source: columns.source },
    });
  }
  return sendMemberEmail(deps, existing.id, 'confirmation');
}

/** The live member a signed link points to; erased members have no live links. */
export async function memberForLink(deps: MemberDeps, purpose: 'confirm' | 'manage' | 'unsubscribe', token: string): Promise<MemberRow> {
  const memberId = verifyLink(deps.secretKey, purpose, token, deps.clock.now());
  const member = await repo.findMember(deps.db, memberId);
  if (!member || member.erased_at) throw new AppError('link_invalid');
  return member;
}

/** What a confirm link would confirm: the member, and the waiting request (rejoin, new address, re-subscription) if any. */
export interface ConfirmationState {
  member: MemberRow;
  request: MemberConfirmationRow | null;
  /** True when confirming would change something (a pending member, or a waiting request). */
  awaiting: boolean;
}

/**
 * Reads a confirm link and its request code. While a request waits, only the link mailed for THAT request
 * (its code) confirms: throws link_invalid for any other, such as one mailed to a previous address.
 */
export async function confirmationState(deps: MemberDeps, token: string, code: unknown): Promise<ConfirmationState> {
  const member = await memberForLink(deps, 'confirm', token);
  const request = (await repo.findConfirmation(deps.db, member.id)) ?? null;
  if (request && !isConfirmationCode(deps.secretKey, request, code)) throw new AppError('link_invalid');
  return { member, request, awaiting: request !== null || member.status === 'pending' };
}

/**
 * Confirms by double opt-in: a pending member, or the request waiting for a member (its changes are written
 * now). Subscribed, consent recorded, welcome email queued. Confirming twice changes nothing.
 */
export async function confirm(deps: MemberDeps, token: string, locale: Locale, code?: unknown): Promise<MemberRow> {
  const { member, request, awaiting } = await confirmationState(deps, token, code);
  if (!awaiting) return member;
  const changes = request ? confirmationChanges(request) : {};
  const now = deps.clock.now().toISOString();
  await changeStatus(deps, member, 'subscribed', 'confirmed', 'member', {
    ...changes,
    consent_version: `${customConsentVersion(await requireNetwork(deps)) ?? consentVersion}:${locale}`,
    consent_at: now,
    consent_method: 'double_opt_in',
    consent_basis: null,
  });
  if (request) await repo.deleteConfirmation(deps.db, member.id);
  await sendMemberEmail(deps, member.id, 'welcome');
  return { ...member, ...changes, status: 'subscribed' };
}

/** The request waiting for this member's confirmation, for staff pages. */
export async function waitingConfirmation(deps: Pick<AppDeps, 'db'>, memberId: number): Promise<MemberConfirmationRow | null> {
  return (await repo.findConfirmation(deps.db, memberId)) ?? null;
}

/** Unsubscribes the member of an unsubscribe link (the page's button or an RFC 8058 one-click POST). Idempotent. */
export async function unsubscribe(deps: MemberDeps, memberId: number, how: 'one_click' | 'page' | 'preferences'): Promise<void> {
  const member = await repo.findMember(deps.db, memberId);
  if (!member || member.erased_at) throw new AppError('link_invalid');
  // Their choice also withdraws anything that was waiting for their confirmation.
  await repo.deleteConfirmation(deps.db, member.id);
  if (member.status === 'unsubscribed' || member.status === 'removed') return;
  await changeStatus(deps, member, 'unsubscribed', `unsubscribed_${how}`, 'member');
}

/** The preferences a member may change themselves. */
export async function updatePreferences(deps: MemberDeps, member: MemberRow, input: Record<string, unknown>): Promise<void> {
  // The stored address was checked when it came in; a later setting must not lock the member out of their page.
  const columns = memberColumns({ ...input, email: member.email_input, source: member.source ?? undefined }, { specialUseDomains: 'allow' });
  const now = deps.clock.now();
  await repo.updateMember(deps.db, member.id, { ...columns, email_key: member.email_key, updated_at: now.toISOString() });
  await repo.insertMemberEvent(deps.db, {
    memberId: member.id,
    at: now,
    kind: 'preferences_updated',
    actorLabel: 'member',
    details: { changes: fieldChanges(member, columns) },
  });
}

/** One changed field in a member's history: the field (a member column, or `email`), old and new value. */
export interface FieldChange {
  field: 'email' | 'name' | 'member_state' | 'stakeholder_group' | 'organisation' | 'job_title' | 'language';
  from: string | null;
  to: string | null;
}

function fieldChanges(before: MemberRow, after: MemberColumns): FieldChange[] {
  const changes: FieldChange[] = [];
  if (before.email_key !== after.email_key) changes.push({ field: 'email', from: before.email_display, to: after.email_display });
  for (const field of ['name', 'member_state', 'stakeholder_group', 'organisation', 'job_title', 'language'] as const) {
    if (before[field] !== after[field]) changes.push({ field, from: before[field], to: after[field] });
  }
  return changes;
}

/** Everything Plenary holds about a member, for "download my data". */
export async function memberData(deps: MemberDeps, member: MemberRow) {
  const events = await repo.listMemberEvents(deps.db, member.id);
  const request = await repo.findConfirmation(deps.db, member.id);
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
    waitingForConfirmation: request ? { reason: request.reason, since: request.created_at, changes: confirmationChanges(request) } : null,
    history: events.map((e) => ({ at: e.at, what: e.kind, from: e.from_status, to: e.to_status })),
  };
}

/**
 * Erases a member's personal data. What remains is an anonymous tombstone: geography, stakeholder group
 * and language (for counts), status `removed`, and a hash of the address so that nothing is sent to it.
 */
export async function erase(deps: MemberDeps & Pick<AppDeps, 'dialect'>, member: MemberRow, actor: Actor): Promise<void> {
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
    await repo.deleteConfirmation(trx, member.id);
    await eraseCopies(trx, member);
    await repo.insertMemberEvent(trx, {
      memberId: member.id,
      at: now,
      kind: 'erased',
      fromStatus: member.status,
      toStatus: 'removed',
      actorLabel: actor.staffId ? actor.label : 'member',
    });
  });
  await flushErasedPages(deps.db, deps.dialect);
  if (actor.staffId) await recordAudit(deps, actor, 'member.erase', `member:${member.id}`);
}

/** Staff add a member: pending (a confirmation email goes out) or subscribed on a lawful basis they state. */
export async function addMember(
  deps: MemberDeps,
  actor: Actor,
  input: unknown,
  options: { status: 'pending' | 'subscribed'; basis?: string },
): Promise<MemberRow> {
  const columns = memberColumns(input, memberAddressBoundary(deps.config, 'form'));
  const basis = cleanLine(options.basis ?? '').slice(0, 500);
  if (options.status === 'subscribed' && !basis) throw new AppError('invalid_input', { field: 'basis' });
  const id = (await requireNetwork(deps)).id;
  if (await repo.findMemberByKey(deps.db, id, columns.email_key)) throw new AppError('member_exists');
  const now = deps.clock.now();
  const consent = options.status === 'subscribed' ? { method: 'staff' as const, basis, version: 'staff' } : undefined;
  const member = await repo.insertMember(deps.db, newMemberRow(id, columns, options.status, now, consent));
  await repo.insertMemberEvent(deps.db, { memberId: member.id, at: now, kind: 'added_by_staff', toStatus: options.status, actorLabel: actor.label });
  await recordAudit(deps, actor, 'member.add', `member:${member.id}`, { status: options.status, basis: consent?.basis ?? null });
  if (options.status === 'pending') await sendMemberEmail(deps, member.id, 'confirmation');
  return member;
}

// A member in these states is (or may again be) mailed, so a new address must confirm first; an unsubscribed
// or removed member is mailed nothing, so their address simply changes.
const mailedStatuses: readonly MemberStatus[] = ['subscribed', 'pending', 'bounced'];

/**
 * Staff edit a member's fields. The address must stay unique, and a new address is confirmed before mail goes
 * to it: the member is pending (no announcement reaches them) until the confirmation mailed there is used.
 */
export async function editMember(deps: MemberDeps, actor: Actor, member: MemberRow, input: unknown): Promise<void> {
  const columns = memberColumns(input, memberAddressBoundary(deps.config, 'form'));
  const addressChanged = columns.email_key !== member.email_key;
  if (addressChanged) {
    const clash = await repo.findMemberByKey(deps.db, member.network_id, columns.email_key);
    if (clash) throw new AppError('member_exists');
  }
  const reconfirm = addressChanged && mailedStatuses.includes(member.status);
  const now = deps.clock.now();
  const status = reconfirm ? { status: 'pending' as const, status_at: now.toISOString() } : {};
  await repo.updateMember(deps.db, member.id, { ...columns, ...status, updated_at: now.toISOString() });
  const changes = fieldChanges(member, columns);
  await repo.insertMemberEvent(deps.db, {
    memberId: member.id,
    at: now,
    kind: 'edited_by_staff',
    fromStatus: reconfirm ? member.status : null,
    toStatus: reconfirm ? 'pending' : null,
    actorLabel: actor.label,
    details: { changes },
  });
  // Whatever waited for the old address's confirmation is void: the new address never asked for it.
  if (addressChanged) await repo.deleteConfirmation(deps.db, member.id);
  if (reconfirm) await requestConfirmation(deps, member.id, 'address', actor.label, now);
  // The audit log outlives an erasure, so it names the fields, not their values.
  await recordAudit(deps, actor, 'member.edit', `member:${member.id}`, { changed: changes.map((c) => c.field), reconfirm });
}

/** Records a request that waits for the member's confirmation and mails them the link for it. */
async function requestConfirmation(deps: MemberDeps, memberId: number, reason: ConfirmationReason, requestedBy: string, at: Date): Promise<void> {
  await repo.saveConfirmation(deps.db, { memberId, reason, changes: null, requestedBy, at });
  await sendMemberEmail(deps, memberId, 'confirmation');
}

/** The status changes staff may apply, one member or a whole filtered set at a time. */
export const staffStatusActions = { unsubscribe: 'unsubscribed', remove: 'removed', resubscribe: 'subscribed' } as const;
export type StaffStatusAction = keyof typeof staffStatusActions;

/** How staff re-subscribe a member: on a lawful basis they state, or by asking the member to confirm by email. */
export interface ResubscribeConsent {
  basis?: string;
  reconfirm?: boolean;
}

/** The cleaned basis of a re-subscription; throws invalid_input (basis) when there is neither a basis nor a re-confirmation. */
function resubscribeBasis(consent: ResubscribeConsent): string {
  const basis = cleanLine(consent.basis ?? '').slice(0, 500);
  if (!basis && !consent.reconfirm) throw new AppError('invalid_input', { field: 'basis' });
  return basis;
}

/**
 * Puts one member back: subscribed at once on the stated basis (recorded as their consent), or, without a
 * basis, a re-confirmation email and subscribed only when they confirm. Returns which happened.
 */
async function resubscribe(deps: MemberDeps, actor: Actor, member: MemberRow, basis: string, kind: string): Promise<'subscribed' | 'asked'> {
  if (basis) {
    const consent = { consent_method: 'staff' as const, consent_basis: basis, consent_at: deps.clock.now().toISOString(), consent_version: 'staff' };
    await changeStatus(deps, member, 'subscribed', kind, actor.label, consent, { basis });
    await repo.deleteConfirmation(deps.db, member.id);
    return 'subscribed';
  }
  const now = deps.clock.now();
  await repo.insertMemberEvent(deps.db, { memberId: member.id, at: now, kind: `${kind}_requested`, actorLabel: actor.label });
  await requestConfirmation(deps, member.id, 'resubscribe', actor.label, now);
  return 'asked';
}

/** Applies a status action to one member, in their history and the audit log. Re-subscribing needs `consent`. */
export async function applyStatusAction(
  deps: MemberDeps,
  actor: Actor,
  member: MemberRow,
  action: StaffStatusAction,
  consent: ResubscribeConsent = {},
): Promise<void> {
  const to = staffStatusActions[action];
  if (member.erased_at || member.status === to) return;
  if (to === 'subscribed') {
    const basis = resubscribeBasis(consent);
    const outcome = await resubscribe(deps, actor, member, basis, 'staff_resubscribe');
    const auditAction = outcome === 'subscribed' ? 'member.resubscribe' : 'member.resubscribe_requested';
    await recordAudit(deps, actor, auditAction, `member:${member.id}`, outcome === 'subscribed' ? { basis } : undefined);
    return;
  }
  await changeStatus(deps, member, to, `staff_${action}`, actor.label);
  await repo.deleteConfirmation(deps.db, member.id);
  await recordAudit(deps, actor, `member.${action}`, `member:${member.id}`);
}

/** Applies a status action to every member matching the filters, in chunks; returns how many changed (or were asked to confirm). */
export async function bulkStatusAction(
  deps: MemberDeps,
  actor: Actor,
  filters: repo.MemberFilters,
  action: StaffStatusAction,
  consent: ResubscribeConsent = {},
): Promise<number> {
  const id = (await requireNetwork(deps)).id;
  const to = staffStatusActions[action];
  const basis = to === 'subscribed' ? resubscribeBasis(consent) : '';
  let changed = 0;
  for await (const member of repo.streamMembers(deps.db, id, filters, 500)) {
    if (member.erased_at || member.status === to) continue;
    if (to === 'subscribed') await resubscribe(deps, actor, member, basis, 'staff_bulk_resubscribe');
    else {
      await changeStatus(deps, member, to, `staff_bulk_${action}`, actor.label);
      await repo.deleteConfirmation(deps.db, member.id);
    }
    changed++;
  }
  await recordAudit(deps, actor, `member.bulk_${action}`, null, { filters, changed, ...(basis ? { basis } : {}) });
  return changed;
}
