import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { type AppError, isAppError } from '../../errors/app-error.ts';
import { sumReach } from '../announcements/announcement-reach.repository.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import type { StaffRole } from '../auth/auth.table.ts';
import { createEvent } from '../events/event.service.ts';
import { cancelRegistration, markAttendance, registerByStaff } from '../events/event-registration.service.ts';
import { addMember } from '../members/member.service.ts';
import { addOrganisation, deleteOrganisation, listOrganisations, renameOrganisation } from './counterpart-organisations.service.ts';
import { createEngagement, type EngagementReader, getEngagement, listEngagementPage, sharedWith, updateEngagement } from './engagement.service.ts';
import { maxNotesLength } from './engagement-input.ts';
import { contactDay, memberStateDossier } from './member-state-dossier.ts';

const refusedWith = (code: string) => (error: unknown) => {
  assert.ok(isAppError(error), String(error));
  assert.equal((error as AppError).code, code, JSON.stringify((error as AppError).details));
  return true;
};

for (const dialect of dialects) {
  describe(`engagements (service) on ${dialect}`, () => {
    let t: TestApp;
    const readers: Record<string, EngagementReader> = {};
    const ids: Record<string, number> = {};

    async function staff(key: string, role: StaffRole): Promise<void> {
      const { account } = await createStaffAccount(t.deps, cliActor, { email: `${key}@example.org`, name: `Staff ${key}`, role });
      ids[key] = account.id;
      readers[key] = { actor: { staffId: account.id, label: account.email }, staffId: account.id, role };
    }

    const countRows = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('engagements')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
      await staff('lead', 'editor');
      await staff('colleague', 'editor');
      await staff('outsider', 'editor');
      await staff('watcher', 'viewer');
      await staff('boss', 'owner');
      await addOrganisation(t.deps, cliActor, 'ITU');
      await addOrganisation(t.deps, cliActor, 'UN DESA');
    });
    after(() => t.close());

    test('an engagement is recorded with its counterparts, topics, follow-ups and links, and audited', async () => {
      const member = await addMember(
        t.deps,
        cliActor,
        { email: 'ana@mission-br.example', name: 'Ana Souza', memberState: 'BR', language: 'es' },
        { status: 'subscribed', basis: 'Met at the CSTD' },
      );
      const row = await createEngagement(t.deps, readers.lead!, {
        kind: 'bilateral_meeting',
        title: '  Meeting with the Permanent Mission of Brazil ',
        startDate: '2026-10-02',
        endDate: null,
        status: 'done',
        memberStates: ['br', 'Brasil', 'Kenya'],
        organisations: ['itu'],
        memberIds: [member.id],
        ownerStaffId: ids.lead,
        participantStaffIds: [ids.colleague!, ids.colleague!],
        topics: ['Multistakeholder model', 'multistakeholder  model', 'IDNs'],
        followUps: [{ action: 'Send the fact sheet on IDNs', ownerStaffId: ids.colleague, dueDate: '2026-10-30' }],
        links: [{ url: 'https://example.org/readout', label: 'Read-out' }],
        notes: 'They support the **multistakeholder** model.',
      });
      assert.equal(row.title, 'Meeting with the Permanent Mission of Brazil');
      assert.equal(row.confidentiality, 'internal', 'internal by default');
      const view = await getEngagement(t.deps, readers.outsider!, row.id);
      assert.deepEqual(view.memberStates, ['BR', 'KE']);
      assert.deepEqual(
        view.organisations.map((o) => o.name),
        ['ITU'],
      );
      assert.deepEqual(
        view.members.map((m) => m.name),
        ['Ana Souza'],
      );
      assert.equal(view.owner?.name, 'Staff lead');
      assert.deepEqual(
        view.participants.map((p) => p.id),
        [ids.colleague],
      );
      assert.deepEqual(
        view.topics.map((x) => x.name),
        ['IDNs', 'Multistakeholder model'],
        'one topic per name, whatever its case and spacing',
      );
      assert.equal(view.followUps[0]?.owner_name, 'Staff colleague');
      assert.deepEqual(view.links, [{ url: 'https://example.org/readout', label: 'Read-out' }]);
      assert.equal(view.notes, 'They support the **multistakeholder** model.');
      const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('subject', '=', `engagement:${row.id}`).execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['engagement.create'],
        'reading an unrestricted engagement is not audited',
      );
    });

    test('a date range that ends before it starts is refused, and nothing is stored', async () => {
      const before = await countRows();
      const base = { kind: 'event_attended', title: 'IGF 2025', memberStates: ['NO'] };
      await assert.rejects(
        createEngagement(t.deps, readers.lead!, { ...base, startDate: '2025-06-27', endDate: '2025-06-23' }),
        refusedWith('engagement_date_range'),
      );
      await assert.rejects(createEngagement(t.deps, readers.lead!, { ...base, startDate: '2025-02-30' }), refusedWith('invalid_input'));
      await assert.rejects(
        createEngagement(t.deps, readers.lead!, { ...base, startDate: '2025-06-23', endDate: '2025-06-27', ongoing: true }),
        refusedWith('invalid_input'),
      );
      assert.equal(await countRows(), before);
      const range = await createEngagement(t.deps, readers.lead!, { ...base, startDate: '2025-06-23', endDate: '2025-06-27', status: 'done' });
      await assert.rejects(updateEngagement(t.deps, readers.lead!, range.id, { startDate: '2025-06-28' }), refusedWith('engagement_date_range'));
      assert.equal((await getEngagement(t.deps, readers.lead!, range.id)).row.start_date, '2025-06-23', 'a refused change changes nothing');
      const ongoing = await createEngagement(t.deps, readers.lead!, { ...base, title: 'WSIS+20 review', startDate: '2025-01-01', ongoing: true });
      assert.equal(ongoing.ongoing, 1);
      assert.equal(ongoing.end_date, null);
    });

    test('counterparts must be UN Member or observer States: an unknown code or name is refused', async () => {
      const before = await countRows();
      for (const bad of ['XX', 'TW', 'ZZ', 'Atlantis', '']) {
        await assert.rejects(
          createEngagement(t.deps, readers.lead!, { kind: 'other', title: 'x', startDate: '2026-01-01', memberStates: ['BR', bad] }),
          refusedWith('unknown_member_state'),
        );
      }
      assert.equal(await countRows(), before);
      const named = await createEngagement(t.deps, readers.lead!, {
        kind: 'diplomat_briefing',
        title: 'Briefing',
        startDate: '2026-01-01',
        memberStates: ['Святой Престол', 'Estado de Palestina', 'chine'],
      });
      assert.deepEqual((await getEngagement(t.deps, readers.lead!, named.id)).memberStates, ['CN', 'PS', 'VA'], 'names in any language, observers too');
    });

    test('a follow-up needs an owner; an unknown organisation, staff account or member is refused', async () => {
      const before = await countRows();
      const base = { kind: 'consultation', title: 'Open consultation', startDate: '2026-03-01' };
      await assert.rejects(
        createEngagement(t.deps, readers.lead!, { ...base, followUps: [{ action: 'Write the summary', dueDate: '2026-03-10' }] }),
        refusedWith('engagement_follow_up_without_owner'),
      );
      await assert.rejects(
        createEngagement(t.deps, readers.lead!, { ...base, followUps: [{ action: 'Write the summary', ownerStaffId: null }] }),
        refusedWith('engagement_follow_up_without_owner'),
      );
      await assert.rejects(createEngagement(t.deps, readers.lead!, { ...base, organisations: ['ICANN'] }), refusedWith('engagement_unknown_organisation'));
      await assert.rejects(createEngagement(t.deps, readers.lead!, { ...base, ownerStaffId: 999_999 }), refusedWith('invalid_input'));
      await assert.rejects(createEngagement(t.deps, readers.lead!, { ...base, memberIds: [999_999] }), refusedWith('invalid_input'));
      await assert.rejects(
        createEngagement(t.deps, readers.lead!, { ...base, notes: 'x'.repeat(maxNotesLength + 1) }),
        refusedWith('engagement_notes_too_long'),
      );
      await assert.rejects(createEngagement(t.deps, readers.lead!, { ...base, links: [{ url: 'javascript:alert(1)' }] }), refusedWith('invalid_input'));
      await assert.rejects(createEngagement(t.deps, readers.lead!, { ...base, colour: 'red' }), (e: AppError) => e.details.field === 'colour');
      assert.equal(await countRows(), before);
    });

    test('submissions carry the external body, consultation, deadline and status; other kinds do not', async () => {
      const row = await createEngagement(t.deps, readers.lead!, {
        kind: 'submission',
        title: 'Input to the WSIS+20 zero draft',
        startDate: '2025-08-01',
        submission: { externalBody: 'UNGA co-facilitators', consultation: 'Zero draft', deadline: '2025-09-15', status: 'submitted' },
      });
      assert.equal(row.external_body, 'UNGA co-facilitators');
      assert.equal(row.submission_status, 'submitted');
      await assert.rejects(createEngagement(t.deps, readers.lead!, { kind: 'submission', title: 'x', startDate: '2025-08-01' }), refusedWith('invalid_input'));
      await assert.rejects(
        createEngagement(t.deps, readers.lead!, { kind: 'other', title: 'x', startDate: '2025-08-01', submission: { externalBody: 'CSTD' } }),
        refusedWith('invalid_input'),
      );
      const changed = await updateEngagement(t.deps, readers.lead!, row.id, { kind: 'consultation' });
      assert.equal(changed.external_body, null, 'no longer a submission');
    });

    test('restricted notes: the staff owner, participants and owners read them (audited); a viewer and others do not', async () => {
      const row = await createEngagement(t.deps, readers.lead!, {
        kind: 'bilateral_meeting',
        title: 'Closed-door meeting',
        startDate: '2026-10-05',
        status: 'done',
        memberStates: ['BR'],
        ownerStaffId: ids.lead,
        participantStaffIds: [ids.colleague!, ids.watcher!],
        notes: 'The mission will not support the proposal.',
        restricted: true,
      });
      const token: EngagementReader = { actor: { staffId: null, label: 'api:cli-token' }, staffId: null, role: 'editor' };
      const seen = async (key: string) => (await getEngagement(t.deps, readers[key]!, row.id)).notes;
      assert.equal(await seen('lead'), 'The mission will not support the proposal.');
      assert.equal(await seen('colleague'), 'The mission will not support the proposal.');
      assert.equal(await seen('boss'), 'The mission will not support the proposal.');
      assert.equal(await seen('outsider'), null);
      assert.equal(await seen('watcher'), null, 'a viewer never reads restricted notes, even as a participant');
      assert.equal((await getEngagement(t.deps, token, row.id)).notes, null, 'a token that stands for no staff account');
      const reads = await t.deps.db
        .selectFrom('audit_events')
        .select('actor_label')
        .where('action', '=', 'engagement.read_restricted')
        .where('subject', '=', `engagement:${row.id}`)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        reads.map((r) => r.actor_label),
        ['lead@example.org', 'colleague@example.org', 'boss@example.org'],
      );

      // Others may change the rest, never the notes or who may read them.
      for (const patch of [{ notes: 'x' }, { restricted: false }, { participantStaffIds: [ids.outsider!] }, { ownerStaffId: ids.outsider }]) {
        await assert.rejects(updateEngagement(t.deps, readers.outsider!, row.id, patch), refusedWith('forbidden'));
      }
      await updateEngagement(t.deps, readers.outsider!, row.id, { title: 'Closed-door meeting with Brazil' });
      assert.equal(await seen('lead'), 'The mission will not support the proposal.', 'notes untouched by the other change');
      await updateEngagement(t.deps, readers.colleague!, row.id, { restricted: false });
      assert.equal(await seen('outsider'), 'The mission will not support the proposal.');
      assert.equal(sharedWith('internal', 'board'), false);
      assert.equal(sharedWith('board', 'board'), true);
      assert.equal(sharedWith('board', 'public'), false);
      assert.equal(sharedWith('public', 'public'), true);
    });

    test('follow-ups keep their id and the time they were done; the list filters and pages by date', async () => {
      const row = await createEngagement(t.deps, readers.lead!, {
        kind: 'regional_engagement',
        title: 'GRULAC regional meeting',
        startDate: '2026-04-10',
        memberStates: ['MX'],
        followUps: [{ action: 'Share the slides', ownerStaffId: ids.lead }],
      });
      const first = (await getEngagement(t.deps, readers.lead!, row.id)).followUps[0]!;
      t.clock.advance(60_000);
      await updateEngagement(t.deps, readers.lead!, row.id, { followUps: [{ id: first.id, action: first.action, ownerStaffId: ids.lead, done: true }] });
      const done = (await getEngagement(t.deps, readers.lead!, row.id)).followUps[0]!;
      assert.equal(done.id, first.id);
      assert.equal(done.done_at, t.clock.now().toISOString());
      t.clock.advance(60_000);
      await updateEngagement(t.deps, readers.lead!, row.id, {
        followUps: [
          { id: first.id, action: 'Share the slides (sent)', ownerStaffId: ids.lead, done: true },
          { action: 'Call back', ownerStaffId: ids.colleague },
        ],
      });
      const again = (await getEngagement(t.deps, readers.lead!, row.id)).followUps;
      assert.equal(again[0]?.done_at, done.done_at, 'done once, done at that time');
      assert.equal(again.length, 2);

      const seen: number[] = [];
      let after: Parameters<typeof listEngagementPage>[2]['after'];
      for (let i = 0; i < 20; i++) {
        const page = await listEngagementPage(t.deps, {}, { limit: 2, after });
        seen.push(...page.data.map((e) => e.row.id));
        if (!page.next) break;
        after = page.next;
      }
      assert.equal(new Set(seen).size, seen.length, 'no engagement twice');
      assert.equal(seen.length, await countRows());
      const brazil = await listEngagementPage(t.deps, { memberState: 'BR' }, { limit: 50 });
      assert.ok(brazil.data.length >= 2);
      assert.ok(brazil.data.every((e) => e.memberStates.includes('BR')));
      const dates = brazil.data.map((e) => e.row.start_date);
      assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    });

    test('an organisation in use cannot be deleted; renaming is seen by its engagements', async () => {
      const desa = (await listOrganisations(t.deps)).find((o) => o.name === 'UN DESA')!;
      const row = await createEngagement(t.deps, readers.lead!, { kind: 'other', title: 'DESA', startDate: '2026-02-02', organisations: ['un desa'] });
      await assert.rejects(deleteOrganisation(t.deps, cliActor, desa.id), refusedWith('engagement_organisation_in_use'));
      await renameOrganisation(t.deps, cliActor, desa.id, 'UN Department of Economic and Social Affairs');
      assert.deepEqual(
        (await getEngagement(t.deps, readers.lead!, row.id)).organisations.map((o) => o.name),
        ['UN Department of Economic and Social Affairs'],
      );
      assert.equal(await addOrganisation(t.deps, cliActor, 'itu'), false, 'already in the list');
      await updateEngagement(t.deps, readers.lead!, row.id, { organisations: [] });
      await deleteOrganisation(t.deps, cliActor, desa.id);
      assert.ok(!(await listOrganisations(t.deps)).some((o) => o.id === desa.id));
    });

    test('a member state dossier joins members, engagements, open follow-ups and the last contact', async () => {
      for (const [i, group] of ['government', 'government', 'academia'].entries()) {
        await addMember(
          t.deps,
          cliActor,
          { email: `br${i}@example.org`, name: `Brazil ${i}`, memberState: 'BR', stakeholderGroup: group, language: 'en' },
          { status: i === 2 ? 'pending' : 'subscribed', basis: 'test' },
        );
      }
      await createEngagement(t.deps, readers.lead!, {
        kind: 'event_attended',
        title: 'Planned visit',
        startDate: '2026-12-01',
        status: 'planned',
        memberStates: ['BR'],
      });
      const dossier = await memberStateDossier(t.deps, readers.outsider!, 'br');
      assert.equal(dossier.memberState, 'BR');
      assert.equal(dossier.regionalGroup, 'latin_american_caribbean');
      assert.equal(dossier.members.total, 4, 'Ana and three more');
      assert.equal(dossier.members.byStakeholderGroup.government, 2);
      assert.equal(dossier.members.byStakeholderGroupAndStatus.academia?.pending, 1);
      assert.equal(dossier.members.byStatus.subscribed, 3);
      assert.ok(dossier.engagements.every((e) => e.memberStates.includes('BR')));
      assert.equal(dossier.engagements[0]?.row.title, 'Planned visit', 'newest first');
      assert.equal(dossier.lastContact, '2026-10-05', 'the last engagement done, not the planned one');
      assert.deepEqual(
        dossier.openFollowUps.map((f) => f.action),
        ['Send the fact sheet on IDNs'],
      );
      await assert.rejects(memberStateDossier(t.deps, readers.outsider!, 'XX'), refusedWith('not_found'));
      await assert.rejects(memberStateDossier(t.deps, readers.outsider!, 'TW'), refusedWith('not_found'));
    });

    test('a dossier lists the events its people registered for or attended, and the latest announcements with their regional group’s reach', async () => {
      const base = {
        kind: 'webinar',
        startsAt: '2026-11-14T14:00:00Z',
        endsAt: '2026-11-14T15:30:00Z',
        timeZone: 'Europe/Zurich',
        onlineUrl: 'https://meet.example.org/zero-draft',
        visibility: 'public',
        status: 'published',
      };
      const webinar = await createEvent(t.deps, cliActor, { ...base, title: { en: 'Webinar on the Zero Draft', fr: 'Webinaire sur l’avant-projet' } });
      const briefing = await createEvent(t.deps, cliActor, {
        ...base,
        title: { en: 'Briefing in Geneva' },
        startsAt: '2026-11-20T09:00:00Z',
        endsAt: '2026-11-20T10:00:00Z',
      });
      const elsewhere = await createEvent(t.deps, cliActor, { ...base, title: { en: 'Only Kenya came' } });
      const w1 = await registerByStaff(t.deps, cliActor, webinar.id, { email: 'w1@mission-br.example', name: 'W One', memberState: 'BR' });
      await registerByStaff(t.deps, cliActor, webinar.id, { email: 'w2@mission-br.example', name: 'W Two', memberState: 'BR' });
      await registerByStaff(t.deps, cliActor, webinar.id, { email: 'w3@mission-ke.example', name: 'W Three', memberState: 'KE' });
      const gone = await registerByStaff(t.deps, cliActor, briefing.id, { email: 'b1@mission-br.example', name: 'B One', memberState: 'BR' });
      await registerByStaff(t.deps, cliActor, elsewhere.id, { email: 'k1@mission-ke.example', name: 'K One', memberState: 'KE' });
      await markAttendance(t.deps, cliActor, webinar.id, w1.registration.id, true);
      await cancelRegistration(t.deps, gone.registration.id, cliActor);

      // Two sent announcements, summed as a finished send sums them; a third still sending is not listed.
      const network = await t.deps.db.selectFrom('networks').select('id').executeTakeFirstOrThrow();
      const members = await t.deps.db.selectFrom('members').select(['id', 'regional_group']).where('erased_at', 'is', null).execute();
      const announce = async (subject: string, status: 'sent' | 'sending', finishedAt: string | null) => {
        const a = await t.deps.db
          .insertInto('announcements')
          .values({
            network_id: network.id,
            subject,
            markdown: 'Text',
            default_locale: 'en',
            variants: '{}',
            audience: null,
            in_archive: 1,
            status,
            scheduled_at: null,
            total: members.length,
            created_by: 'test',
            created_at: '2026-10-01T00:00:00Z',
            updated_at: '2026-10-01T00:00:00Z',
            started_at: '2026-10-01T00:00:00Z',
            finished_at: finishedAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await t.deps.db
          .insertInto('deliveries')
          .values(
            members.map((m) => ({
              announcement_id: a.id,
              member_id: m.id,
              state: 'sent' as const,
              attempts: 1,
              next_attempt_at: '2026-10-01T00:00:00Z',
              locked_by: null,
              locked_until: null,
              last_reply: null,
              message_id: null,
              created_at: '2026-10-01T00:00:00Z',
              updated_at: '2026-10-01T00:00:00Z',
              sent_at: '2026-10-01T00:00:00Z',
            })),
          )
          .execute();
        if (status === 'sent') await sumReach(t.deps.db, a.id, finishedAt!);
        return a.id;
      };
      const older = await announce('September news', 'sent', '2026-10-01T10:00:00Z');
      const newer = await announce('October news', 'sent', '2026-10-15T10:00:00Z');
      await announce('Still sending', 'sending', null);
      const inGroup = members.filter((m) => m.regional_group === 'latin_american_caribbean').length;

      const dossier = await memberStateDossier(t.deps, readers.outsider!, 'BR');
      assert.deepEqual(
        dossier.events.map((e) => [e.id, e.registered, e.attended]),
        [[webinar.id, 2, 1]],
        'the webinar: two confirmed from Brazil, one attended; the briefing’s only registration was cancelled; Kenya’s event is not Brazil’s',
      );
      assert.match(dossier.events[0]!.title, /Webinar on the Zero Draft/);
      assert.deepEqual(
        dossier.announcements.map((a) => [a.id, a.subject, a.delivered]),
        [
          [newer, 'October news', inGroup],
          [older, 'September news', inGroup],
        ],
        'sent ones, the latest first, with the deliveries sent to the regional group',
      );
      assert.ok(inGroup > 0, 'Brazil’s members are in the group');
      const kenya = await memberStateDossier(t.deps, readers.outsider!, 'KE');
      assert.deepEqual(
        kenya.events.map((e) => [e.id, e.registered]),
        [
          [webinar.id, 1],
          [elsewhere.id, 1],
        ].sort((a, b) => b[0]! - a[0]!),
        'same start: the later event first',
      );
    });

    test('the last contact of an engagement', () => {
      const row = (over: Record<string, unknown>) => ({ status: 'done', start_date: '2026-01-10', end_date: null, ongoing: 0, ...over }) as never;
      assert.equal(contactDay(row({}), '2026-02-01'), '2026-01-10');
      assert.equal(contactDay(row({ end_date: '2026-01-12' }), '2026-02-01'), '2026-01-12');
      assert.equal(contactDay(row({ end_date: '2026-03-01', status: 'ongoing' }), '2026-02-01'), '2026-02-01', 'still running: today');
      assert.equal(contactDay(row({ ongoing: 1 }), '2026-02-01'), '2026-02-01');
      assert.equal(contactDay(row({ status: 'cancelled' }), '2026-02-01'), null);
      assert.equal(contactDay(row({ start_date: '2026-03-01' }), '2026-02-01'), null, 'not yet begun');
    });
  });
}
