import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/dialects.ts';
import { manualClock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { seedDemoNetwork } from '../../demo/demo-network.ts';
import { isAppError } from '../../errors/app-error.ts';
import { translator } from '../../i18n/i18n.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import { findMemberByKey, listMemberEvents } from './member.repository.ts';
import { erase } from './member.service.ts';
import { describeImportError, type ImportOptions, type ImportReport, importMembers } from './member-import.ts';

const en = translator('en');
const header = 'email,name,memberState,stakeholderGroup,organisation,language,source,title';

async function count(db: Db, table: 'members' | 'member_events' | 'jobs' | 'audit_events'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function counts(db: Db) {
  return {
    members: await count(db, 'members'),
    events: await count(db, 'member_events'),
    jobs: await count(db, 'jobs'),
    audit: await count(db, 'audit_events'),
  };
}

/** Asserts that `promise` rejects with the file problem `problem` (and the given details). */
async function assertFileProblem(promise: Promise<unknown>, problem: string, details: Record<string, string | number> = {}): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(isAppError(error, 'invalid_input'), String(error));
    assert.equal(error.details.field, 'file');
    assert.equal(error.details.problem, problem, JSON.stringify(error.details));
    for (const [k, v] of Object.entries(details)) assert.equal(error.details[k], v, k);
    assert.ok(describeImportError(error, en), 'has a message');
    return true;
  });
}

