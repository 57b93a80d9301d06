import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineJob } from '../../jobs/job-queue.ts';
import { findMember } from '../members/member.repository.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import { findEvent, findRegistration, isInvited } from './event.repository.ts';
import type { EventStatus, RegistrationStatus } from './event.table.ts';
import { invitationEmail, type RegistrationEmailKind, registrationEmail, registrationEmailKinds } from './event-email.tsx';

export const registrationEmailJobName = 'event.registration_email';
export const invitationEmailJobName = 'event.invitation_email';

type MailDeps = Pick<AppDeps, 'db' | 'secretKey' | 'config' | 'mail'>;

/** Whether a message is still true when its job runs (a place cancelled since, a waitlist place promoted since). */
function stillTrue(kind: RegistrationEmailKind, status: RegistrationStatus, eventStatus: EventStatus): boolean {
  if (kind === 'event_cancelled') return eventStatus === 'cancelled' && status !== 'cancelled';
  if (kind === 'pending') return status === 'pending_approval';
  if (kind === 'declined') return status === 'cancelled';
  if (kind === 'updated') return eventStatus !== 'cancelled' && status !== 'cancelled';
  return status === (kind === 'promoted' ? 'confirmed' : kind);
}

/**
 * Tells a registrant about their registration, composed when the job runs (their current name, language and the
 * event's current time; no personal data waits in the queue). A message no longer true is not sent: a place
 * cancelled since, a waitlist place promoted since.
 */
export function registrationEmailJob(deps: MailDeps) {
  return defineJob({
    name: registrationEmailJobName,
    lane: 'priority',
    maxAttempts: 8,
    payload: z.object({ registrationId: z.number().int().positive(), kind: z.enum(registrationEmailKinds) }),
    async run({ registrationId, kind }) {
      const registration = await findRegistration(deps.db, registrationId);
      if (!registration) return;
      const [event, network] = await Promise.all([findEvent(deps.db, registration.event_id), findCurrentNetwork(deps.db)]);
      if (!event || !network || !stillTrue(kind, registration.status, event.status)) return;
      await deps.mail.send(registrationEmail(deps, network, event, registration, kind));
    },
  });
}

/** Sends one member their invitation to an invite-only event, if they are still invited and can receive mail. */
export function invitationEmailJob(deps: MailDeps) {
  return defineJob({
    name: invitationEmailJobName,
    lane: 'priority',
    maxAttempts: 8,
    payload: z.object({ eventId: z.number().int().positive(), memberId: z.number().int().positive() }),
    async run({ eventId, memberId }) {
      const [event, member, network] = await Promise.all([findEvent(deps.db, eventId), findMember(deps.db, memberId), findCurrentNetwork(deps.db)]);
      if (!event || !member || !network || member.erased_at || member.status !== 'subscribed') return;
      if (event.status !== 'published' || !(await isInvited(deps.db, eventId, memberId))) return;
      await deps.mail.send(invitationEmail(deps, network, event, member));
    },
  });
}
