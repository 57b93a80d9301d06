import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import * as announcements from '../announcements/announcement.service.ts';
import { cliActor } from '../audit/audit.service.ts';
import { handleInboundMail } from '../bounces/bounce.service.ts';
import { parseBounce } from '../bounces/dsn-parser.ts';
import { addMember, join } from './member.service.ts';
import type { MemberRow } from './member.table.ts';
import { withoutMemberRows } from './member-erasure.ts';
import { memberLinks } from './member-links.ts';
import { queueUpload, storeUpload } from './member-upload.service.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/bounces');
const fixtureVerp = 'bounces+d1.5f0c3a9e1b2d@bounces.example.org';

// The person who asks to be forgotten, and every spelling of them Plenary may have stored on the way.
const typed = 'Zephyrine.Quastle@Bücher.Example';
const spellings = ['Zephyrine.Quastle@Bücher.Example', 'Zephyrine.Quastle@bücher.example', 'Zephyrine.Quastle@xn--bcher-kva.example', 'Quastlewood'];
const name = 'Zéphyrine Quastlewood';

/** Every text column of every table that holds any spelling of the erased person, as `table.column #id`. */
async function leftovers(t: TestApp): Promise<string[]> {
  const found: string[] = [];
  const needles = [...spellings, name].map((s) => s.toLowerCase());
  for (const table of await t.deps.db.introspection.getTables()) {
    if (table.name.startsWith('kysely_')) continue;
    const rows = (await t.deps.db
      .selectFrom(table.name as 'members')
      .selectAll()
      .execute()) as Record<string, unknown>[];
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === 'string' && needles.some((n) => value.toLowerCase().includes(n))) found.push(`${table.name}.${column} #${row.id ?? '?'}`);
      }
    }
  }
  return found;
}

/** The files under `dirs` whose bytes hold any spelling (an SQLite file or its log keeps deleted pages unless zeroed). */
function filesHolding(dirs: string[]): string[] {
  const needles = [...spellings, name].flatMap((s) => [s, s.toLowerCase()]).map((s) => Buffer.from(s, 'utf8'));
  const found: string[] = [];
  for (const dir of dirs) {
    for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const bytes = fs.readFileSync(file);
      if (needles.some((needle) => bytes.includes(needle))) found.push(file);
    }
  }
  return found;
}

/** An ARF complaint (RFC 5965) about a message Plenary never sent, naming `recipient`. */
function unmatchedComplaint(recipient: string): string {
  return [
    'From: arf@isp.example',
    'To: feedback@bounces.example.org',
    'Subject: Complaint',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'An abuse report.',
    '--b',
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: Complaints/1.0',
    'Version: 1',
    `Original-Rcpt-To: <${recipient}>`,
    '',
    '--b',
    'Content-Type: message/rfc822',
    '',
    'From: someone@example.com',
    `To: ${recipient}`,
    'Subject: Unrelated',
    'Message-ID: <unrelated@example.com>',
    '',
    'Hello.',
    '--b--',
    '',
  ].join('\r\n');
}

