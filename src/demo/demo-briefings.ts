import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { Actor } from '../domains/audit/audit.service.ts';
import { createBriefing, publishBriefing, updateBriefing } from '../domains/reports/briefing.service.ts';
import type { Locale } from '../i18n/i18n.ts';
import { type DemoNarrative, earlierBriefing, laterBriefing } from './demo-briefings.data.ts';

const demoActor: Actor = { staffId: null, label: 'demo' };
const hourMs = 3_600_000;

/** When the team publishes a month's briefing: the 3rd of the next month at 09:00 UTC, or now if that is still ahead. */
export function demoPublicationDate(monthStart: Date, now: Date): Date {
  const planned = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 3, 9));
  return planned < now ? planned : now;
}

/**
 * Seeds the demo network's two published briefings for the Board, for the last two full calendar months, through the
 * briefing service: each is started as "last month" on the day the team wrote it, given its narrative in English,
 * French and Arabic, and published then, so its snapshot holds the figures of that day and the later one counts
 * "since last time" from the earlier. Run after the members, events and engagements. Does nothing when the network
 * has briefings. Returns how many it published.
 */
export async function seedDemoBriefings(deps: { db: Db; clock: Clock }, networkId: number): Promise<number> {
  const existing = await deps.db.selectFrom('briefings').select('id').where('network_id', '=', networkId).limit(1).executeTakeFirst();
  if (existing) return 0;
  const now = deps.clock.now();
  const months: [Date, DemoNarrative][] = [
    [new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1)), earlierBriefing],
    [new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)), laterBriefing],
  ];
  for (const [monthStart, narrative] of months) {
    const published = demoPublicationDate(monthStart, now);
    const on = (date: Date) => ({ db: deps.db, clock: { now: () => date } });
    // Two hours before publishing, but in the month after the period, so that "last month" is the period.
    const nextMonth = Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 1);
    const draft = on(new Date(Math.max(published.getTime() - 2 * hourMs, nextMonth)));
    const row = await createBriefing(draft, demoActor, { periodKind: 'last_month' });
    for (const [locale, sections] of Object.entries(narrative) as [Locale, Record<string, string>][]) {
      await updateBriefing(draft, demoActor, row.id, { locale, title: '', narrative: sections });
    }
    await publishBriefing(on(published), demoActor, row.id);
  }
  return months.length;
}
