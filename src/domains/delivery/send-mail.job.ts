import { z } from 'zod';
import { defineJob } from '../../jobs/job-queue.ts';
import type { MailTransport } from './mail-transport.ts';

export const sendMailJobName = 'mail.send';

/** A single transactional email (an invite, a confirmation), sent in the priority lane. */
export function sendMailJob(transport: MailTransport, from: string) {
  return defineJob({
    name: sendMailJobName,
    lane: 'priority',
    maxAttempts: 8,
    // An invitation's text holds its set-password link: nothing of it stays once it is sent.
    privatePayload: true,
    payload: z.object({
      to: z.string().min(3).max(400),
      subject: z.string().min(1).max(998),
      text: z.string(),
      html: z.string().optional(),
      headers: z.record(z.string(), z.string()).optional(),
    }),
    async run(payload) {
      await transport.send({ from, ...payload });
    },
  });
}