for (const dialect of dialects) {
  describe(`member import on ${dialect}`, () => {
    const databases: TestDatabase[] = [];
    after(async () => {
      for (const d of databases) await d.drop();
    });

    /** A fresh database with the demo network, and an import function bound to it. */
    async function setup() {
      const database = await createTestDatabase(dialect);
      databases.push(database);
      const db = database.handle.db;
      const clock = manualClock(new Date('2026-03-01T09:00:00Z'));
      await seedDemoNetwork({ db, clock });
      const networkId = (await findCurrentNetwork(db))!.id;
      const run = (input: Parameters<typeof importMembers>[1], options: Partial<ImportOptions> = {}): Promise<ImportReport> =>
        importMembers({ db, clock }, input, { networkId, dryRun: false, status: 'pending', actorLabel: 'test', ...options });
      return { db, clock, networkId, run };
    }

    const existing = [header, 'ana@example.org,Ana,FR,government,MFA,fr,hlgm-2024,Counsellor', 'kept@example.org,Kept,KE,civil_society,,en,,', ''].join('\n');

    const mixed = [
      header,
      // Numbered as a spreadsheet shows the file: the header is row 1.
      '用户@例子.广告,张伟,CN,government,,zh,,', // 2 accepted: internationalised address
      'josé@ejemplo.es,José,ES,Academia,,ES,,', // 3 accepted (group and language normalised)
      'ana＠example.org,Ana,FR,,,,,', // 4 rejected: full-width at sign
      'ANA@Example.org,Ana María,,,,,,', // 5 updated: same member as ana@example.org, new name
      'kept@example.org,Kept,KE,,,,,', // 6 duplicate: exists, nothing changes
      'JOSÉ@EJEMPLO.ES,Jose again,,,,,,', // 7 duplicate of row 3 (same dedupe key)
      'bad@@example.org,Bad,,,,,,', // 8 rejected: two at signs
      'x@example.org,X,XX,,,,,', // 9 rejected: unknown member state
      's@example.org,<script>alert(1)</script>,,,,,,', // 10 accepted: markup is text
      'c@example.org,"Con\u0007trol\u202Echars",,,,,,', // 11 accepted: control and bidi characters cleaned
      'l@example.org,L,,,,klingon,,', // 12 rejected: not one of the six languages
      ',No Email,,,,,,', // 13 rejected: empty address
      'n@example.org,,,,,,,', // 14 rejected: no name
      'g@example.org,G,,lobbyists,,,,', // 15 rejected: unknown stakeholder group
      ',,,,,,,', // a spreadsheet's blank row: skipped
      '',
    ].join('\n');

    test('classifies each row as accepted, updated, duplicate or rejected, with codes and reasons', async () => {
      const { db, networkId, run } = await setup();
      assert.deepEqual(await run(existing, { status: 'subscribed', basis: 'Registered at the WSIS Forum 2025' }), {
        accepted: 2,
        updated: 0,
        duplicates: [],
        rejected: [],
        changes: [],
      });
      // With overwrite: without it, row 5's new name would not replace the stored one (see member-import-merge.test.ts).
      const report = await run(mixed, { overwrite: true });
      assert.equal(report.accepted, 4);
      assert.equal(report.updated, 1);
      assert.deepEqual(report.duplicates, [
        { row: 6, email: 'kept@example.org' },
        { row: 7, email: 'JOSÉ@ejemplo.es', firstRow: 3 },
      ]);
      assert.deepEqual(
        report.rejected.map((r) => [r.row, r.email, r.code]),
        [
          [4, 'ana＠example.org', 'fullwidth_at'],
          [8, 'bad@@example.org', 'multiple_at'],
          [9, 'x@example.org', 'invalid_memberState'],
          [12, 'l@example.org', 'invalid_language'],
          [13, '', 'empty'],
          [14, 'n@example.org', 'invalid_name'],
          [15, 'g@example.org', 'invalid_stakeholderGroup'],
        ],
      );
      const reason = (row: number) => report.rejected.find((r) => r.row === row)?.reason;
      assert.equal(reason(4), en('address.error.fullwidth_at', { codePoint: 'U+FF20' }));
      assert.equal(reason(8), en('address.error.multiple_at'));
      assert.equal(reason(9), en('import.reason.memberState', { value: 'XX' }));
      assert.equal(reason(12), en('import.reason.language', { value: 'klingon' }));

      const chinese = await findMemberByKey(db, networkId, '用户@例子.广告');
      assert.ok(chinese);
      assert.equal(chinese.email_display, '用户@例子.广告');
      assert.equal(chinese.email_ascii, null);
      assert.equal(chinese.status, 'pending');
      assert.equal(chinese.language, 'zh');
      assert.equal(chinese.regional_group, 'asia_pacific');
      assert.equal(chinese.consent_method, null);

      const jose = await findMemberByKey(db, networkId, 'josé@ejemplo.es');
      assert.equal(jose?.name, 'José', 'the first row wins over its duplicate');
      assert.equal(jose?.stakeholder_group, 'academia');
      assert.equal(jose?.language, 'es');
      assert.equal((await findMemberByKey(db, networkId, 's@example.org'))?.name, '<script>alert(1)</script>');
      assert.equal((await findMemberByKey(db, networkId, 'c@example.org'))?.name, 'Con trol chars');

      const ana = await findMemberByKey(db, networkId, 'ana@example.org');
      assert.ok(ana);
      assert.equal(ana.name, 'Ana María');
      assert.equal(ana.status, 'subscribed', 'an import never downgrades a subscribed member');
      assert.equal(ana.organisation, 'MFA', 'an empty cell does not clear a stored value');
      assert.equal(ana.member_state, 'FR');
      assert.equal(ana.email_display, 'ana@example.org', 'the stored address form is kept');
      assert.ok(ana.search_text.includes('maria'), 'search text is folded (María → maria)');
      const anaEvents = await listMemberEvents(db, ana.id);
      assert.deepEqual(
        anaEvents.map((e) => [e.kind, e.actor_label]),
        [
          ['imported', 'test'],
          ['import_updated', 'test'],
        ],
      );
      assert.deepEqual(JSON.parse(anaEvents[1]!.details ?? '{}'), { changes: [{ field: 'name', from: 'Ana', to: 'Ana María' }] });
      assert.equal((await listMemberEvents(db, chinese.id))[0]?.to_status, 'pending');
    });

    test('the memberState column takes a code or a name in any of the six languages, whatever the case and accents', async () => {
      const { db, networkId, run } = await setup();
      const rows: [string, string | null][] = [
        ['España', 'ES'],
        ['ESPANA', 'ES'],
        ['Kenya', 'KE'],
        ['Российская Федерация', 'RU'],
        ['Russia', 'RU'],
        ['ke', 'KE'],
        ['KR', 'KR'],
        ['République de Corée', 'KR'],
        ['越南', 'VN'],
        ['جمهورية كوريا', 'KR'],
        ['Narnia', null],
      ];
      const csv = [header, ...rows.map(([state], i) => `m${i}@example.org,Member ${i},${state},,,en,,`), ''].join('\n');
      const report = await run(csv, { locale: 'es' });
      assert.equal(report.accepted, rows.length - 1);
      assert.deepEqual(
        report.rejected.map((r) => [r.email, r.code, r.reason]),
        [['m10@example.org', 'invalid_memberState', translator('es')('import.reason.memberState', { value: 'Narnia' })]],
        'what names no place is refused, with the reason in the importer’s language',
      );
      assert.match(report.rejected[0]?.reason ?? '', /Narnia.*KE/);
      for (const [i, [, code]] of rows.entries()) {
        const member = await findMemberByKey(db, networkId, `m${i}@example.org`);
        assert.equal(member?.member_state ?? null, code, rows[i]?.[0]);
        if (code) assert.equal(member?.un_status, 'member');
      }
    });

    test('new pending members get one confirmation job each, queued with the members', async () => {
      const { db, run } = await setup();
      await run(mixed);
      const jobs = await db.selectFrom('jobs').selectAll().orderBy('id').execute();
      const members = await db.selectFrom('members').select(['id', 'status']).orderBy('id').execute();
      assert.equal(jobs.length, 6);
      assert.deepEqual(
        jobs.map((j) => JSON.parse(j.payload)),
        members.map((m) => ({ memberId: m.id, kind: 'confirmation' })),
      );
      for (const job of jobs) {
        assert.equal(job.name, 'member.email');
        assert.equal(job.lane, 'priority');
        assert.equal(job.max_attempts, 8);
        assert.equal(job.status, 'queued');
      }
      const again = await run(mixed);
      assert.equal(again.accepted, 0);
      assert.equal(await count(db, 'jobs'), 6, 'no confirmation for members who already exist');
    });

    test('subscribed needs a lawful basis, and records it as consent', async () => {
      const { db, networkId, run, clock } = await setup();
      await assert.rejects(run(existing, { status: 'subscribed' }), (e) => isAppError(e, 'invalid_input') && e.details.field === 'basis');
      await assert.rejects(run(existing, { status: 'subscribed', basis: '  ' }), (e) => isAppError(e, 'invalid_input') && e.details.field === 'basis');
      assert.equal(await count(db, 'members'), 0);
      await run(existing, { status: 'subscribed', basis: 'Met at the HLGM, agreed to updates' });
      const ana = await findMemberByKey(db, networkId, 'ana@example.org');
      assert.equal(ana?.status, 'subscribed');
      assert.equal(ana?.consent_method, 'import');
      assert.equal(ana?.consent_basis, 'Met at the HLGM, agreed to updates');
      assert.equal(ana?.consent_version, 'import');
      assert.equal(ana?.consent_at, clock.now().toISOString());
      assert.equal(ana?.source, 'hlgm-2024');
      assert.equal(ana?.job_title, 'Counsellor');
      assert.equal(await count(db, 'jobs'), 0, 'no confirmation email for members subscribed on a stated basis');
    });

    test('a dry run reports exactly what a real run does, and writes nothing', async () => {
      const { db, run } = await setup();
      await run(existing, { status: 'subscribed', basis: 'Registered at the WSIS Forum 2025', actor: { staffId: null, label: 'cli' } });
      const before = await counts(db);
      const dry = await run(mixed, { dryRun: true, actor: { staffId: null, label: 'cli' } });
      assert.deepEqual(await counts(db), before);
      assert.deepEqual(await run(mixed, { actor: { staffId: null, label: 'cli' } }), dry);
      assert.equal(await count(db, 'audit_events'), before.audit + 1, 'the real run is audited');
    });

    test('malformed CSV in the middle of a large file changes nothing', async () => {
      const { db, run } = await setup();
      await run(existing);
      const before = await counts(db);
      const rows = Array.from({ length: 1200 }, (_, i) => `m${i}@example.org,Member ${i},,,,,,`);
      const unclosed = [header, ...rows, 'broken@example.org,"Unclosed,,,,,,', 'after@example.org,After,,,,,,', ''].join('\n');
      await assertFileProblem(run(unclosed), 'unclosed_quote', { line: 1202 });
      const strayQuote = [header, ...rows, 'broken@example.org,Str"ay"x,,,,,,', ...rows.map((r) => `x${r}`), ''].join('\n');
      await assertFileProblem(run(strayQuote), 'invalid_quote', { line: 1202 });
      const extraCell = [header, ...rows, 'broken@example.org,Extra,,,,,,,,', ''].join('\n');
      await assertFileProblem(run(extraCell), 'column_count', { line: 1202, expected: 8, got: 10 });
      assert.deepEqual(await counts(db), before);
    });

    test('refuses files in other encodings, and accepts UTF-8 with a BOM', async () => {
      const { db, networkId, run } = await setup();
      await assertFileProblem(run(Buffer.from('email,name\nj\xe9@x.org,Jos\xe9\n', 'latin1')), 'not_utf8', { line: 2 });
      await assertFileProblem(run(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email,name\n', 'utf16le')])), 'utf16');
      await assertFileProblem(run(Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1')), 'spreadsheet');
      await assertFileProblem(run(Buffer.from('email,name\na@example.org,A\0\n')), 'binary');
      assert.equal(await count(db, 'members'), 0);

      const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('email,name\njosé@ejemplo.es,José\n')]);
      assert.equal((await run(bom)).accepted, 1);
      assert.equal((await findMemberByKey(db, networkId, 'josé@ejemplo.es'))?.name, 'José');
    });

    test('reads a stream whose chunks split multi-byte characters', async () => {
      const { db, networkId, run } = await setup();
      const bytes = Buffer.from('\uFEFFemail,name,language\n用户@例子.广告,张伟,zh\nрусский@пример.рф,Иван,ru\n');
      const oneByteAtATime = Readable.from(
        (function* () {
          for (const b of bytes) yield Buffer.from([b]);
        })(),
      );
      assert.deepEqual(await run(oneByteAtATime), { accepted: 2, updated: 0, duplicates: [], rejected: [], changes: [] });
      assert.equal((await findMemberByKey(db, networkId, 'русский@пример.рф'))?.name, 'Иван');
      await assertFileProblem(run(Readable.from([Buffer.from('email,name\n'), Buffer.from('a@x.org,Caf\xe9\n', 'latin1')])), 'not_utf8', { line: 2 });
    });

    test('file-level problems: headers, size, row count', async () => {
      const { db, run } = await setup();
      await assertFileProblem(run(''), 'empty');
      await assertFileProblem(run('\uFEFF'), 'empty');
      await assertFileProblem(run('email,organisation\na@example.org,X\n'), 'missing_column', { column: 'name' });
      await assertFileProblem(run('name\nA\n'), 'missing_column', { column: 'email' });
      await assertFileProblem(run('email,name,Email\na@example.org,A,b@example.org\n'), 'duplicate_column', { column: 'email' });
      await assertFileProblem(run(`${header}\n${'a@example.org,A,,,,,,\n'.repeat(100)}`, { maxBytes: 1000 }), 'too_large');
      await assertFileProblem(run('email,name\na@example.org,A\nb@example.org,B\nc@example.org,C\n', { maxRows: 2 }), 'too_many_rows', { max: 2 });
      await assertFileProblem(run(`email,name\na@example.org,"${'x'.repeat(70_000)}"\n`), 'row_too_long', { line: 2 });
      assert.equal(await count(db, 'members'), 0);
    });

    test('headers are matched loosely; semicolons, column maps and unknown columns work', async () => {
      const { db, networkId, run } = await setup();
      const semicolons = 'E-mail Address;Full name;Member State;Organization;Notes\nana@example.org;Ana;fr;Ministry;call back\n';
      const report = await run(semicolons, { columnMap: { 'Full name': 'name', Notes: '' } });
      assert.deepEqual(report, { accepted: 1, updated: 0, duplicates: [], rejected: [], changes: [] });
      const ana = await findMemberByKey(db, networkId, 'ana@example.org');
      assert.equal(ana?.member_state, 'FR');
      assert.equal(ana?.organisation, 'Ministry');
      assert.equal(ana?.language, 'en', 'no language column means English');
      await assert.rejects(run(semicolons, { columnMap: { Notes: 'password' } }), (e) => isAppError(e, 'invalid_input') && e.details.field === 'columnMap');
    });

    test('an erased member cannot be imported again', async () => {
      const { db, networkId, run, clock } = await setup();
      await run('email,name\ngone@example.org,Gone\n');
      const gone = await findMemberByKey(db, networkId, 'gone@example.org');
      assert.ok(gone);
      await erase({ db, dialect, clock, queue: new JobQueue({ db, clock }), secretKey: 'unused' }, gone, { staffId: null, label: 'member' });
      const report = await run('email,name\nGone@example.org,Gone Again\nnew@example.org,New\n');
      assert.equal(report.accepted, 1);
      assert.deepEqual(
        report.rejected.map((r) => [r.row, r.code]),
        [[2, 'erased']],
      );
      assert.equal(await findMemberByKey(db, networkId, 'gone@example.org'), undefined);
    });

    test('reported rows are numbered as a spreadsheet shows the file: header 1, blank lines counted, a multi-line cell one row', async () => {
      const { run } = await setup();
      const report = await run('email,name\n\nbad@@example.org,"Two\nlines"\nfine@example.org,Fine\n\n\nalso@@example.org,Also\nfine@example.org,Again\n');
      assert.deepEqual(
        report.rejected.map((r) => [r.row, r.email]),
        [
          [3, 'bad@@example.org'],
          [7, 'also@@example.org'],
        ],
      );
      assert.deepEqual(report.duplicates, [{ row: 8, email: 'fine@example.org', firstRow: 4 }]);
    });

    test('5,000 rows go in batches inside one transaction', async () => {
      const { db, run } = await setup();
      const rows = Array.from({ length: 5000 }, (_, i) => `member${i}@example.org,Member ${i},KE,civil_society,Org ${i},en,bulk,`);
      let progressCalls = 0;
      const report = await run([header, ...rows, ''].join('\n'), { status: 'subscribed', basis: 'Workshop sign-up sheet', onProgress: () => progressCalls++ });
      assert.equal(report.accepted, 5000);
      assert.equal(await count(db, 'members'), 5000);
      assert.equal(await count(db, 'member_events'), 5000);
      assert.ok(progressCalls >= 10);
    });
  });
}

describe('plenary members (CLI, SQLite)', () => {
  const bin = path.join(import.meta.dirname, '..', '..', '..', 'bin', 'plenary.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-members-cli-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function plenary(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
    for (const key of ['DATABASE_URL', 'PORT', 'PUBLIC_URL', 'SECRET_KEY', 'PLENARY_DEMO']) delete env[key];
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.stdin.end();
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  test('import --json prints the report; export --format json streams the members', async () => {
    const file = path.join(dir, 'members.csv');
    fs.writeFileSync(
      file,
      `${header}\nana@example.org,Ana,FR,government,MFA,fr,hlgm-2024,Counsellor\n用户@例子.广告,张伟,CN,,,zh,,\nbad@@example.org,Bad,,,,,,\nANA@example.org,Ana,,,,,,\n`,
    );
    const imported = await plenary(['members', 'import', file, '--json']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(JSON.parse(imported.stdout), {
      accepted: 2,
      updated: 0,
      duplicates: [{ row: 5, email: 'ANA@example.org', firstRow: 2 }],
      rejected: [{ row: 4, email: 'bad@@example.org', code: 'multiple_at', reason: en('address.error.multiple_at') }],
      changes: [],
    });

    const exported = await plenary(['members', 'export', '--format', 'json']);
    assert.equal(exported.code, 0, exported.stderr);
    const members = JSON.parse(exported.stdout) as Record<string, unknown>[];
    assert.deepEqual(
      members.map((m) => [m.email, m.name, m.status, m.memberState, m.regionalGroup, m.stakeholderGroup, m.language, m.source]),
      [
        ['ana@example.org', 'Ana', 'pending', 'FR', 'western_european_others', 'government', 'fr', 'hlgm-2024'],
        ['用户@例子.广告', '张伟', 'pending', 'CN', 'asia_pacific', null, 'zh', null],
      ],
    );
    for (const m of members) assert.match(String(m.joinedAt), /^\d{4}-\d\d-\d\dT/);

    const csv = await plenary(['members', 'export', '--bom', '--member-state', 'cn']);
    assert.equal(csv.code, 0, csv.stderr);
    assert.ok(csv.stdout.startsWith('\uFEFFemail,name,status,'));
    assert.equal(csv.stdout.trim().split('\r\n').length, 2);
    const byName = await plenary(['members', 'export', '--member-state', '中国']);
    assert.equal(byName.stdout, csv.stdout.replace('\uFEFF', ''), 'a member state by its name, as by its code');
    const nowhere = await plenary(['members', 'export', '--member-state', 'Narnia']);
    assert.notEqual(nowhere.code, 0);
    assert.match(nowhere.stderr, /--member-state takes a two-letter ISO 3166-1 code or a name/);
    const labelled = await plenary(['members', 'export', '--labels', 'zh', '--member-state', 'cn']);
    assert.equal(labelled.code, 0, labelled.stderr);
    const zh = translator('zh');
    assert.ok(labelled.stdout.startsWith(`${zh('member.field.email')},${zh('member.field.name')},`), labelled.stdout);
    assert.match(labelled.stdout, /中国/, 'the member state by its name');

    // An existing member's name and member state change only with --overwrite; their language never.
    const update = path.join(dir, 'update.csv');
    fs.writeFileSync(update, `${header}\nana@example.org,Ana Renamed,KE,,UNDP,en,,\n`);
    const filled = JSON.parse((await plenary(['members', 'import', update, '--json'])).stdout) as ImportReport;
    assert.deepEqual(filled.changes, []);
    assert.equal(filled.updated, 0, 'MFA, FR and the name were set: nothing is empty to fill');
    const overwritten = JSON.parse((await plenary(['members', 'import', update, '--json', '--overwrite'])).stdout) as ImportReport;
    assert.deepEqual(overwritten.changes, [
      {
        row: 2,
        email: 'ana@example.org',
        fields: [
          { field: 'name', from: 'Ana', to: 'Ana Renamed' },
          { field: 'member_state', from: 'FR', to: 'KE' },
          { field: 'organisation', from: 'MFA', to: 'UNDP' },
        ],
      },
    ]);
  });

  test('usage mistakes exit 2; a refused file exits 1 with one clear line and changes nothing', async () => {
    const file = path.join(dir, 'latin1.csv');
    fs.writeFileSync(file, Buffer.from('email,name\nj\xe9@x.org,Jos\xe9\n', 'latin1'));
    for (const args of [
      ['members', 'import', file, '--status', 'subscribed'],
      ['members', 'import'],
      ['members', 'import', file, '--status', 'confirmed', '--basis', 'x'],
      ['members', 'export', '--format', 'xml'],
      ['members', 'export', '--regional-group', 'europe'],
      ['members', 'export', '--labels', 'de'],
      ['members', 'frobnicate'],
    ]) {
      const r = await plenary(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
    const before = await plenary(['members', 'export', '--format', 'json']);
    const refused = await plenary(['members', 'import', file]);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.match(refused.stderr, /^plenary: /);
    const afterwards = await plenary(['members', 'export', '--format', 'json']);
    assert.equal(afterwards.stdout, before.stdout);

    const dry = await plenary(['members', 'import', path.join(dir, 'members.csv'), '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal((await plenary(['members', 'export', '--format', 'json'])).stdout, before.stdout);
  });
});