for (const dialect of dialects) {
  describe(`erasure reaches every copy on ${dialect}`, () => {
    let t: TestApp;
    let member: MemberRow;
    let other: MemberRow;

    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org', BOUNCE_DOMAIN: 'bounces.example.org' });
    });
    after(async () => {
      await t.close();
    });

    /** Leaves the person's address in every place the product copies it to: mail, uploads, replies, the audit log. */
    async function spreadTheirAddress(): Promise<void> {
      await join(t.deps, { email: typed, name, memberState: 'KE', organisation: 'Quastlewood Institute', language: 'fr' }, '192.0.2.7');
      await t.runJobs();
      member = await t.deps.db.selectFrom('members').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
      const confirm = `/fr/join/confirm/${memberLinks(t.deps, member.id).confirm}`;
      const client = new TestClient(t.app);
      assert.equal((await client.post(confirm, {}, { csrfFrom: confirm })).statusCode, 200);
      other = await addMember(t.deps, cliActor, { email: 'amina@example.org', name: 'Amina Wanjiru', language: 'en' }, { status: 'subscribed', basis: 'test' });

      // An announcement reaches both; the person's server bounces it, quoting the address.
      const a = await announcements.createAnnouncement(t.deps, cliActor, { subject: 'News', markdown: 'Dear {{name}},\n\nNews.' });
      await announcements.sendAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      const delivery = await t.deps.db.selectFrom('deliveries').selectAll().where('member_id', '=', member.id).executeTakeFirstOrThrow();
      const sent = await t.deps.db.selectFrom('captured_mail').selectAll().where('message_id', '=', String(delivery.message_id)).executeTakeFirstOrThrow();
      const raw = fs.readFileSync(path.join(fixtures, 'postfix-5.1.1-user-unknown.eml'), 'utf8');
      const recipient = (await parseBounce(raw))?.recipient ?? '';
      const bounce = raw.split(recipient).join(member.email_display).split(fixtureVerp).join(sent.envelope_from);
      await handleInboundMail(t.deps, { rcptTo: [sent.envelope_from], mailFrom: '' }, Buffer.from(bounce));
      // Kept for review, quoting them: the same bounce from a non-null sender, and a complaint that matches no delivery.
      await handleInboundMail(t.deps, { rcptTo: [sent.envelope_from], mailFrom: 'postmaster@bücher.example' }, Buffer.from(bounce));
      await handleInboundMail(
        t.deps,
        { rcptTo: ['feedback@bounces.example.org'], mailFrom: 'arf@isp.example' },
        Buffer.from(unmatchedComplaint(member.email_display)),
      );

      // Two uploads name them: one previewed (its file waits), one imported (its report lists the change).
      const csv = `email,name,organisation\nzephyrine.quastle@xn--bcher-kva.example,${name},"Quastlewood, Institute"\nnew.person@example.org,New Person,X\n`;
      const options = { status: 'subscribed' as const, basis: 'Paper forms', overwrite: true, columnMap: {} };
      await storeUpload(t.deps, cliActor, { filename: 'waiting.csv', bytes: new TextEncoder().encode(csv), options, locale: 'en' });
      const imported = await storeUpload(t.deps, cliActor, { filename: 'imported.csv', bytes: new TextEncoder().encode(csv), options, locale: 'en' });
      await t.runJobs();
      await queueUpload(t.deps, cliActor, imported.id, options, 'en');
      await t.runJobs();

      // Staff searched for them and exported the result: the audit log quotes the search.
      const editor = await t.signedInClient('editor');
      const exported = await editor.get(`/en/admin/members/export.csv?q=${encodeURIComponent('Zephyrine.Quastle@bücher.example')}`);
      assert.equal(exported.statusCode, 200);
    }

    test('after the person erases their data, no table, column or file holds their address or name', async () => {
      await spreadTheirAddress();
      const before = await leftovers(t);
      for (const place of [
        'members.',
        'captured_mail.raw',
        'member_imports.content',
        'member_imports.report',
        'bounces.diagnostic',
        'bounce_reviews.',
        'audit_events.details',
      ]) {
        assert.ok(
          before.some((f) => f.startsWith(place)),
          `the set-up left a copy in ${place}: ${before.join(', ')}`,
        );
      }

      const erasePage = `/fr/me/${memberLinks(t.deps, member.id).manage}/erase`;
      const client = new TestClient(t.app);
      assert.equal((await client.post(erasePage, { confirm: 'yes' }, { csrfFrom: erasePage })).statusCode, 200);
      await t.runJobs();

      assert.deepEqual(await leftovers(t), []);
      if (dialect === 'sqlite') {
        const dirs = [t.deps.config.dataDir, path.dirname(String(t.database.location.sqliteFile))];
        assert.deepEqual(filesHolding(dirs), [], 'nor does any file on disk (the database and its log)');
      }
    });

    test('everyone else is kept: the other member, their mail, the rest of each upload and the counts', async () => {
      const amina = await t.deps.db.selectFrom('members').selectAll().where('id', '=', other.id).executeTakeFirstOrThrow();
      assert.equal(amina.email_display, 'amina@example.org');
      const theirMail = await t.deps.db.selectFrom('captured_mail').select('id').where('envelope_to', '=', 'amina@example.org').execute();
      assert.ok(theirMail.length >= 1);
      const waiting = await t.deps.db.selectFrom('member_imports').selectAll().where('filename', '=', 'waiting.csv').executeTakeFirstOrThrow();
      assert.match(waiting.content, /new\.person@example\.org/);
      assert.equal(waiting.content.split('\n').filter(Boolean).length, 2, 'the header and the other row');
      const imported = await t.deps.db.selectFrom('member_imports').selectAll().where('filename', '=', 'imported.csv').executeTakeFirstOrThrow();
      assert.equal(imported.status, 'done');
      assert.equal(imported.content, '', 'an imported file is not kept');
      const report = JSON.parse(String(imported.report)) as { updated: number; accepted: number };
      assert.deepEqual([report.accepted, report.updated], [1, 1], 'the counts stay');
      const tombstone = await t.deps.db.selectFrom('members').selectAll().where('id', '=', member.id).executeTakeFirstOrThrow();
      assert.equal(tombstone.member_state, 'KE', 'the erased member is still counted, by geography');
      const bounces = await t.deps.db.selectFrom('bounces').select(['kind', 'diagnostic']).where('member_id', '=', member.id).execute();
      assert.deepEqual(bounces, [{ kind: 'hard', diagnostic: null }], 'the bounce is counted, its reply forgotten');
    });
  });
}

describe('the rows of a stored upload', () => {
  const erased = {
    email_key: 'zephyrine.quastle@bücher.example',
    email_input: typed,
    email_display: 'Zephyrine.Quastle@bücher.example',
    email_ascii: null,
  } as MemberRow;

  test('lose the records with the address in any spelling, quoted fields and other delimiters included', () => {
    const csv = 'email;name\n"ZEPHYRINE.QUASTLE@XN--BCHER-KVA.EXAMPLE";"Z; Q"\nother@example.org;"Line one\nline two"\n';
    assert.equal(withoutMemberRows(csv, erased), 'email;name\nother@example.org;"Line one\nline two"\n');
  });

  test('stay as they are when the address is not in them', () => {
    const csv = 'email,name\n"other@example.org","Other"\r\n';
    assert.equal(withoutMemberRows(csv, erased), csv);
  });

  test('of a file the parser cannot read lose the lines that name the member', () => {
    const csv = 'email,name\nzephyrine.quastle@bücher.example,"unclosed\nother@example.org,Other\n';
    assert.equal(withoutMemberRows(csv, erased), 'email,name\nother@example.org,Other\n');
  });
});
