import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { insertAuditEvent } from './audit.repository.ts';

/** Who is acting: a signed-in staff account, the CLI, or an anonymous visitor. */
export interface Actor {
  staffId: number | null;
  label: string;
  ip?: string | null;
}

export const cliActor: Actor = { staffId: null, label: 'cli' };

/** Records that `actor` did `action` to `subject`; every staff change calls this. */
export async function recordAudit(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  action: string,
  subject: string | null = null,
  details: Record<string, unknown> | null = null,
): Promise<void> {
  await insertAuditEvent(deps.db, { actorStaffId: actor.staffId, actorLabel: actor.label, action, subject, details, ip: actor.ip ?? null }, deps.clock.now());
}
