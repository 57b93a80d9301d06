import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createEvent } from '../events/event.service.ts';
import { registerByStaff } from '../events/event-registration.service.ts';
import { addMember } from '../members/member.service.ts';
import { addOrganisation } from './counterpart-organisations.service.ts';
import { createEngagement } from './engagement.service.ts';

const idOf = (location: unknown) => Number(/\/admin\/engagements\/(\d+)$/.exec(String(location))?.[1]);

for (const dialect of dialects) {
  describe(`engagement pages on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let colleague: TestClient;
    let viewer: TestClient;
    let owner: TestClient;
    let editorId: number;
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('engagements')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const staffId = async (email: string) =>
      (await t.deps.db.selectFrom('staff_accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
      editor = await t.signedInClient('editor', 'lena@example.org');
      colleague = await t.signedInClient('editor', 'omar@example.org');
      viewer = await t.signedInClient('viewer', 'viewer@example.org');
      owner = await t.signedInClient('owner', 'owner@example.org');
      editorId = await staffId('lena@example.org');
      await addOrganisation(t.deps, cliActor, 'ITU');
      await addMember(
        t.deps,
        cliActor,
        { email: 'ana@mission-br.example', name: 'Ana Souza', memberState: 'BR', stakeholderGroup: 'government', language: 'es' },
        { status: 'subscribed', basis: 'Met at the CSTD' },
      );
    });
    after(() => t.close());

    const form = (fields: Record<string, string>) => ({
      kind: 'bilateral_meeting',
      title: 'Meeting with the Permanent Mission of Brazil',
      startDate: '2026-10-02',
      endDate: '',
      status: 'done',
      confidentiality: 'internal',
      memberStates: 'Brasil, KE',
      ...fields,
    });
    const record = (client: TestClient, fields: Record<string, string>, path = '/en/admin/engagements/new') =>
      client.post(path, form(fields), { csrfFrom: '/en/admin/engagements/new' });

    test('the Engagements area is real: a list for every role, the form for editors only', async () => {
      const list = await viewer.get('/en/admin/engagements');
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(list.body, /not available in this version/);
      assert.match(list.body, /aria-current="page"[^>]*>Engagements</);
      assert.doesNotMatch(list.body, /Record an engagement/);
      assert.match((await editor.get('/en/admin/engagements')).body, /Record an engagement/);
      assert.equal((await viewer.get('/en/admin/engagements/new')).statusCode, 403);
      assert.equal((await viewer.post('/en/admin/engagements/new', form({}), { csrfFrom: '/en/admin/engagements' })).statusCode, 403);
      assert.equal((await editor.post('/en/admin/engagements/new', form({}), { csrfFrom: null })).statusCode, 403, 'no CSRF token, no engagement');
      assert.equal(await count(), 0);
    });

    test('an editor records an engagement with counterparts, staff, topics, follow-ups and links; notes are rendered safely', async () => {
      const orgId = (await t.deps.db.selectFrom('engagement_organisations').select('id').executeTakeFirstOrThrow()).id;
      const omar = await staffId('omar@example.org');
      const response = await record(editor, {
        place: 'Geneva',
        online: 'yes',
        [`organisation.${orgId}`]: 'yes',
        memberEmails: 'ANA@mission-br.example',
        ownerStaffId: String(editorId),
        [`participant.${omar}`]: 'yes',
        newTopics: 'Multistakeholder model of Internet governance\nIDNs, new gTLDs',
        'followUp.1.action': 'Send the fact sheet on IDNs',
        'followUp.1.owner': String(omar),
        'followUp.1.due': '2026-10-16',
        'followUp.2.action': '',
        'link.1.url': 'https://example.org/readout',
        'link.1.label': 'Read-out',
        notes: 'They support the **multistakeholder** model. <script>alert(1)</script> [x](javascript:alert(1))',
      });
      assert.equal(response.statusCode, 303, response.body);
      const id = idOf(response.headers.location);
      const page = await viewer.get(`/en/admin/engagements/${id}`);
      assert.equal(page.statusCode, 200);
      const html = page.body;
      assert.match(html, /<h1>Meeting with the Permanent Mission of Brazil<\/h1>/);
      assert.match(html, /href="\/en\/admin\/member-states\/BR">Brazil</);
      assert.match(html, /href="\/en\/admin\/member-states\/KE">Kenya</);
      assert.match(html, /ITU/);
      assert.match(html, /Ana Souza/);
      assert.match(html, /Geneva and online/);
      assert.match(html, /2 October 2026/);
      assert.match(html, /IDNs, new gTLDs/);
      assert.match(html, /Send the fact sheet on IDNs/);
      assert.match(html, /16 October 2026/);
      assert.match(html, /<strong>multistakeholder<\/strong>/);
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'HTML in notes is shown as text');
      assert.doesNotMatch(html, /<script>alert|href="javascript:/);
      const edit = await editor.get(`/en/admin/engagements/${id}/edit`);
      assert.match(edit.body, /value="Brazil, Kenya"/);
      assert.match(edit.body, /ana@mission-br\.example/);
      assert.match(edit.body, /name="followUp\.1\.action" value="Send the fact sheet on IDNs"/);
    });

    test('bad input: the form comes back with a translated error and what was typed, and nothing is stored', async () => {
      const before = await count();
      const range = await editor.post('/fr/admin/engagements/new', form({ endDate: '2026-09-30' }), { csrfFrom: '/fr/admin/engagements/new' });
      assert.equal(range.statusCode, 400);
      assert.match(range.body, /role="alert">La date de fin est antérieure à la date de début/);
      assert.match(range.body, /value="Meeting with the Permanent Mission of Brazil"/);
      const state = await editor.post('/es/admin/engagements/new', form({ memberStates: 'Brasil, Atlántida' }), { csrfFrom: '/es/admin/engagements/new' });
      assert.equal(state.statusCode, 400);
      assert.match(state.body, /«Atlántida» no es un Estado Miembro/);
      const owner = await editor.post('/ar/admin/engagements/new', form({ 'followUp.1.action': 'إرسال الورقة' }), { csrfFrom: '/ar/admin/engagements/new' });
      assert.equal(owner.statusCode, 400);
      assert.match(owner.body, /إجراء المتابعة «إرسال الورقة» ليس له مسؤول/);
      assert.match(owner.body, /<html lang="ar" dir="rtl"/);
      const member = await editor.post('/en/admin/engagements/new', form({ memberEmails: 'nobody@example.org' }), { csrfFrom: '/en/admin/engagements/new' });
      assert.equal(member.statusCode, 400);
      assert.match(member.body, /No member of the network has the address “nobody@example.org”/);
      const title = await editor.post('/ru/admin/engagements/new', form({ title: '  ' }), { csrfFrom: '/ru/admin/engagements/new' });
      assert.equal(title.statusCode, 400);
      assert.match(title.body, /\(Название\)/, 'the field is named by its label');
      assert.equal(await count(), before);
    });

    test('restricted notes: others see that they are restricted, cannot change them, and may edit the rest', async () => {
      const created = await record(editor, {
        title: 'Closed meeting',
        startDate: '2026-10-06',
        ownerStaffId: String(editorId),
        notes: 'The mission will not support the proposal.',
        restricted: 'yes',
      });
      assert.equal(created.statusCode, 303, created.body);
      const id = idOf(created.headers.location);
      assert.match((await editor.get(`/en/admin/engagements/${id}`)).body, /The mission will not support the proposal/);
      assert.match((await owner.get(`/en/admin/engagements/${id}`)).body, /The mission will not support the proposal/);
      for (const other of [colleague, viewer]) {
        const page = await other.get(`/en/admin/engagements/${id}`);
        assert.doesNotMatch(page.body, /will not support/);
        assert.match(page.body, /You cannot read these notes/);
      }
      const list = await viewer.get('/en/admin/engagements');
      assert.match(list.body, /Restricted notes/);
      assert.doesNotMatch(list.body, /will not support/);

      const edit = await colleague.get(`/en/admin/engagements/${id}/edit`);
      assert.match(edit.body, /The notes of this engagement are restricted/);
      assert.doesNotMatch(edit.body, /will not support|name="notes"|name="restricted"|name="ownerStaffId"/);
      const saved = await colleague.post(
        `/en/admin/engagements/${id}/edit`,
        form({ title: 'Closed meeting with Brazil', startDate: '2026-10-06', notes: 'overwritten' }),
        {
          csrfFrom: `/en/admin/engagements/${id}/edit`,
        },
      );
      assert.equal(saved.statusCode, 303, saved.body);
      const row = await t.deps.db.selectFrom('engagements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.title, 'Closed meeting with Brazil');
      assert.equal(row.notes, 'The mission will not support the proposal.', 'the guarded fields stay as they were');
      assert.equal(row.restricted, 1);
      assert.equal(row.owner_staff_id, editorId);

      const reads = await t.deps.db
        .selectFrom('audit_events')
        .select('actor_label')
        .where('action', '=', 'engagement.read_restricted')
        .where('subject', '=', `engagement:${id}`)
        .execute();
      assert.deepEqual(new Set(reads.map((r) => r.actor_label)), new Set(['lena@example.org', 'owner@example.org']));
    });

    test('the list filters by member state, kind and text, and says when nothing matches', async () => {
      await record(editor, {
        title: 'IGF 2025 in Norway',
        kind: 'event_attended',
        startDate: '2025-06-23',
        endDate: '2025-06-27',
        memberStates: 'Norway',
        place: 'Lillestrøm',
      });
      const brazil = await viewer.get('/en/admin/engagements?memberState=BR');
      assert.match(brazil.body, /Meeting with the Permanent Mission of Brazil/);
      assert.doesNotMatch(brazil.body, /IGF 2025 in Norway/);
      const events = await viewer.get('/en/admin/engagements?kind=event_attended&memberState=');
      assert.match(events.body, /IGF 2025 in Norway/);
      assert.match(events.body, /23–27 June 2025/);
      assert.doesNotMatch(events.body, /Permanent Mission/);
      const text = await viewer.get(`/en/admin/engagements?q=${encodeURIComponent('lillestrøm')}`);
      assert.match(text.body, /IGF 2025 in Norway/);
      const none = await viewer.get('/en/admin/engagements?kind=consultation');
      assert.match(none.body, /No engagement matches these filters/);
      assert.equal((await viewer.get('/en/admin/engagements?memberState=XX')).statusCode, 400);
    });

    test('counterpart organisations: added, renamed, and not deleted while an engagement names them', async () => {
      const added = await editor.post('/en/admin/engagements/organisations', { name: 'UN DESA' }, { csrfFrom: '/en/admin/engagements/organisations' });
      assert.equal(added.statusCode, 303);
      const itu = (await t.deps.db.selectFrom('engagement_organisations').selectAll().where('name', '=', 'ITU').executeTakeFirstOrThrow()).id;
      const refused = await editor.post(`/fr/admin/engagements/organisations/${itu}/delete`, {}, { csrfFrom: '/fr/admin/engagements/organisations' });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /« ITU » est l’interlocuteur de 1 intervention et ne peut pas être supprimée/);
      const renamed = await editor.post(
        `/en/admin/engagements/organisations/${itu}`,
        { name: 'International Telecommunication Union' },
        { csrfFrom: '/en/admin/engagements/organisations' },
      );
      assert.equal(renamed.statusCode, 303);
      const page = await viewer.get('/en/admin/engagements/organisations');
      assert.match(page.body, /International Telecommunication Union/);
      assert.doesNotMatch(page.body, /name="name"/, 'a viewer gets no forms');
      const desa = (await t.deps.db.selectFrom('engagement_organisations').selectAll().where('name', '=', 'UN DESA').executeTakeFirstOrThrow()).id;
      assert.equal((await viewer.post(`/en/admin/engagements/organisations/${desa}/delete`, {}, { csrfFrom: '/en/admin/engagements' })).statusCode, 403);
      assert.equal(
        (await editor.post(`/en/admin/engagements/organisations/${desa}/delete`, {}, { csrfFrom: '/en/admin/engagements/organisations' })).statusCode,
        303,
      );
      assert.doesNotMatch((await viewer.get('/en/admin/engagements/organisations')).body, /UN DESA/);
    });

    test('a member state’s dossier: members by stakeholder group and status, the timeline, open follow-ups, the last contact', async () => {
      const event = await createEvent(t.deps, cliActor, {
        kind: 'webinar',
        title: { en: 'Webinar on the Zero Draft' },
        startsAt: '2026-11-14T14:00:00Z',
        endsAt: '2026-11-14T15:00:00Z',
        timeZone: 'Europe/Zurich',
        onlineUrl: 'https://meet.example.org/zero-draft',
        visibility: 'public',
        status: 'published',
      });
      await registerByStaff(t.deps, cliActor, event.id, { email: 'delegate@mission-br.example', name: 'Delegate', memberState: 'BR' });
      const page = await viewer.get('/en/admin/member-states/br');
      assert.equal(page.statusCode, 200);
      const html = page.body;
      assert.match(html, /<h1>Brazil: dossier<\/h1>/);
      assert.match(html, /Latin American and Caribbean/);
      assert.match(html, /Last contact<\/dt><dd>6 October 2026/);
      assert.match(html, /<caption>1 member from Brazil, by stakeholder group and status<\/caption>/);
      assert.match(html, /Closed meeting with Brazil/);
      assert.match(html, /Send the fact sheet on IDNs/);
      assert.doesNotMatch(html, /will not support/, 'the timeline shows no notes');
      assert.match(html, /<caption>The latest events people from Brazil registered for or attended<\/caption>/);
      assert.match(
        html,
        new RegExp(`href="/en/admin/events/${event.id}" lang="en"><bdi>Webinar on the Zero Draft</bdi></a></th><td>14 November 2026</td><td>1</td><td>0</td>`),
      );
      assert.match(html, /No announcement has been sent yet\./);
      assert.match(html, /href="\/en\/admin\/members\?memberState=BR"/);
      const timeline = [...html.matchAll(/class="timeline__title"><a [^>]+><bdi>([^<]+)</g)].map((m) => m[1]);
      assert.deepEqual(timeline, ['Closed meeting with Brazil', 'Meeting with the Permanent Mission of Brazil']);
      const arabic = await viewer.get('/ar/admin/member-states/BR');
      assert.match(arabic.body, /<h1>البرازيل: الملف<\/h1>/);
      assert.equal((await viewer.get('/en/admin/member-states/XX')).statusCode, 404);
      const chosen = await viewer.get('/en/admin/member-states?code=br');
      assert.equal(chosen.statusCode, 303);
      assert.equal(chosen.headers.location, '/en/admin/member-states/BR');
      assert.match((await viewer.get('/en/admin/member-states')).body, /Open the dossier/);
      const prefilled = await editor.get('/en/admin/engagements/new?memberState=BR');
      assert.match(prefilled.body, /name="memberStates" type="text" value="BR"/);
    });

    test('an editor starts a draft update of the site from a public engagement: title, dates and place, never the notes', async () => {
      const lead = { actor: cliActor, staffId: null, role: 'owner' as const };
      const igf = await createEngagement(t.deps, lead, {
        kind: 'event_attended',
        title: 'IGF 2025',
        startDate: '2025-06-23',
        endDate: '2025-06-27',
        place: 'Lillestrøm, Norway',
        status: 'done',
        confidentiality: 'public',
        notes: 'INTERNAL: the delegation of X was unhappy.',
        memberStates: ['NO'],
      });
      const internal = await createEngagement(t.deps, lead, { kind: 'bilateral_meeting', title: 'Quiet talk', startDate: '2026-10-01', status: 'done' });
      const page = await editor.get(`/en/admin/engagements/${igf.id}`);
      assert.match(page.body, /Start an update of the site from it/);
      assert.doesNotMatch((await viewer.get(`/en/admin/engagements/${igf.id}`)).body, /Start an update of the site from it/, 'editors only');
      assert.doesNotMatch((await editor.get(`/en/admin/engagements/${internal.id}`)).body, /Start an update of the site from it/, 'public ones only');
      const made = await editor.post(`/fr/admin/engagements/${igf.id}/update`, {}, { csrfFrom: `/fr/admin/engagements/${igf.id}` });
      assert.equal(made.statusCode, 303, made.body);
      const updateId = Number(/\/fr\/admin\/updates\/(\d+)\/edit$/.exec(String(made.headers.location))?.[1]);
      assert.ok(updateId > 0, String(made.headers.location));
      const update = await t.deps.db.selectFrom('updates').selectAll().where('id', '=', updateId).executeTakeFirstOrThrow();
      assert.deepEqual([update.status, update.source_locale, update.publish_at], ['draft', 'fr', null], 'a draft, nothing public');
      const versions = await t.deps.db.selectFrom('update_versions').selectAll().where('update_id', '=', updateId).execute();
      assert.deepEqual(
        versions.map((v) => [v.locale, v.title, v.summary, v.body]),
        [
          [
            'fr',
            'IGF 2025',
            '23–27 juin 2025, Lillestrøm, Norway',
            'Participation à un événement : IGF 2025. Date : 23–27 juin 2025. Lieu : Lillestrøm, Norway.',
          ],
        ],
      );
      assert.ok(!JSON.stringify(versions).includes('INTERNAL'), 'the notes are never copied');
      const form = await editor.get(String(made.headers.location));
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /IGF 2025/);
      const refused = await editor.post(`/en/admin/engagements/${internal.id}/update`, {}, { csrfFrom: `/en/admin/engagements/${internal.id}` });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /Only a public engagement can appear on the site’s updates/);
      const byViewer = await viewer.post(`/en/admin/engagements/${igf.id}/update`, {}, { csrfFrom: `/en/admin/engagements/${igf.id}` });
      assert.equal(byViewer.statusCode, 403);
      const audit = await t.deps.db.selectFrom('audit_events').select(['action', 'subject']).where('action', '=', 'engagement.update_drafted').execute();
      assert.deepEqual(audit, [{ action: 'engagement.update_drafted', subject: `engagement:${igf.id}` }]);
    });
  });
}
