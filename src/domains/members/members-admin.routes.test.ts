import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';

for (const dialect of dialects) {
  describe(`members in the admin area on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
      viewer = await t.signedInClient('viewer');
    });
    after(async () => {
      await t.close();
    });

    async function add(fields: Record<string, string>) {
      return editor.post(
        '/en/admin/members/new',
        { language: 'en', status: 'subscribed', basis: 'Signed up on paper at the briefing', ...fields },
        { csrfFrom: '/en/admin/members/new' },
      );
    }

    test('staff add members subscribed on a stated basis, or pending with a confirmation email', async () => {
      const subscribed = await add({
        email: 'amina@mission-ke.example',
        name: 'Amina Wanjiru',
        memberState: 'KE',
        stakeholderGroup: 'government',
        organisation: 'Permanent Mission of Kenya',
      });
      assert.equal(subscribed.statusCode, 303);
      const noBasis = await add({ email: 'nobasis@example.org', name: 'No Basis', basis: '' });
      assert.equal(noBasis.statusCode, 400, 'subscribing directly needs a lawful basis');
      const pending = await add({ email: 'анна@пример.example', name: 'Анна Смирнова', memberState: 'RU', language: 'ru', status: 'pending' });
      assert.equal(pending.statusCode, 303);
      assert.equal(await t.runJobs(), 1, 'a confirmation email for the pending member');
      const duplicate = await add({ email: 'AMINA@mission-ke.example', name: 'Again' });
      assert.equal(duplicate.statusCode, 400);
      assert.match(duplicate.body, /already exists/);
      await add({ email: '李伟@例子.广告', name: '李伟', memberState: 'CN', stakeholderGroup: 'academia', organisation: '清华大学' });
      await add({ email: 'pierre@diplomatie.example', name: '<script>alert(1)</script>', memberState: 'FR', stakeholderGroup: 'civil_society' });
    });

    test('search finds members in any script; filters narrow by derived regional group', async () => {
      const byCyrillic = await viewer.get(`/en/admin/members?q=${encodeURIComponent('АННА')}`);
      assert.match(byCyrillic.body, /Анна Смирнова/);
      assert.doesNotMatch(byCyrillic.body, /Amina/);
      const byHan = await viewer.get(`/en/admin/members?q=${encodeURIComponent('清华')}`);
      assert.match(byHan.body, /李伟/);
      const african = await viewer.get('/en/admin/members?regionalGroup=african');
      assert.match(african.body, /Amina Wanjiru/);
      assert.doesNotMatch(african.body, /李伟/);
      const pending = await viewer.get('/en/admin/members?status=pending');
      assert.match(pending.body, /1 member matches/);
      const escaped = await viewer.get('/en/admin/members?memberState=FR');
      assert.match(escaped.body, /&lt;script>alert\(1\)&lt;\/script>/, 'script in a name is shown as text');
      assert.doesNotMatch(escaped.body, /<script>alert/);
    });

    test('keyset paging walks every member exactly once', async () => {
      for (let i = 0; i < 120; i++)
        await t.deps.db
          .insertInto('members')
          .values(await row(t, i))
          .execute();
      const seen = new Set<string>();
      let url = '/en/admin/members?source=paging-test';
      for (let pages = 0; pages < 10 && url; pages++) {
        const page = await viewer.get(url);
        for (const m of page.body.matchAll(/<bdi>(paging-\d+@example\.org)<\/bdi>/g)) {
          assert.ok(!seen.has(m[1] as string), `${m[1]} shown twice`);
          seen.add(m[1] as string);
        }
        url = /href="([^"]+)">Older entries</.exec(page.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
      }
      assert.equal(seen.size, 120);
    });

    test('the detail page shows history; edits and status changes are recorded and audited', async () => {
      const member = await t.deps.db.selectFrom('members').selectAll().where('email_key', '=', 'amina@mission-ke.example').executeTakeFirstOrThrow();
      const edit = await editor.post(
        `/en/admin/members/${member.id}/edit`,
        {
          email: member.email_input,
          name: 'Amina W. Otieno',
          memberState: 'KE',
          language: 'fr',
          stakeholderGroup: 'government',
          organisation: 'Mission',
          jobTitle: 'Counsellor',
        },
        { csrfFrom: `/en/admin/members/${member.id}/edit` },
      );
      assert.equal(edit.statusCode, 303);
      const removed = await editor.post(
        `/en/admin/members/${member.id}/status`,
        { action: 'remove', confirm: 'yes' },
        { csrfFrom: `/en/admin/members/${member.id}` },
      );
      assert.equal(removed.statusCode, 303);
      const detail = await viewer.get(`/en/admin/members/${member.id}`);
      assert.match(detail.body, /Amina W\. Otieno/);
      assert.match(detail.body, /Edited by staff/);
      assert.match(detail.body, /Removed by staff/);
      assert.match(detail.body, /Full name: Amina Wanjiru → Amina W\. Otieno/, 'what changed, old → new');
      const audit = await listAuditEvents(t.deps.db, { limit: 50 });
      assert.ok(audit.some((e) => e.action === 'member.edit' && e.subject === `member:${member.id}`));
      assert.ok(audit.some((e) => e.action === 'member.remove'));
    });

    test('viewers read but cannot change members', async () => {
      const member = await t.deps.db.selectFrom('members').selectAll().limit(1).executeTakeFirstOrThrow();
      assert.equal((await viewer.get(`/en/admin/members/${member.id}`)).statusCode, 200);
      assert.equal((await viewer.get('/en/admin/members/new')).statusCode, 403);
      const post = await viewer.post(`/en/admin/members/${member.id}/status`, { action: 'remove', confirm: 'yes' }, { csrfFrom: '/en/admin/members' });
      assert.equal(post.statusCode, 403);
    });

    test('a bulk action applies to exactly the filtered set, and only if the count is still what staff saw', async () => {
      const stale = await editor.post(
        '/en/admin/members/bulk?source=paging-test',
        { action: 'unsubscribe', expected: '7', confirm: 'yes' },
        { csrfFrom: '/en/admin/members' },
      );
      assert.equal(stale.statusCode, 200, 'a stale count shows the confirmation step again');
      const still = await t.deps.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('source', '=', 'paging-test')
        .where('status', '=', 'subscribed')
        .executeTakeFirstOrThrow();
      assert.equal(Number(still.n), 120, 'a stale count changes nothing');
      const done = await editor.post(
        '/en/admin/members/bulk?source=paging-test',
        { action: 'unsubscribe', expected: '120', confirm: 'yes' },
        { csrfFrom: '/en/admin/members' },
      );
      assert.match(String(done.headers.location), /done=120/);
      const after = await t.deps.db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('source', '=', 'paging-test')
        .where('status', '=', 'unsubscribed')
        .executeTakeFirstOrThrow();
      assert.equal(Number(after.n), 120);
      const others = await t.deps.db.selectFrom('members').select('status').where('email_key', '=', '李伟@例子.广告').executeTakeFirstOrThrow();
      assert.equal(others.status, 'subscribed', 'members outside the filter are untouched');
    });

    test('sources: staff create a tagged link and see members by source', async () => {
      const created = await editor.post('/en/admin/sources', { tag: 'hlgm-2024', label: 'High-level meeting' }, { csrfFrom: '/en/admin/sources' });
      assert.equal(created.statusCode, 303);
      const again = await editor.post('/en/admin/sources', { tag: 'hlgm-2024', label: 'x' }, { csrfFrom: '/en/admin/sources' });
      assert.equal(again.statusCode, 400);
      const bad = await editor.post('/en/admin/sources', { tag: '<b>', label: 'x' }, { csrfFrom: '/en/admin/sources' });
      assert.equal(bad.statusCode, 400);
      const page = await viewer.get('/en/admin/sources');
      assert.match(page.body, /<code>hlgm-2024<\/code>/);
      assert.match(page.body, /\/en\/join\/slide\?src=hlgm-2024/);
      assert.match(page.body, /<code>paging-test<\/code>/);
    });
  });
}

async function row(t: TestApp, i: number) {
  const network = await t.deps.db.selectFrom('networks').select('id').executeTakeFirstOrThrow();
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  const email = `paging-${i}@example.org`;
  return {
    network_id: network.id,
    email_input: email,
    email_display: email,
    email_ascii: email,
    email_key: email,
    name: `Paging ${i}`,
    member_state: 'DE',
    un_status: 'member' as const,
    regional_group: 'western_european_others' as const,
    m49_region: '150',
    m49_subregion: '155',
    stakeholder_group: null,
    organisation: '',
    job_title: '',
    language: 'en',
    source: 'paging-test',
    consent_version: 'test',
    consent_at: at,
    consent_method: 'import' as const,
    consent_basis: 'test',
    status: 'subscribed' as const,
    status_at: at,
    search_text: `paging ${i} ${email}`,
    created_at: at,
    updated_at: at,
    erased_at: null,
  };
}
