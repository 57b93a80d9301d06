import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Migrator } from 'kysely';
import { createTestDatabase, dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { migrations } from '../../db/migrations/index.ts';
import { migrateToLatest } from '../../db/migrator.ts';
import { listAuditEvents } from '../audit/audit.repository.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from './auth.service.ts';

const bidiControls = /[\u202a-\u202e\u2066-\u2069]/;

for (const dialect of dialects) {
  describe(`staff names on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(async () => {
      await t.close();
    });

    test('bidi embeddings, overrides, isolates and control characters never reach a stored staff name', async () => {
      const owner = await t.signedInClient('owner', 'names-owner@example.org');
      const name = 'Ana\u202e lanoitanretnI \u202c\u2066Ruiz\u2069\u0007\u200f';
      const r = await owner.post('/en/admin/staff', { email: 'ana@example.org', name, role: 'viewer' }, { csrfFrom: '/en/admin/staff' });
      assert.equal(r.statusCode, 303);
      const row = await t.deps.db.selectFrom('staff_accounts').selectAll().where('email', '=', 'ana@example.org').executeTakeFirstOrThrow();
      assert.doesNotMatch(row.name, bidiControls);
      assert.doesNotMatch(row.name, /\p{Cc}/u);
      assert.equal(row.name, 'Ana lanoitanretnI Ruiz \u200f', 'letters and the right-to-left mark (not an override) are kept; spaces collapse');
      const list = await owner.get('/en/admin/staff');
      assert.doesNotMatch(list.body, bidiControls, 'the staff list shows no bidi control');
      const events = await listAuditEvents(t.deps.db, { limit: 20 });
      const created = events.find((e) => e.action === 'staff.create' && e.subject === `staff:${row.id}`);
      assert.ok(created);
      assert.doesNotMatch(JSON.stringify(created), bidiControls, 'nor does the audit log');
    });

    test('the CLI path cleans names too, and a name of nothing but controls is refused', async () => {
      const { account } = await createStaffAccount(t.deps, cliActor, { email: 'cli-name@example.org', name: '\u2067محمد\u2069 Ali', role: 'owner' });
      assert.equal(account.name, 'محمد Ali');
      const owner = await t.signedInClient('owner', 'names-owner-2@example.org');
      const empty = await owner.post(
        '/en/admin/staff',
        { email: 'empty@example.org', name: '\u202e\u202c\u2066', role: 'viewer' },
        { csrfFrom: '/en/admin/staff' },
      );
      assert.equal(empty.statusCode, 400);
      assert.equal(await t.deps.db.selectFrom('staff_accounts').select('id').where('email', '=', 'empty@example.org').executeTakeFirst(), undefined);
    });

    test('migration 0006 cleans the names stored before the sanitiser', async () => {
      const database = await createTestDatabase(dialect, { migrate: false });
      try {
        const migrator = new Migrator({ db: database.handle.db, provider: { getMigrations: async () => migrations } });
        const { error } = await migrator.migrateTo('0005-announcements');
        assert.equal(error, undefined);
        const now = new Date().toISOString();
        await database.handle.db
          .insertInto('staff_accounts')
          .values({
            email: 'old@example.org',
            email_key: 'old@example.org',
            name: 'Old\u202e name\u2069',
            role: 'owner',
            password_hash: null,
            created_at: now,
            updated_at: now,
          } as never)
          .execute();
        await migrateToLatest(database.handle.db);
        const row = await database.handle.db.selectFrom('staff_accounts').select('name').where('email', '=', 'old@example.org').executeTakeFirstOrThrow();
        assert.equal(row.name, 'Old name');
      } finally {
        await database.drop();
      }
    });
  });
}
