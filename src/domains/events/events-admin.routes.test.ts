import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';

const idOf = (location: unknown) => Number(/\/admin\/events\/(\d+)$/.exec(String(location))?.[1]);

for (const dialect of dialects) {
  describe(`event pages on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-12-01T09:00:00Z'));
      editor = await t.signedInClient('editor');
      viewer = await t.signedInClient('viewer');
    });
    after(() => t.close());

    const form = (fields: Record<string, string>) => ({
      kind: 'webinar',
      'title.en': 'Webinar on the Zero Draft',
      'title.ar': 'ندوة عبر الإنترنت بشأن المسودة الأولى',
      'description.en': 'Read the **Zero Draft** first. <script>alert(1)</script>',
      startsAt: '2027-01-14T15:00',
      endsAt: '2027-01-14T16:30',
      timeZone: 'Europe/Zurich',
      venue: '',
      onlineUrl: 'https://meet.example.org/zero-draft',
      capacity: '100',
      registrationOpensAt: '',
      registrationClosesAt: '',
      'interpretation.fr': 'yes',
      'interpretation.es': 'yes',
      visibility: 'public',
      status: 'published',
      ...fields,
    });
    const create = (client: TestClient, fields: Record<string, string>, locale = 'en') =>
      client.post(`/${locale}/admin/events/new`, form(fields), { csrfFrom: `/${locale}/admin/events/new` });

    test('the Events area is real: a list for every role, the form for editors only, CSRF on every form', async () => {
      const list = await viewer.get('/en/admin/events');
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(list.body, /not available in this version/);
      assert.match(list.body, /aria-current="page"[^>]*>Events</);
      assert.doesNotMatch(list.body, /New event/);
      assert.match((await editor.get('/en/admin/events')).body, /New event/);
      assert.equal((await viewer.get('/en/admin/events/new')).statusCode, 403);
      assert.equal((await viewer.post('/en/admin/events/new', form({}), { csrfFrom: '/en/admin/events' })).statusCode, 403);
      assert.equal((await editor.post('/en/admin/events/new', form({}), { csrfFrom: null })).statusCode, 403);
      assert.equal(await count(), 0);
    });

    test('an editor creates an event in Geneva time; staff read it in their language with the time in its zone', async () => {
      const response = await create(editor, {});
      assert.equal(response.statusCode, 303, response.body);
      const id = idOf(response.headers.location);
      const row = await t.deps.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.starts_at, '2027-01-14T14:00:00.000Z', '15:00 in Geneva in winter is 14:00 UTC');
      assert.equal(row.ends_at, '2027-01-14T15:30:00.000Z');
      assert.deepEqual(JSON.parse(row.interpretation), ['fr', 'es']);
      const page = await viewer.get(`/en/admin/events/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Webinar on the Zero Draft<\/h1>/);
      assert.match(page.body, /Thursday, 14 January 2027, 15:00 GMT\+1, until 16:30/);
      assert.match(page.body, /<strong>Zero Draft<\/strong>/);
      assert.match(page.body, /&lt;script&gt;/);
      assert.doesNotMatch(page.body, /<script>alert/);
      const arabic = await viewer.get(`/ar/admin/events/${id}`);
      assert.match(arabic.body, /<h1>ندوة عبر الإنترنت بشأن المسودة الأولى<\/h1>/);
      assert.match(arabic.body, /dir="rtl"/);
      const french = await viewer.get(`/fr/admin/events/${id}`);
      assert.match(french.body, /<h1>Webinar on the Zero Draft<\/h1>/, 'no French title: the network’s default language');
      const edit = await editor.get(`/en/admin/events/${id}/edit`);
      assert.match(edit.body, /name="startsAt" type="datetime-local" value="2027-01-14T15:00"/);
      assert.match(edit.body, /<option value="Europe\/Zurich" selected>/);
      const audit = await t.deps.db
        .selectFrom('audit_events')
        .select('actor_label')
        .where('action', '=', 'event.create')
        .where('subject', '=', `event:${id}`)
        .execute();
      assert.deepEqual(audit, [{ actor_label: 'editor@example.org' }]);
    });

    test('in summer the same wall-clock time is another UTC instant (daylight saving)', async () => {
      const response = await create(editor, { startsAt: '2027-07-14T15:00', endsAt: '2027-07-14T16:00' });
      const row = await t.deps.db.selectFrom('events').select('starts_at').where('id', '=', idOf(response.headers.location)).executeTakeFirstOrThrow();
      assert.equal(row.starts_at, '2027-07-14T13:00:00.000Z');
    });

    test('bad input: the form comes back with a translated error by the field and what was typed, and nothing is stored', async () => {
      const before = await count();
      const range = await create(editor, { endsAt: '2027-01-14T14:00' }, 'fr');
      assert.equal(range.statusCode, 400);
      assert.match(range.body, /L’événement doit se terminer après son début\./);
      assert.match(range.body, /id="endsAt-error"/);
      assert.match(range.body, /value="Webinar on the Zero Draft"/);
      const zone = await create(editor, { timeZone: 'Europe/Atlantis' }, 'es');
      assert.equal(zone.statusCode, 400);
      assert.match(zone.body, /«Europe\/Atlantis» no es un huso horario/);
      const capacity = await create(editor, { capacity: '-3' }, 'ru');
      assert.equal(capacity.statusCode, 400);
      assert.match(capacity.body, /Вместимость не может быть отрицательной/);
      assert.match(capacity.body, /id="capacity-error"/);
      const title = await create(editor, { 'title.en': '', 'title.ar': '' }, 'zh');
      assert.match(title.body, /请至少用一种语言填写活动标题/);
      const link = await create(editor, { onlineUrl: 'javascript:alert(1)' }, 'ar');
      assert.equal(link.statusCode, 400);
      assert.match(link.body, /id="onlineUrl-error"/);
      const window = await create(editor, { registrationOpensAt: '2027-01-10T09:00', registrationClosesAt: '2027-01-09T09:00' });
      assert.match(window.body, /Registration must close after it opens/);
      assert.equal(await count(), before);
    });

    test('editing moves the event: the SEQUENCE grows, the change is audited', async () => {
      const id = idOf((await create(editor, {})).headers.location);
      const moved = await editor.post(`/en/admin/events/${id}/edit`, form({ startsAt: '2027-01-21T15:00', endsAt: '2027-01-21T16:30' }), {
        csrfFrom: `/en/admin/events/${id}/edit`,
      });
      assert.equal(moved.statusCode, 303, moved.body);
      const row = await t.deps.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.starts_at, '2027-01-21T14:00:00.000Z');
      assert.equal(row.sequence, 1);
      const audit = await t.deps.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'event.update')
        .where('subject', '=', `event:${id}`)
        .execute();
      assert.equal(audit.length, 1);
      assert.equal((await viewer.get(`/en/admin/events/${id}/edit`)).statusCode, 403);
      assert.equal((await editor.get('/en/admin/events/999999')).statusCode, 404);
    });

    test('duplicate: a draft copy with the same texts, place and settings, and none of the registrations', async () => {
      const created = await editor.post('/en/admin/events/new', form({ status: 'published', capacity: '40', approval: 'yes' }), {
        csrfFrom: '/en/admin/events/new',
      });
      const id = idOf(created.headers.location);
      const page = `/en/admin/events/${id}`;
      assert.match((await editor.get(page)).body, /Duplicate as a new draft/);
      const copied = await editor.post(`${page}/duplicate`, {}, { csrfFrom: page });
      assert.equal(copied.statusCode, 303);
      const copyId = Number(/\/admin\/events\/(\d+)\/edit$/.exec(String(copied.headers.location))?.[1]);
      assert.ok(copyId > id);
      const [source, copy] = await Promise.all(
        [id, copyId].map((i) => t.deps.db.selectFrom('events').selectAll().where('id', '=', i).executeTakeFirstOrThrow()),
      );
      assert.deepEqual(
        [copy?.status, copy?.title, copy?.capacity, copy?.approval, copy?.starts_at, copy?.time_zone],
        ['draft', source?.title, 40, 1, source?.starts_at, 'Europe/Zurich'],
      );
      assert.match((await editor.get(String(copied.headers.location))).body, /value="Webinar on the Zero Draft"/);
      assert.equal((await viewer.post(`${page}/duplicate`, {}, { csrfFrom: page })).statusCode, 403);
    });
  });
}
