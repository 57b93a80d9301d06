import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { createTestDatabase, dialects, type TestDatabase } from '../../test/dialects.ts';
import { manualClock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { findJob } from './job.repository.ts';
import { defineJob, JobQueue } from './job-queue.ts';
import { backoffDelay, JobRunner, PermanentJobError } from './job-runner.ts';

for (const dialect of dialects) {
  describe(`jobs on ${dialect}`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(async () => {
      await database.drop();
    });

    function setup(db: Db, run: (payload: { n: number }) => Promise<void>, maxAttempts = 3) {
      const clock = manualClock(new Date('2026-03-01T10:00:00Z'));
      const queue = new JobQueue({ db, clock });
      queue.register(defineJob({ name: `test.${dialect}`, lane: 'bulk', maxAttempts, payload: z.object({ n: z.number().int() }), run }));
      const runner = (id: string, leaseMs = 60_000) =>
        new JobRunner({ db, dialect, clock, queue }, { workerId: id, leaseMs, backoffMs: 1000, maxBackoffMs: 60_000, pollMs: 5 });
      return { clock, queue, runner };
    }

    test('enqueue validates the payload against the job schema', async () => {
      const { queue } = setup(database.handle.db, async () => {});
      await assert.rejects(queue.enqueue(`test.${dialect}`, { n: 'three' }));
      await assert.rejects(queue.enqueue('no.such.job', {}), /unknown job/);
    });

    test('a job that throws is retried with exponential backoff, then fails visibly', async () => {
      const seen: number[] = [];
      const { clock, queue, runner } = setup(database.handle.db, async (p) => {
        seen.push(p.n);
        throw new Error('relay said 451');
      });
      const job = await queue.enqueue(`test.${dialect}`, { n: 7 });
      const worker = runner('w1');

      assert.equal(await worker.runOnce(), true);
      let row = await findJob(database.handle.db, job.id);
      assert.equal(row?.status, 'queued');
      assert.equal(row?.attempts, 1);
      assert.equal(row?.last_error, 'relay said 451');
      assert.equal(new Date(row!.run_at).getTime() - clock.now().getTime(), 1000);

      assert.equal(await worker.runOnce(), false, 'not due before its backoff has passed');
      clock.advance(1000);
      assert.equal(await worker.runOnce(), true);
      row = await findJob(database.handle.db, job.id);
      assert.equal(new Date(row!.run_at).getTime() - clock.now().getTime(), 2000, 'the second delay doubles');

      clock.advance(2000);
      assert.equal(await worker.runOnce(), true);
      row = await findJob(database.handle.db, job.id);
      assert.equal(row?.status, 'failed');
      assert.equal(row?.attempts, 3);
      assert.ok(row?.finished_at);
      assert.deepEqual(seen, [7, 7, 7]);
      clock.advance(3_600_000);
      assert.equal(await worker.runOnce(), false, 'a failed job is not run again');
    });

    test('a permanent error fails at once without retries', async () => {
      const { queue, runner } = setup(database.handle.db, async () => {
        throw new PermanentJobError('550 no such user');
      });
      const job = await queue.enqueue(`test.${dialect}`, { n: 1 });
      await runner('w1').runOnce();
      const row = await findJob(database.handle.db, job.id);
      assert.equal(row?.status, 'failed');
      assert.equal(row?.attempts, 1);
    });

    test('a job whose worker died is picked up by another after the lease expires', async () => {
      let runs = 0;
      const { clock, queue, runner } = setup(database.handle.db, async () => {
        runs++;
      });
      const job = await queue.enqueue(`test.${dialect}`, { n: 2 });
      // Worker A leases the job and dies: simulate by leasing through a runner whose handler never completes.
      const dead = setup(database.handle.db, () => new Promise(() => {}));
      void dead.runner('dead', 30_000).runOnce();
      await new Promise((r) => setTimeout(r, 50));
      let row = await findJob(database.handle.db, job.id);
      assert.equal(row?.status, 'running');
      assert.equal(row?.locked_by, 'dead');

      const b = runner('w2');
      assert.equal(await b.runOnce(), false, 'the lease still holds');
      clock.advance(30_001);
      assert.equal(await b.runOnce(), true, 'after expiry the job is taken again');
      row = await findJob(database.handle.db, job.id);
      assert.equal(row?.status, 'done');
      assert.equal(row?.attempts, 2);
      assert.equal(runs, 1);
    });

    test('two workers on separate connections never run the same job', async () => {
      await database.handle.db.deleteFrom('jobs').execute();
      const other = await database.connectAgain();
      const runsById = new Map<number, number>();
      const handler = async (p: { n: number }) => {
        runsById.set(p.n, (runsById.get(p.n) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, Math.random() * 3));
      };
      const one = setup(database.handle.db, handler);
      const two = setup(other.db, handler);
      const total = 300;
      for (let n = 0; n < total; n++) await one.queue.enqueue(`test.${dialect}`, { n });
      const a = new JobRunner({ db: database.handle.db, dialect, clock: one.clock, queue: one.queue }, { workerId: 'a', concurrency: 4, pollMs: 5 });
      const b = new JobRunner({ db: other.db, dialect, clock: two.clock, queue: two.queue }, { workerId: 'b', concurrency: 4, pollMs: 5 });
      a.start();
      b.start();
      const deadline = Date.now() + 30_000;
      while (runsById.size < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await Promise.all([a.stop(), b.stop()]);
      assert.equal(runsById.size, total, 'every job ran');
      assert.deepEqual(
        [...runsById.values()].filter((count) => count !== 1),
        [],
        'no job ran twice',
      );
      const done = await database.handle.db
        .selectFrom('jobs')
        .select(['locked_by'])
        .where('status', '=', 'done')
        .where('name', '=', `test.${dialect}`)
        .execute();
      assert.equal(done.length, total);
    });

    test('stop() lets the job in hand finish and leases nothing new', async () => {
      let finished = 0;
      let started = 0;
      const { queue } = setup(database.handle.db, async () => {
        started++;
        await new Promise((r) => setTimeout(r, 100));
        finished++;
      });
      await database.handle.db.deleteFrom('jobs').execute();
      const first = await queue.enqueue(`test.${dialect}`, { n: 1 });
      const w = new JobRunner({ db: database.handle.db, dialect, clock: manualClock(new Date('2026-03-01T10:00:00Z')), queue }, { concurrency: 1, pollMs: 5 });
      w.start();
      while (started === 0) await new Promise((r) => setTimeout(r, 5));
      await queue.enqueue(`test.${dialect}`, { n: 2 });
      await w.stop();
      assert.equal(finished, 1);
      assert.equal((await findJob(database.handle.db, first.id))?.status, 'done');
      assert.equal(started, 1, 'nothing new was leased after stop');
    });
  });
}

test('backoff doubles and is capped', () => {
  assert.deepEqual(
    [1, 2, 3, 4].map((n) => backoffDelay(n, 1000, 5000)),
    [1000, 2000, 4000, 5000],
  );
});
