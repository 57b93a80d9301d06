import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { createTestDatabase, dialects, type TestDatabase } from '../../test/dialects.ts';
import { manualClock, systemClock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { findJob, leaseNextJob } from './job.repository.ts';
import { defineJob, JobQueue } from './job-queue.ts';
import { backoffDelay, JobLeaseLostError, JobRunner, PermanentJobError } from './job-runner.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
      // Worker A leases the job and dies (no heartbeat renews its lease).
      await leaseNextJob(database.handle.db, dialect, ['bulk'], 'dead', clock.now(), new Date(clock.now().getTime() + 30_000));
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

    test('a holder that keeps heart-beating past the lease length is not taken over', async () => {
      await database.handle.db.deleteFrom('jobs').execute();
      let runs = 0;
      const queue = new JobQueue({ db: database.handle.db, clock: systemClock });
      const name = `heartbeat.${dialect}`;
      queue.register(
        defineJob({
          name,
          lane: 'bulk',
          maxAttempts: 3,
          payload: z.object({}),
          run: async () => {
            runs++;
            await sleep(1500); // five lease lengths
          },
        }),
      );
      const worker = (id: string) => new JobRunner({ db: database.handle.db, dialect, clock: systemClock, queue }, { workerId: id, leaseMs: 300, pollMs: 5 });
      const job = await queue.enqueue(name, {});
      const holder = worker('holder').runOnce();
      await sleep(50);
      const rival = worker('rival');
      const deadline = Date.now() + 1300;
      let tookOver = false;
      while (Date.now() < deadline) {
        tookOver ||= await rival.runOnce();
        await sleep(20);
      }
      await holder;
      assert.equal(tookOver, false, 'the rival never leased the job');
      const row = await findJob(database.handle.db, job.id);
      assert.equal(row?.status, 'done');
      assert.equal(row?.attempts, 1);
      assert.equal(runs, 1);
    });

    test('a holder whose lease was taken is told to stop, and does not mark the job done', async () => {
      await database.handle.db.deleteFrom('jobs').execute();
      const queue = new JobQueue({ db: database.handle.db, clock: systemClock });
      const name = `lost.${dialect}`;
      let stoppedBy: unknown = null;
      queue.register(
        defineJob({
          name,
          lane: 'bulk',
          maxAttempts: 3,
          payload: z.object({}),
          run: (_payload, _job, { signal }) =>
            new Promise<void>((resolve) => {
              const give = setTimeout(resolve, 5000);
              signal.addEventListener('abort', () => {
                clearTimeout(give);
                stoppedBy = signal.reason;
                resolve();
              });
            }),
        }),
      );
      const job = await queue.enqueue(name, {});
      const started = Date.now();
      const holder = new JobRunner({ db: database.handle.db, dialect, clock: systemClock, queue }, { workerId: 'holder', leaseMs: 400, pollMs: 5 }).runOnce();
      await sleep(50);
      // Another worker took the job (as after a long stall of this one).
      await database.handle.db.updateTable('jobs').set({ locked_by: 'other' }).where('id', '=', job.id).execute();
      await holder;
      assert.ok(Date.now() - started < 2000, 'the holder stopped at its next heartbeat, not when its work would have ended');
      assert.ok(stoppedBy instanceof JobLeaseLostError, 'the signal says why');
      const row = await findJob(database.handle.db, job.id);
      assert.equal(row?.status, 'running');
      assert.equal(row?.locked_by, 'other', 'the new holder keeps the job');
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

    test('perWorker: copies of one job spread over the workers instead of all going to the first', async () => {
      await database.handle.db.deleteFrom('jobs').execute();
      const other = await database.connectAgain();
      const ranBy: string[] = [];
      let open: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      const copies = (db: Db) => {
        const queue = new JobQueue({ db, clock: systemClock });
        const name = `copies.${dialect}`;
        queue.register(
          defineJob({
            name,
            lane: 'bulk',
            maxAttempts: 3,
            perWorker: 2,
            payload: z.object({ n: z.number().int() }),
            async run({ n }, job) {
              ranBy.push(`${job.locked_by}:${n}`);
              await gate;
            },
          }),
        );
        return { queue, name };
      };
      const one = copies(database.handle.db);
      for (const n of [1, 1, 1, 1, 2, 2]) await one.queue.enqueue(one.name, { n });
      const a = new JobRunner({ db: database.handle.db, dialect, clock: systemClock, queue: one.queue }, { workerId: 'a', concurrency: 8, pollMs: 5 });
      const b = new JobRunner({ db: other.db, dialect, clock: systemClock, queue: copies(other.db).queue }, { workerId: 'b', concurrency: 8, pollMs: 5 });
      try {
        a.start();
        const deadline = Date.now() + 10_000;
        while (ranBy.length < 4 && Date.now() < deadline) await sleep(5);
        await sleep(100); // many polls: a takes no third copy of the same payload, though it has slots free
        assert.deepEqual([...ranBy].sort(), ['a:1', 'a:1', 'a:2', 'a:2'], 'two of each payload: a different payload is a different job');
        b.start();
        while (ranBy.length < 6 && Date.now() < deadline) await sleep(5);
        assert.deepEqual(ranBy.slice(4).sort(), ['b:1', 'b:1'], 'the second worker takes the copies the first left');
      } finally {
        open();
        await Promise.all([a.stop(), b.stop()]);
      }
      const done = await database.handle.db.selectFrom('jobs').select('status').where('name', '=', one.name).execute();
      assert.deepEqual(
        done.map((j) => j.status),
        Array(6).fill('done'),
      );
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
