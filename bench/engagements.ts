// A member state's dossier and the coverage map over 100,000 engagements and 1,000,000 members.
// Run: node --import tsx bench/engagements.ts [--dialect=sqlite|postgres] [--members=1000000] [--engagements=100000]
//      [--runs=30] [--state=BR] [--keep]
// PostgreSQL: a fresh database is created on BENCH_POSTGRES_URL (else TEST_POSTGRES_URL) and dropped afterwards.
// Builds a fresh database, migrates it (member tallies' triggers fire on every insert, and each engagement's member
// state rows carry their contact days, as the service writes them), fills it with synthetic members and engagements
// (one to three member states each, Zipf-like, dated over ten years, 5% planned or cancelled, 1% ongoing, 10% with
// a follow-up), then times what the admin pages call: memberStateDossier (the dossier page: members by stakeholder
// group and status, the last 200 engagements with their links, open follow-ups, last contact) and
// the latest 20 events its people registered for (100,000 registrations per 1,000,000 members over 500 events), the
// latest 10 of 200 sent announcements with their regional group's summed reach) and
// engagementCoverage (the map: 193 member states' members and last contact, gaps, regional groups). One warm-up,
// then `runs` timed runs each: median and p95 (nearest rank). The machine facts and the load average are printed
// first, since the figure depends on what else the machine does.
import os from 'node:os';
import { sql } from 'kysely';
import { manualClock } from '../src/clock.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { cliActor } from '../src/domains/audit/audit.service.ts';
import { announcementsReachingGroup, eventsOfMemberState } from '../src/domains/engagements/engagement.repository.ts';
import { engagementKinds } from '../src/domains/engagements/engagement.table.ts';
import { engagementCoverage } from '../src/domains/engagements/engagement-coverage.ts';
import { dossierAnnouncementsLength, dossierEventsLength, memberStateDossier } from '../src/domains/engagements/member-state-dossier.ts';
import { geographyOf } from '../src/domains/members/member-geography.ts';
import { memberStates } from '../src/domains/members/member-states.data.ts';
import { insertAll, openBenchDatabase, timeRuns } from './bench-db.ts';
import { machineFacts, prng, table } from './machine.ts';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [key, value] = a.replace(/^--/, '').split('=');
    return [key!, value ?? 'true'] as const;
  }),
);
const dialect = args.get('dialect') === 'postgres' ? 'postgres' : 'sqlite';
const memberCount = Number(args.get('members') ?? 1_000_000);
const engagementCount = Number(args.get('engagements') ?? 100_000);
const runs = Number(args.get('runs') ?? 30);
const dossierState = args.get('state') ?? 'BR';
const keep = args.has('keep');
const now = new Date('2026-10-20T09:00:00Z');
const today = now.toISOString().slice(0, 10);
const random = prng(20261020);
const dayMs = 86_400_000;

// Member states weighted Zipf-like (a few large delegations), the dossier's state among the largest.
const states = memberStates.filter((s) => s.status === 'member').map((s) => s.code);
states.sort((a, b) => (a === dossierState ? -1 : b === dossierState ? 1 : 0));
const weights = states.map((_, i) => 1 / (1 + i) ** 0.8);
const totalWeight = weights.reduce((a, b) => a + b, 0);
function pickState(): string {
  let r = random() * totalWeight;
  for (let i = 0; i < states.length; i++) {
    r -= weights[i]!;
    if (r < 0) return states[i]!;
  }
  return states[0]!;
}
const stakeholderGroups = ['government', 'igo', 'private_sector', 'civil_society', 'technical_community', 'academia', null];
const statuses = ['subscribed', 'subscribed', 'subscribed', 'subscribed', 'subscribed', 'subscribed', 'subscribed', 'subscribed', 'pending', 'unsubscribed'];

