import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { type AppError, isAppError } from '../../errors/app-error.ts';
import type { Actor } from '../audit/audit.service.ts';
import { createResource } from '../resources/resource.service.ts';
import { createMilestone, moveMilestone, timelineForStaff, updateMilestone } from './milestone.service.ts';

const refusedWith = (code: string, field?: string) => (error: unknown) => {
  assert.ok(isAppError(error), String(error));
  assert.equal((error as AppError).code, code);
  if (field) assert.equal((error as AppError).details.field, field);
  return true;
};
const staff: Actor = { staffId: null, label: 'lena@example.org' };

for (const dialect of dialects) {
  describe(`the editable timeline on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    const titles = async () => (await timelineForStaff(t.deps)).map((v) => JSON.parse(v.row.title).en as string);

    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
      editor = await t.signedInClient('editor');
      viewer = await t.signedInClient('viewer');
    });
    after(() => t.close());

    test('the seeded WSIS timeline is the demo, in date order, on the home page and for staff', async () => {
      const seeded = await titles();
      assert.ok(seeded.length >= 5, 'the demo network seeds the real timeline');
      assert.equal(seeded[0], 'World Summit on the Information Society: Geneva phase');
      const dates = (await timelineForStaff(t.deps)).map((v) => v.row.date);
      assert.deepEqual(dates, [...dates].sort());
      const list = await viewer.get('/en/admin/timeline');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /Geneva phase/);
      assert.doesNotMatch(list.body, /Add a milestone/, 'a viewer reads only');
      assert.equal((await viewer.get('/en/admin/timeline/new')).statusCode, 403);
    });

    test('a milestone is added at its date’s place with its precision, texts and resources; the home page shows it', async () => {
      const resource = await createResource(t.deps, staff, {
        kind: 'fact_sheet',
        status: 'published',
        versions: { en: { title: 'The Tunis Agenda in one page' }, fr: { title: 'L’Agenda de Tunis en une page' } },
      });
      const draft = await createResource(t.deps, staff, { kind: 'paper', status: 'draft', versions: { en: { title: 'Unpublished notes' } } });
      const response = await editor.post(
        '/en/admin/timeline/new',
        {
          date: '2005-11-30',
          precision: 'month',
          'title.en': 'Tunis Agenda published',
          'title.fr': 'Publication de l’Agenda de Tunis',
          'body.fr': 'Le texte est publié.',
          [`resource.${resource.id}`]: 'yes',
          [`resource.${draft.id}`]: 'yes',
        },
        { csrfFrom: '/en/admin/timeline/new' },
      );
      assert.equal(response.statusCode, 303, response.body);
      const views = await timelineForStaff(t.deps);
      const added = views.find((v) => JSON.parse(v.row.title).en === 'Tunis Agenda published');
      assert.ok(added);
      assert.equal(added.row.date, '2005-11-01', 'a month’s milestone is kept from its first day');
      assert.equal(added.row.precision, 'month');
      const order = views.map((v) => JSON.parse(v.row.title).en);
      assert.equal(
        order.indexOf('Tunis Agenda published'),
        order.indexOf('World Summit on the Information Society: Tunis phase') - 1,
        'placed by date, before the summit of 16 November',
      );
      const home = await t.app.inject({ url: '/fr/' });
      assert.match(home.body, /Publication de l’Agenda de Tunis/);
      assert.match(home.body, /novembre 2005/);
      assert.match(home.body, /L’Agenda de Tunis en une page/, 'a published linked resource is shown in the reader’s language');
      assert.doesNotMatch(home.body, /Unpublished notes/, 'a draft is not');
      const page = await t.app.inject({ url: `/en/resources/${resource.id}` });
      assert.equal(page.statusCode, 301);
      const resourcePage = await t.app.inject({ url: String(page.headers.location) });
      assert.match(resourcePage.body, /On the timeline/);
      assert.match(resourcePage.body, /November 2005/);
    });

    test('staff reorder the timeline; the order holds on the home page; every change is audited', async () => {
      const before = await titles();
      const second = (await timelineForStaff(t.deps))[1];
      assert.ok(second);
      const moved = await editor.post(`/en/admin/timeline/${second.row.id}/move`, { direction: 'up' }, { csrfFrom: '/en/admin/timeline' });
      assert.equal(moved.statusCode, 303);
      const after = await titles();
      assert.deepEqual(after.slice(0, 2), [before[1], before[0]]);
      assert.deepEqual(after.slice(2), before.slice(2));
      await moveMilestone(t.deps, staff, second.row.id, 'up');
      assert.deepEqual(await titles(), after, 'the first cannot move further up');
      const home = await t.app.inject({ url: '/en/' });
      assert.ok(home.body.indexOf(before[1] as string) < home.body.indexOf(before[0] as string));
      const actions = (await t.deps.db.selectFrom('audit_events').select('action').where('action', 'like', 'milestone.%').orderBy('id').execute()).map(
        (a) => a.action,
      );
      assert.deepEqual(actions, ['milestone.created', 'milestone.moved']);
    });

    test('bad input: a translated error, the form as typed, nothing stored', async () => {
      const count = (await titles()).length;
      const noTitle = await editor.post(
        '/fr/admin/timeline/new',
        { date: '2025-12-16', precision: 'day', 'body.fr': 'Sans titre' },
        { csrfFrom: '/fr/admin/timeline/new' },
      );
      assert.equal(noTitle.statusCode, 400);
      assert.match(noTitle.body, /Titre \(français\)/);
      assert.match(noTitle.body, /Sans titre/);
      const badDate = await editor.post(
        '/en/admin/timeline/new',
        { date: '2025-02-30', precision: 'day', 'title.en': 'Nope' },
        { csrfFrom: '/en/admin/timeline/new' },
      );
      assert.equal(badDate.statusCode, 400);
      assert.match(badDate.body, /\(Date\)/);
      await assert.rejects(
        createMilestone(t.deps, staff, { date: '2025-12-16', endDate: '2025-12-01', precision: 'day', title: { en: 'Backwards' } }),
        refusedWith('invalid_input', 'endDate'),
      );
      await assert.rejects(
        createMilestone(t.deps, staff, { date: '2025-12-16', precision: 'day', title: { xx: 'Unknown' } }),
        refusedWith('invalid_input', 'title.xx'),
      );
      await assert.rejects(
        createMilestone(t.deps, staff, { date: '2025-12-16', precision: 'day', title: { en: 'Linked' }, resourceIds: [999999] }),
        refusedWith('invalid_input', 'resourceIds'),
      );
      const last = (await timelineForStaff(t.deps)).at(-1);
      assert.ok(last);
      await assert.rejects(
        updateMilestone(t.deps, staff, last.row.id, { date: 'soon', precision: 'day', title: { en: 'x' } }),
        refusedWith('invalid_input', 'date'),
      );
      assert.equal((await titles()).length, count);
    });

    test('an editor deletes a milestone after confirming', async () => {
      const last = (await timelineForStaff(t.deps)).at(-1);
      assert.ok(last);
      const confirm = await editor.get(`/en/admin/timeline/${last.row.id}/delete`);
      assert.match(confirm.body, /The resources it links to stay in the library/);
      const deleted = await editor.post(`/en/admin/timeline/${last.row.id}/delete`, {}, { csrfFrom: `/en/admin/timeline/${last.row.id}/delete` });
      assert.equal(deleted.statusCode, 303);
      assert.ok(!(await timelineForStaff(t.deps)).some((v) => v.row.id === last.row.id));
    });
  });
}
