import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/dialects.ts';
import { systemClock } from '../../clock.ts';
import { loadConfig } from '../../config/config.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { JobRunner } from '../../jobs/job-runner.ts';
import { assembleDeps } from '../../runtime.ts';
import { cliActor } from '../audit/audit.service.ts';
import type { MailTransport } from '../delivery/mail-transport.ts';
import { addMember } from '../members/member.service.ts';
import { ensureNetwork } from '../site/site.service.ts';
import * as announcements from './announcement.service.ts';

// With several `plenary worker` processes, one announcement's send must spread over them: the first worker
// to poll after the fan-out used to take every sender job (it had the slots), so more workers sent no faster.
// A worker now runs at most two senders of one announcement; the other DELIVERY_SENDERS go to other workers.

const secretKey = 'spread-test-secret-key-0123456789abcdefgh';
const memberCount = 40;

/** A transport that records who sent what; worker a's first messages wait until worker b has sent one. */
function recordingTransport(worker: string, sent: { worker: string; to: string }[], gate: Promise<void>): MailTransport {
  return {
    async send(message) {
      await gate;
      sent.push({ worker, to: message.to });
      return { messageId: `<${sent.length}.${worker}@test>`, reply: '250 ok' };
    },
    async close() {},
  };
}

for (const dialect of dialects) {
  describe(`an announcement's send over two workers on ${dialect}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    test('the second worker takes the senders the first may not, and every member receives it once', async () => {
      const database: TestDatabase = await createTestDatabase(dialect);
      cleanups.push(() => database.drop());
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-spread-'));
      cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
      const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DELIVERY_SENDERS: '4', DELIVERY_BATCH_SIZE: '2' });
      const sent: { worker: string; to: string }[] = [];
      let bHasSent: () => void = () => {};
      const bSent = new Promise<void>((resolve) => {
        bHasSent = resolve;
      });
      // Without the limit worker a holds all four senders, b never sends, and a's gate opens only after 5 s.
      const aGate = Promise.race([bSent, new Promise<void>((resolve) => setTimeout(resolve, 5000))]);
      const worker = (name: string, handle: DatabaseHandle, gate: Promise<void>) => {
        const mail = recordingTransport(name, sent, gate);
        const deps = assembleDeps(config, handle, { clock: systemClock, mail, secretKey });
        const runner = new JobRunner(
          { db: deps.db, dialect, clock: systemClock, queue: deps.queue },
          { workerId: name, lanes: ['bulk'], concurrency: 4, pollMs: 5 },
        );
        return { deps, runner };
      };
      const a = worker('a', database.handle, aGate);
      const b = worker('b', await database.connectAgain(), Promise.resolve());
      await ensureNetwork(a.deps, 'Spread test network');
      const emails = Array.from({ length: memberCount }, (_, i) => `member-${i}@example.org`);
      for (const email of emails)
        await addMember(a.deps, cliActor, { email, name: email, language: 'en', memberState: 'FR' }, { status: 'subscribed', basis: 'test' });
      const announcement = await announcements.createAnnouncement(a.deps, cliActor, { subject: 'Spread', markdown: 'Hello {{name}}' });
      await announcements.sendAnnouncement(a.deps, cliActor, announcement.id);
      assert.equal(await a.runner.runOnce(), true, 'worker a runs the fan-out, which queues the senders');

      const bMark = setInterval(() => {
        if (sent.some((s) => s.worker === 'b')) bHasSent();
      }, 2);
      try {
        a.runner.start();
        // a polls every 5 ms and holds what it may; its senders wait on the gate, so they stay running. Waited for
        // (up to 3 s) rather than slept for: on a loaded machine 100 ms was not always enough for the second claim.
        const runningSenders = () =>
          database.handle.db.selectFrom('jobs').select('locked_by').where('name', '=', 'announcement.send').where('status', '=', 'running').execute();
        let running = await runningSenders();
        for (const until = Date.now() + 3000; running.length < 2 && Date.now() < until; running = await runningSenders()) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await new Promise((resolve) => setTimeout(resolve, 100)); // and no third one after a while more
        running = await runningSenders();
        assert.deepEqual(
          running.map((j) => j.locked_by),
          ['a', 'a'],
          'worker a, with four slots free, runs two senders of the announcement',
        );
        b.runner.start();
        const deadline = Date.now() + 20_000;
        while ((await announcements.announcementProgress(a.deps, announcement.id)).status !== 'sent' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        clearInterval(bMark);
        await Promise.all([a.runner.stop(), b.runner.stop()]);
      }
      const progress = await announcements.announcementProgress(a.deps, announcement.id);
      assert.equal(progress.status, 'sent');
      assert.equal(progress.counts.sent, memberCount);
      assert.deepEqual(sent.map((s) => s.to).sort(), [...emails].sort(), 'every member once');
      const byB = sent.filter((s) => s.worker === 'b').length;
      assert.ok(byB > 0 && byB < memberCount, `both workers sent part of it (b sent ${byB} of ${memberCount})`);
    });
  });
}