async function seed(handle: DatabaseHandle): Promise<number> {
  const { db } = handle;
  const network = await db
    .insertInto('networks')
    .values({ slug: 'bench', name: '{"en":"Bench"}', purpose: '{}', join_call: '{}', default_locale: 'en', created_at: now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const staff = await db
    .insertInto('staff_accounts')
    .values({
      email: 'owner@example.org',
      email_key: 'owner@example.org',
      name: 'Owner',
      role: 'owner',
      password_hash: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const memberSeconds = await insertAll('members', memberCount, 500, async (from, to) => {
    const rows = [];
    for (let i = from; i < to; i++) {
      const state = pickState();
      const geography = geographyOf(state);
      const email = `member.${i}@example.org`;
      const at = new Date(now.getTime() - random() * 730 * dayMs).toISOString();
      const status = statuses[Math.floor(random() * statuses.length)]!;
      rows.push({
        network_id: network.id,
        email_input: email,
        email_display: email,
        email_ascii: null,
        email_key: email,
        name: `Member ${i}`,
        member_state: state,
        un_status: geography?.unStatus ?? null,
        regional_group: geography?.regionalGroup ?? null,
        m49_region: geography?.m49Region ?? null,
        m49_subregion: geography?.m49Subregion ?? null,
        stakeholder_group: stakeholderGroups[Math.floor(random() * stakeholderGroups.length)] ?? null,
        organisation: '',
        job_title: '',
        language: 'en',
        source: null,
        consent_version: status === 'pending' ? null : 'v1',
        consent_at: status === 'pending' ? null : at,
        consent_method: status === 'pending' ? null : 'double_opt_in',
        consent_basis: null,
        status,
        status_at: at,
        search_text: `member ${i} ${email}`,
        created_at: at,
        updated_at: at,
        erased_at: null,
      });
    }
    await db
      .insertInto('members')
      .values(rows as never)
      .execute();
  });
  const engagementSeconds = await insertAll('engagements', engagementCount, 500, async (from, to) => {
    const rows = [];
    for (let i = from; i < to; i++) {
      const start = new Date(now.getTime() - random() * 3650 * dayMs + 60 * dayMs).toISOString().slice(0, 10);
      const roll = random();
      const ongoing = roll < 0.01;
      const status = ongoing ? 'ongoing' : roll < 0.06 ? (start > today ? 'planned' : 'cancelled') : start > today ? 'planned' : 'done';
      const end = !ongoing && random() < 0.3 ? new Date(Date.parse(start) + Math.ceil(random() * 4) * dayMs).toISOString().slice(0, 10) : null;
      rows.push({
        network_id: network.id,
        kind: engagementKinds[Math.floor(random() * 7)]!,
        title: `Engagement ${i}`,
        start_date: start,
        end_date: end,
        ongoing: ongoing ? 1 : 0,
        place: 'Geneva',
        online: 0,
        status,
        confidentiality: 'internal',
        restricted: 0,
        notes: '',
        owner_staff_id: staff.id,
        external_body: null,
        consultation: null,
        deadline: null,
        submission_status: null,
        resource_url: null,
        created_by: 'bench',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
    }
    const inserted = await db
      .insertInto('engagements')
      .values(rows as never)
      .returning(['id', 'start_date', 'end_date', 'ongoing', 'status'])
      .execute();
    const links = [];
    const followUps = [];
    for (const e of inserted) {
      const contact = e.status === 'done' || e.status === 'ongoing';
      const count = 1 + Math.floor(random() * random() * 3);
      const chosen = new Set<string>();
      while (chosen.size < count) chosen.add(pickState());
      for (const member_state of chosen)
        links.push({
          engagement_id: e.id,
          member_state,
          network_id: network.id,
          contact_from: contact ? e.start_date : null,
          contact_to: contact ? (e.ongoing === 1 ? '9999-12-31' : (e.end_date ?? e.start_date)) : null,
        });
      if (random() < 0.1)
        followUps.push({
          engagement_id: e.id,
          action: 'Follow up',
          owner_staff_id: staff.id,
          due_date: e.start_date,
          done_at: random() < 0.7 ? now.toISOString() : null,
          created_at: now.toISOString(),
        });
    }
    await db.insertInto('engagement_member_states').values(links).execute();
    if (followUps.length) await db.insertInto('engagement_follow_ups').values(followUps).execute();
  });
  // Events its people registered for: 500 events over two years, one registration per ten members (their member
  // state Zipf-like again), 70% confirmed, half of those attended; 200 sent announcements with their summed reach.
  const eventIds: number[] = [];
  for (let i = 0; i < 500; i++) {
    const starts = new Date(now.getTime() - random() * 730 * dayMs).toISOString();
    const row = await db
      .insertInto('events')
      .values({
        network_id: network.id,
        kind: 'webinar',
        title: JSON.stringify({ en: `Webinar ${i}` }),
        description: '{}',
        starts_at: starts,
        ends_at: new Date(Date.parse(starts) + 3_600_000).toISOString(),
        time_zone: 'UTC',
        venue: '',
        online_url: '',
        capacity: null,
        registration_opens_at: null,
        registration_closes_at: null,
        interpretation: '[]',
        status: 'held',
        visibility: 'public',
        registrations_at: null,
        follow_up_sent_at: null,
        created_by: 'bench',
        created_at: starts,
        updated_at: starts,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    eventIds.push(row.id);
  }
  const registrationCount = Math.floor(memberCount / 10);
  const registrationSeconds = await insertAll('event registrations', registrationCount, 500, async (from, to) => {
    const rows = [];
    for (let i = from; i < to; i++) {
      const state = pickState();
      const confirmed = random() < 0.7;
      rows.push({
        event_id: eventIds[Math.floor(random() * eventIds.length)]!,
        member_id: null,
        email_display: `registrant.${i}@example.org`,
        email_key: `registrant.${i}@example.org`,
        name: `Registrant ${i}`,
        member_state: state,
        regional_group: geographyOf(state)?.regionalGroup ?? null,
        organisation: '',
        locale: 'en',
        time_zone: null,
        status: confirmed ? 'confirmed' : 'cancelled',
        placed_at: now.toISOString(),
        cancelled_at: null,
        attended: confirmed ? (random() < 0.5 ? 1 : 0) : null,
        attended_minutes: null,
        checked_in_at: null,
        declined_at: null,
        decided_by: null,
        created_by: 'bench',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
    }
    await db
      .insertInto('event_registrations')
      .values(rows as never)
      .execute();
  });
  for (let i = 0; i < 200; i++) {
    const at = new Date(now.getTime() - (200 - i) * 3 * dayMs).toISOString();
    const a = await db
      .insertInto('announcements')
      .values({
        network_id: network.id,
        subject: `Announcement ${i}`,
        markdown: '',
        default_locale: 'en',
        variants: '{}',
        audience: null,
        in_archive: 1,
        status: 'sent',
        scheduled_at: null,
        total: memberCount,
        created_by: 'bench',
        created_at: at,
        updated_at: at,
        started_at: at,
        finished_at: at,
        reach_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('announcement_reach')
      .values(
        ['african', 'asia_pacific', 'eastern_european', 'latin_american_caribbean', 'weog'].map((g) => ({
          announcement_id: a.id,
          regional_group: g,
          state: 'sent',
          n: Math.floor(memberCount / 5),
        })),
      )
      .execute();
  }
  process.stderr.write(`seeded ${registrationCount.toLocaleString('en')} event registrations in ${registrationSeconds.toFixed(1)} s\n`);
  process.stderr.write(
    `seeded ${memberCount.toLocaleString('en')} members in ${memberSeconds.toFixed(1)} s, ${engagementCount.toLocaleString('en')} engagements in ${engagementSeconds.toFixed(1)} s\n`,
  );
  return network.id;
}

async function main(): Promise<void> {
  const facts = machineFacts();
  process.stdout.write(
    `bench/engagements.ts on ${dialect}\n${Object.entries(facts)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n')}\n\n`,
  );
  const { handle, drop } = await openBenchDatabase(dialect, 'engagements', keep);
  try {
    await migrateToLatest(handle.db);
    const networkId = await seed(handle);
    // PostgreSQL's autovacuum would analyze the new tables soon after; the bench does not wait for it.
    if (dialect === 'postgres') await sql`analyze`.execute(handle.db);
    const deps = { db: handle.db, clock: manualClock(now) };
    const reader = { actor: cliActor, staffId: null, role: 'viewer' as const };
    const linkRows = Number(
      (
        await handle.db
          .selectFrom('engagement_member_states')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const timings = [
      await timeRuns(`dossier ${dossierState} (admin page)`, runs, async () => {
        const d = await memberStateDossier(deps, reader, dossierState, { notes: false });
        return `${d.members.total} members, ${d.engagements.length} engagements shown, ${d.openFollowUps.length} open follow-ups, ${d.events.length} events, ${d.announcements.length} announcements, last contact ${d.lastContact}`;
      }),
      await timeRuns(`dossier ${dossierState}: its events alone`, runs, async () => {
        const rows = await eventsOfMemberState(handle.db, networkId, dossierState, dossierEventsLength);
        return `${rows.length} events, ${rows.reduce((n, r) => n + r.registered, 0)} registered`;
      }),
      await timeRuns(`dossier ${dossierState}: announcements alone`, runs, async () => {
        const rows = await announcementsReachingGroup(handle.db, networkId, geographyOf(dossierState)?.regionalGroup ?? '', dossierAnnouncementsLength);
        return `${rows.length} announcements`;
      }),
      await timeRuns('coverage map (6 months)', runs, async () => {
        const c = await engagementCoverage(deps, { months: 6 });
        return `${c.states.length} member states, ${c.gaps.length} gaps, ${c.withoutMembers.length} without members`;
      }),
      await timeRuns('coverage map, African Group', runs, async () => {
        const c = await engagementCoverage(deps, { months: 12, regionalGroup: 'african' });
        return `${c.states.length} member states, ${c.gaps.length} gaps`;
      }),
    ];
    process.stdout.write(
      table(
        ['query', 'median ms', 'p95 ms', 'result'],
        timings.map((t) => [t.name, t.medianMs, t.p95Ms, t.result]),
      ),
    );
    process.stdout.write(
      `\n${JSON.stringify({ benchmark: 'engagements', dialect, members: memberCount, engagements: engagementCount, memberStateRows: linkRows, runs, load: os.loadavg(), timings })}\n`,
    );
  } finally {
    await handle.close();
    await drop();
  }
}

await main();
