import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineJob } from '../../jobs/job-queue.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import { findConfirmation, findMember, insertMemberEvent } from './member.repository.ts';
import { confirmationCode } from './member-confirmation.ts';
import { memberEmail, memberEmailKinds } from './member-email.tsx';

export const memberEmailJobName = 'member.email';

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
      // A confirmation is wanted by a pending member, or by a request waiting for the member (its link carries the request's code).
      const request = kind === 'confirmation' ? await findConfirmation(deps.db, memberId) : undefined;
      const stillWanted = kind === 'confirmation' ? member.status === 'pending' || request !== undefined : member.status === 'subscribed';
      if (!stillWanted) return;
      const network = await findCurrentNetwork(deps.db);
      if (!network) return;
      const code = request ? confirmationCode(deps.secretKey, request) : undefined;
      const sent = await deps.mail.send(memberEmail(deps, member, network, kind, code));
      await insertMemberEvent(deps.db, { memberId, at: deps.clock.now(), kind: `email_${kind}`, actorLabel: 'system', details: { messageId: sent.messageId } });
    },
  });
}
