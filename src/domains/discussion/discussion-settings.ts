import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { hasControlCharacters } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import * as repo from './discussion.repository.ts';
import {
  type ArchiveVisibility,
  archiveVisibilities,
  availableDeliveries,
  type FromRewrite,
  fromRewrites,
  type NonMemberAction,
  nonMemberActions,
  type PostDelivery,
  type PostingPolicy,
  postingPolicies,
} from './discussion.table.ts';

/** The network's discussion list settings, as the intake and the admin area read them. */
export interface DiscussionSettings {
  policy: PostingPolicy;
  nonMembers: NonMemberAction;
  holdDays: number;
  /** How members who have not chosen receive posts. */
  defaultDelivery: PostDelivery;
  /** Put before redistributed posts' subjects, once; empty: none. */
  subjectPrefix: string;
  rewriteFrom: FromRewrite;
  /** Who reads the web archive. */
  archiveVisibility: ArchiveVisibility;
}

/** A held post expires after this many days unless the network chose otherwise. */
export const defaultHoldDays = 14;
export const maxHoldDays = 90;
export const maxSubjectPrefixLength = 40;

/** The saved settings, or the configuration's defaults (DISCUSSION_POLICY) for a network that has saved none. */
export async function readDiscussionSettings(deps: { db: Db; config: Config }, networkId: number): Promise<DiscussionSettings> {
  const row = await repo.findSettings(deps.db, networkId);
  if (!row) {
    const { policy, defaultDelivery } = deps.config.discussion;
    return { policy, nonMembers: 'hold', holdDays: defaultHoldDays, defaultDelivery, subjectPrefix: '', rewriteFrom: 'dmarc', archiveVisibility: 'members' };
  }
  return {
    policy: row.policy,
    nonMembers: row.non_members,
    holdDays: row.hold_days,
    defaultDelivery: row.default_delivery,
    subjectPrefix: row.subject_prefix,
    rewriteFrom: row.rewrite_from,
    archiveVisibility: row.archive_visibility,
  };
}

const settingsInput = z.object({
  policy: z.enum(postingPolicies),
  nonMembers: z.enum(nonMemberActions),
  holdDays: z.coerce.number().int().min(1).max(maxHoldDays),
  defaultDelivery: z.enum(availableDeliveries),
  subjectPrefix: z
    .string()
    .max(maxSubjectPrefixLength * 2)
    .transform((v) => v.trim())
    .refine((v) => v.length <= maxSubjectPrefixLength && !hasControlCharacters(v)),
  rewriteFrom: z.enum(fromRewrites),
  archiveVisibility: z.enum(archiveVisibilities),
});

/** Saves the settings a form sent (those it left out keep their value); a wrong value is `invalid_input` naming the field, and nothing is saved. Audited. */
export async function updateDiscussionSettings(
  deps: { db: Db; clock: Clock; config: Config },
  actor: Actor,
  networkId: number,
  body: Record<string, unknown>,
): Promise<DiscussionSettings> {
  const parsed = settingsInput.partial().safeParse(body);
  if (!parsed.success) throw new AppError('invalid_input', { field: String(parsed.error.issues[0]?.path[0] ?? 'body') });
  const before = await readDiscussionSettings(deps, networkId);
  // A field the form did not send keeps its value; one it sent wrong refuses the whole form.
  const after: DiscussionSettings = { ...before, ...Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) };
  await repo.saveSettings(deps.db, {
    network_id: networkId,
    policy: after.policy,
    non_members: after.nonMembers,
    hold_days: after.holdDays,
    default_delivery: after.defaultDelivery,
    subject_prefix: after.subjectPrefix,
    rewrite_from: after.rewriteFrom,
    archive_visibility: after.archiveVisibility,
    updated_at: deps.clock.now().toISOString(),
  });
  await recordAudit(deps, actor, 'discussion.settings_updated', `network:${networkId}`, { before, after });
  return after;
}
