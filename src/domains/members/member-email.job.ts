import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineJob } from '../../jobs/job-queue.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import { findMember, insertMemberEvent } from './member.repository.ts';
import { memberEmail } from './member-email.tsx';

export const memberEmailJobName = 'member.email';
export const memberEmailKinds = ['confirmation', 'welcome', 'already_member'] as const;
export type MemberEmailKind = (typeof memberEmailKinds)[number];

/**
 * Sends one transactional email to a member, composed when the job runs (so it uses their current
 * name and language, and no personal data waits in the queue). Skips members who can no longer receive it.
 */
export function memberEmailJob(deps: Pick<AppDeps, 'db' | 'clock' | 'secretKey' | 'config' | 'mail'>) {
  return defineJob({
    name: memberEmailJobName,
    lane: 'priority',
    maxAttempts: 8,
    payload: z.object({ memberId: z.number().int().positive(), kind: z.enum(memberEmailKinds) }),
    async run({ memberId, kind }) {
      const member = await findMember(deps.db, memberId);
      if (!member || member.erased_at) return;
      const stillWanted = kind === 'confirmation' ? member.status === 'pending' : member.status === 'subscribed';
      if (!stillWanted) return;
      const network = await findCurrentNetwork(deps.db);
      if (!network) return;
      const sent = await deps.mail.send(memberEmail(deps, member, network, kind));
      await insertMemberEvent(deps.db, { memberId, at: deps.clock.now(), kind: `email_${kind}`, actorLabel: 'system', details: { messageId: sent.messageId } });
    },
  });
}
