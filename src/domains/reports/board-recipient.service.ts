/**
 * Board recipients: the people briefings go to, who are not members. Their address goes through the address
 * module like every other (any valid address, 用户@例子.广告 included); adding and removing are audited.
 */
import { z } from 'zod';
import { parseEmailAddress } from '../../address/email-address.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { locales } from '../../i18n/i18n.ts';
import { cleanLine } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { memberAddressBoundary } from '../members/member-record.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './board-recipient.repository.ts';
import type { BoardRecipientRow } from './board-recipient.table.ts';

export interface BoardRecipientDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'allowSpecialUseDomains'>;
}

const recipientSchema = z.object({
  name: z.string().transform(cleanLine).pipe(z.string().min(1).max(200)),
  email: z.string().max(1024),
  locale: z.enum(locales),
});

function parseRecipient(input: unknown) {
  const result = recipientSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new AppError('invalid_input', { field: String(result.error.issues[0]?.path[0] ?? 'body') });
}

/** The network's Board recipients, by name. */
export async function listBoardRecipients(deps: Pick<BoardRecipientDeps, 'db'>): Promise<BoardRecipientRow[]> {
  const network = await requireNetwork(deps);
  return repo.listBoardRecipients(deps.db, network.id);
}

/**
 * Adds a Board recipient: a name, an address the address module accepts (`invalid_email` with its reason, else),
 * one of the six languages. The same mailbox twice is `board_recipient_exists`; nothing is stored on any refusal.
 */
export async function addBoardRecipient(deps: BoardRecipientDeps, actor: Actor, input: unknown): Promise<BoardRecipientRow> {
  const fields = parseRecipient(input);
  const parsed = parseEmailAddress(fields.email, memberAddressBoundary(deps.config, 'form'));
  if (!parsed.ok) throw new AppError('invalid_email', { ...parsed.details, addressError: parsed.code });
  const network = await requireNetwork(deps);
  const row = await repo.insertBoardRecipient(deps.db, {
    network_id: network.id,
    name: fields.name,
    email: parsed.address.display,
    email_key: parsed.address.dedupeKey,
    locale: fields.locale,
    created_at: deps.clock.now().toISOString(),
    created_by: actor.label,
  });
  if (!row) throw new AppError('board_recipient_exists', { email: parsed.address.display });
  await recordAudit(deps, actor, 'board_recipient.add', `board_recipient:${row.id}`, { email: row.email, locale: row.locale });
  return row;
}

/** Removes a Board recipient: what was still to be sent to them is not sent. */
export async function removeBoardRecipient(deps: BoardRecipientDeps, actor: Actor, id: number): Promise<void> {
  const network = await requireNetwork(deps);
  const row = await repo.findBoardRecipient(deps.db, network.id, id);
  if (!row || !(await repo.deleteBoardRecipient(deps.db, network.id, id))) throw new AppError('not_found');
  await recordAudit(deps, actor, 'board_recipient.remove', `board_recipient:${id}`, { email: row.email });
}
