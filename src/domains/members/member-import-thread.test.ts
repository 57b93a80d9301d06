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
import { isAppError } from '../../errors/app-error.ts';
import { JobQueue } from '../../jobs/job-queue.ts';
import { insertNetwork } from '../site/site.repository.ts';
import { erase } from './member.service.ts';
import { type ImportOptions, type ImportReport, importMembers, workerFrom } from './member-import.ts';
import type { ReadingThread } from './member-import-thread.ts';

// Reading in a worker thread must change where the work happens, nothing else: the same file gives the same
// report and the same rows whether it is read here or in the worker, on both databases.

const header = 'email,name,memberState,stakeholderGroup,organisation,language,source,title';

/** 1,500 rows of every kind: new, internationalised, invalid in each field, repeated, blank, multi-line, existing, erased. */
function mixedFile(): string {
  const lines = [header];
  for (let i = 0; i < 1500; i++) {
    const kind = i % 15;
    if (kind === 0) lines.push(`bad${i}@@example.org,Bad ${i},,,,,,`);
    else if (kind === 1) lines.push(`用户${i}@例子.广告,张伟 ${i},CN,government,外交部,zh,,`);
    else if (kind === 2) lines.push(`member${i - 2}@example.org,Repeat ${i},,,,,,`);
    else if (kind === 3) lines.push(',,,,,,,');
    else if (kind === 4) lines.push(`multi${i}@example.org,"Two\nlines ${i}",España,Academia,,ES,,`);
    else if (kind === 5) lines.push(`wrong${i}@example.org,Wrong ${i},Atlantis,,,,,`);
    else if (kind === 6) lines.push(`lang${i}@example.org,Lang ${i},,,,de,,`);
    else if (kind === 7) lines.push(`existing${i % 30}@example.org,Existing again,KE,civil_society,New org,en,new,Counsellor`);
    else if (kind === 8) lines.push('gone@example.org,Gone again,,,,,,');
    else if (kind === 9) lines.push(`MEMBER${i - 9}@EXAMPLE.ORG,Other capitals,,,,,,`);
    else
      lines.push(
        `member${i}@example.org,Member ${i},${['FR', 'KE', 'BR', ''][i % 4]},${['government', 'igo', ''][i % 3]},Org ${i % 7},${['en', 'fr', 'ar'][i % 3]},${i % 2 ? 'csv' : ''},`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/** Every members row and history entry of a network, without ids and times: what an import wrote. */
async function written(db: Db, networkId: number) {
  const members = await db.selectFrom('members').selectAll().where('network_id', '=', networkId).orderBy('email_key').execute();
  const events = await db
    .selectFrom('member_events')
    .innerJoin('members', 'members.id', 'member_events.member_id')
    .select(['members.email_key', 'member_events.kind', 'member_events.to_status', 'member_events.details'])
    .where('members.network_id', '=', networkId)
    .orderBy('members.email_key')
    .orderBy('member_events.id')
    .execute();
  const tallies = await db
    .selectFrom('member_tallies')
    .select(['status', 'dimension', 'value', 'n'])
    .where('network_id', '=', networkId)
    .orderBy(['status', 'dimension', 'value'])
    .execute();
  const jobs = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    members: members.map(({ id: _, ...row }) => row),
    events,
    tallies: tallies.map((t) => ({ ...t, n: Number(t.n) })),
    jobs: Number(jobs.n),
  };
}

for (const dialect of dialects) {
  describe(`member import read here or in a worker thread on ${dialect}`, () => {
    const databases: TestDatabase[] = [];
    after(async () => {
      for (const d of databases) await d.drop();
    });

    /** A fresh database with a network holding 30 members and one erased member. */
    async function setup() {
      const database = await createTestDatabase(dialect);
      databases.push(database);
      const db = database.handle.db;
      const clock = manualClock(new Date('2026-03-01T09:00:00Z'));
      const network = await insertNetwork(db, { slug: 'thread', name: '{"en":"Test"}', purpose: '{}', joinCall: '{}', defaultLocale: 'en' }, clock.now());
      const run = (thread: ReadingThread, input: Parameters<typeof importMembers>[1], options: Partial<ImportOptions> = {}): Promise<ImportReport> =>
        importMembers({ db, clock }, input, { networkId: network.id, dryRun: false, status: 'pending', actorLabel: 'test', readingThread: thread, ...options });
      const seed = [header, ...Array.from({ length: 30 }, (_, i) => `existing${i}@example.org,Existing ${i},,,,fr,,`), 'gone@example.org,Gone,,,,,,'].join(
        '\n',
      );
      await run('here', seed, { status: 'subscribed', basis: 'seed' });
      const gone = await db.selectFrom('members').selectAll().where('email_key', '=', 'gone@example.org').executeTakeFirstOrThrow();
      await erase({ db, dialect, clock, queue: new JobQueue({ db, clock }), secretKey: 'unused' }, gone, { staffId: null, label: 'member' });
      return { db, networkId: network.id, run };
    }

    test('a dry run and an import give the same report and write the same rows', async () => {
      const file = mixedFile();
      const here = await setup();
      const there = await setup();
      for (const options of [{ dryRun: true }, { dryRun: false }, { dryRun: false, status: 'subscribed', basis: 'Workshop sheet', overwrite: true }] as const) {
        const jobsBefore = (await written(here.db, here.networkId)).jobs;
        const a = await here.run('here', file, options);
        const queued = (await written(here.db, here.networkId)).jobs - jobsBefore;
        assert.equal(queued, !options.dryRun && options.status !== 'subscribed' ? a.accepted : 0, 'one confirmation job per new pending member');
        // The worker gets the file as a stream of pieces, as the CLI gives it.
        const b = await there.run('worker', Readable.from([Buffer.from(file.slice(0, 30_000)), Buffer.from(file.slice(30_000))]), options);
        assert.deepEqual(b, a, JSON.stringify(options));
        assert.ok(a.rejected.length > 300 && a.duplicates.length > 100 && a.rejected.some((r) => r.code === 'erased'), 'every kind of row is there');
        assert.deepEqual(await written(there.db, there.networkId), await written(here.db, here.networkId));
      }
      const report = await here.run('here', file, { dryRun: true });
      assert.equal(report.accepted, 0, 'the second import found every member');
    });

    test('a file problem found in the worker is the same AppError, and nothing is written', async () => {
      const { db, networkId, run } = await setup();
      const before = await written(db, networkId);
      for (const [file, problem] of [
        [`${mixedFile()}"unclosed,quote\n`, 'unclosed_quote'],
        [`${mixedFile()}too,many,cells,in,this,row,for,the,header\n`, 'column_count'],
        [Buffer.concat([Buffer.from(mixedFile()), Buffer.from([0xff, 0xfe, 0x41])]), 'not_utf8'],
      ] as const) {
        const errors = [];
        for (const thread of ['here', 'worker'] as const) {
          errors.push(
            await run(thread, file, { status: 'subscribed', basis: 'x' }).then(
              () => assert.fail('imported'),
              (error: unknown) => error,
            ),
          );
        }
        const [a, b] = errors;
        assert.ok(isAppError(a, 'invalid_input') && isAppError(b, 'invalid_input'), String(b));
        assert.equal(a.details.problem, problem);
        assert.deepEqual(b.details, a.details);
      }
      assert.deepEqual(await written(db, networkId), before);
    });
  });
}

describe('plenary members import reads a large file in the worker thread (CLI, SQLite)', () => {
  const bin = path.join(import.meta.dirname, '..', '..', '..', 'bin', 'plenary.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-import-thread-cli-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function dryRun(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, LOG_LEVEL: 'silent' };
    for (const key of ['DATABASE_URL', 'PORT', 'PUBLIC_URL', 'SECRET_KEY', 'PLENARY_DEMO']) delete childEnv[key];
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, 'members', 'import', file, '--dry-run', '--json'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  test('from the bundled CLI and through tsx, the report is the one read here gives', async () => {
    let file = mixedFile();
    while (Buffer.byteLength(file) < workerFrom)
      file += mixedFile()
        .slice(header.length + 1)
        .replaceAll('@', `.${file.length}@`);
    const csv = path.join(dir, 'large.csv');
    fs.writeFileSync(csv, file);
    const database = await createTestDatabase('sqlite');
    try {
      const clock = manualClock(new Date('2026-03-01T09:00:00Z'));
      const network = await insertNetwork(
        database.handle.db,
        { slug: 'cli', name: '{"en":"Test"}', purpose: '{}', joinCall: '{}', defaultLocale: 'en' },
        clock.now(),
      );
      const expected = await importMembers({ db: database.handle.db, clock }, file, {
        networkId: network.id,
        dryRun: true,
        status: 'pending',
        actorLabel: 'test',
        readingThread: 'here',
      });
      assert.ok(expected.rejected.length > 100 && expected.rejected.every((r) => r.reason.length > 0), 'rejections with their translated reasons');
      for (const [name, env] of [
        ['bundle', { DATA_DIR: path.join(dir, 'bundle') }],
        ['tsx', { DATA_DIR: path.join(dir, 'tsx'), PLENARY_BUNDLE: '0' }],
      ] as const) {
        const result = await dryRun(csv, env);
        assert.equal(result.code, 0, `${name}: ${result.stderr}`);
        assert.deepEqual(JSON.parse(result.stdout), expected, name);
      }
    } finally {
      await database.drop();
    }
  });
});
