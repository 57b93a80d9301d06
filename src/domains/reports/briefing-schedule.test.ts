import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { type SmtpPeer, startSmtpPeer } from '../../../test/smtp-peer.ts';
import { createTestApp, type TestApp, TestClient, testPassword } from '../../../test/test-app.ts';
import { isAppError } from '../../errors/app-error.ts';
import { JobRunner } from '../../jobs/job-runner.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import { addBoardRecipient } from './board-recipient.service.ts';
import { claimDueSchedules } from './briefing-schedule.jobs.ts';
import { createSchedule, pauseSchedule, resumeSchedule, scheduleTickJobName } from './briefing-schedule.service.ts';

const firstMondayOfNovember = new Date('2026-11-02T08:00:00Z'); // 09:00 in Zurich (CET)

async function staffId(t: TestApp, email: string): Promise<number> {
  const row = await t.deps.db.selectFrom('staff_accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}

/** A runner like a worker's, with a short backoff so a test can step through retries on the manual clock. */
const worker = (t: TestApp, id: string) =>
  new JobRunner({ db: t.deps.db, dialect: t.deps.dialect, clock: t.clock, queue: t.deps.queue }, { workerId: id, backoffMs: 1000, maxBackoffMs: 8000 });

/** Signs in again after the clock moved past the session's life. */
async function signIn(t: TestApp, email: string): Promise<TestClient> {
  const client = new TestClient(t.app);
  await client.signIn(email, testPassword);
  return client;
}

async function drain(runner: JobRunner): Promise<number> {
  let n = 0;
  while (await runner.runOnce()) n++;
  return n;
}

for (const dialect of dialects) {
  describe(`scheduled briefings to the Board on ${dialect}`, () => {
    let peer: SmtpPeer;
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    let editorId: number;

    before(async () => {
      peer = await startSmtpPeer({ smtpUtf8: true, rejectRecipient: (address) => (address === 'gone@example.org' ? [550, 'No such user'] : null) });
      t = await createTestApp(dialect, { SMTP_URL: peer.url, MAIL_FROM: 'WSIS+20 Outreach <outreach@plenary.example>', PUBLIC_URL: 'https://plenary.example' });
      t.clock.set(new Date('2026-10-05T09:00:00Z'));
      await addMember(t.deps, cliActor, { email: 'kenya@example.org', name: 'A', memberState: 'KE', language: 'en' }, { status: 'subscribed', basis: 'test' });
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
      editor = await t.signedInClient('editor', 'lena@example.org');
      viewer = await t.signedInClient('viewer', 'viewer@example.org');
      editorId = await staffId(t, 'lena@example.org');
    });
    after(async () => {
      await t.close();
      await peer.close();
    });

    test('Board recipients: any valid address in one of six languages; an invalid or repeated one is refused, nothing stored', async () => {
      const page = '/en/admin/reports/board-recipients';
      assert.equal((await editor.post(page, { name: 'Amina Diallo', email: 'amina@example.org', locale: 'ar' })).statusCode, 303);
      assert.equal((await editor.post(page, { name: 'Li Wei', email: '用户@例子.广告', locale: 'zh' })).statusCode, 303);
      const invalid = await editor.post(page, { name: 'Nobody', email: 'not an address', locale: 'fr' });
      assert.equal(invalid.statusCode, 400);
      assert.match(invalid.body, /This email address is not valid/);
      const french = await editor.post('/fr/admin/reports/board-recipients', { name: 'Nobody', email: 'a@@b', locale: 'fr' }, { csrfFrom: page });
      assert.equal(french.statusCode, 400);
      assert.match(french.body, /Cette adresse électronique n’est pas valide/);
      const again = await editor.post(page, { name: 'Amina again', email: 'AMINA@example.org', locale: 'en' });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /AMINA@example\.org already receives the briefings/);
      await assert.rejects(addBoardRecipient(t.deps, cliActor, { name: 'X', email: 'x@example.org', locale: 'de' }), (e) => isAppError(e, 'invalid_input'));
      const rows = await t.deps.db.selectFrom('board_recipients').select(['email', 'locale']).orderBy('id').execute();
      assert.deepEqual(rows, [
        { email: 'amina@example.org', locale: 'ar' },
        { email: '用户@例子.广告', locale: 'zh' },
      ]);
      const list = await viewer.get(page);
      assert.equal(list.statusCode, 200, 'viewers read the list');
      assert.ok(list.body.includes('用户@例子.广告'));
      assert.ok(!list.body.includes('/remove'), 'without the remove buttons');
      assert.equal((await viewer.post(page, { name: 'V', email: 'v@example.org', locale: 'en' }, { csrfFrom: '/en/admin/reports/schedules' })).statusCode, 403);
      const audit = await t.deps.db.selectFrom('audit_events').select('action').where('action', '=', 'board_recipient.add').execute();
      assert.equal(audit.length, 2);
    });

    test('bad patterns, zones and owners are refused with their codes and a translated message; a viewer cannot create one', async () => {
      const form = { pattern: '0 9 * * 1#1', timeZone: 'Europe/Zurich', periodKind: 'last_month', autoPublish: '1', ownerStaffId: String(editorId) };
      const cases: [Record<string, string>, string, RegExp][] = [
        [{ pattern: 'every monday' }, 'schedule_pattern_invalid', /is not a schedule pattern Plenary can read/],
        [{ timeZone: 'Mars/Olympus_Mons' }, 'schedule_unknown_time_zone', /is not a time zone Plenary knows/],
        [{ pattern: '0 9 30 2 *' }, 'schedule_never_fires', /would not run in the next two years/],
        [{ pattern: '* * * * * *' }, 'schedule_too_frequent', /would run more than once a day/],
        [{ pattern: '*/10 9 * * *' }, 'schedule_too_frequent', /would run more than once a day/],
        [{ ownerStaffId: String(await staffId(t, 'viewer@example.org')) }, 'invalid_input', /Owner/],
      ];
      for (const [change, code, message] of cases) {
        await assert.rejects(createSchedule(t.deps, cliActor, { ...form, ...change }), (e) => isAppError(e, code as never), code);
        const response = await editor.post('/en/admin/reports/schedules', { ...form, ...change });
        assert.equal(response.statusCode, 400, code);
        assert.match(response.body, message);
      }
      const denied = await viewer.post('/en/admin/reports/schedules', form, { csrfFrom: '/en/admin/reports/schedules' });
      assert.equal(denied.statusCode, 403);
      assert.equal((await t.deps.db.selectFrom('briefing_schedules').select('id').execute()).length, 0, 'nothing stored');
      const page = await viewer.get('/en/admin/reports/schedules');
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('name="pattern"'), 'viewers get no form');
    });

    test('a due schedule: claimed once by two workers, published, one PDF email per Board recipient in their language, links that open it', async () => {
      t.clock.set(new Date('2026-11-01T00:00:00Z'));
      editor = await signIn(t, 'lena@example.org');
      viewer = await signIn(t, 'viewer@example.org');
      const created = await editor.post('/en/admin/reports/schedules', {
        pattern: '0 9 * * 1#1',
        timeZone: 'Europe/Zurich',
        periodKind: 'last_month',
        autoPublish: '1',
        ownerStaffId: String(editorId),
      });
      assert.equal(created.statusCode, 303);
      const schedule = await t.deps.db.selectFrom('briefing_schedules').selectAll().executeTakeFirstOrThrow();
      assert.equal(schedule.next_run_at, firstMondayOfNovember.toISOString());
      assert.equal((await t.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'briefing_schedule.create').execute()).length, 1);
      const nav = await editor.get('/en/admin/reports');
      assert.ok(nav.body.includes('href="/en/admin/reports/schedules"'), 'the reports navigation links the schedules');

      t.clock.set(firstMondayOfNovember);
      // A second tick, as a second worker's would be: both run at once; the conditional UPDATE lets one claim the run.
      await t.deps.queue.enqueue(scheduleTickJobName, {});
      const [a, b] = [worker(t, 'worker-a'), worker(t, 'worker-b')];
      const ticks = await Promise.all([a.runOnce(), b.runOnce()]);
      assert.deepEqual(ticks, [true, true]);
      assert.equal(await claimDueSchedules(t.deps), 0, 'nothing is due any more');
      const runs = await t.deps.db.selectFrom('briefing_schedule_runs').selectAll().execute();
      assert.equal(runs.length, 1, 'one run for one due time');
      assert.equal(runs[0]?.due_at, firstMondayOfNovember.toISOString());
      const moved = await t.deps.db.selectFrom('briefing_schedules').select('next_run_at').executeTakeFirstOrThrow();
      assert.equal(moved.next_run_at, '2026-12-07T08:00:00.000Z', 'the next first Monday, 09:00 in Zurich');
      const nextTicks = await t.deps.db.selectFrom('jobs').select('run_at').where('name', '=', scheduleTickJobName).where('status', '=', 'queued').execute();
      assert.ok(nextTicks.length >= 1 && nextTicks.every((j) => j.run_at === '2026-12-07T08:00:00.000Z'), 'the next tick waits for the next run');

      await Promise.all([drain(a), drain(b)]);
      const briefings = await t.deps.db.selectFrom('briefings').selectAll().execute();
      assert.equal(briefings.length, 1, 'generated once');
      assert.equal(briefings[0]?.status, 'published');
      assert.deepEqual([briefings[0]?.period_from, briefings[0]?.period_to], ['2026-10-01', '2026-10-31']);
      const briefingId = briefings[0]!.id;
      const documents = await t.deps.db.selectFrom('briefing_documents').select(['locale', 'format']).orderBy('locale').execute();
      assert.deepEqual(documents, [
        { locale: 'ar', format: 'pdf' },
        { locale: 'zh', format: 'pdf' },
      ]);

      assert.equal(peer.received.length, 2, 'one email per Board recipient');
      const byRecipient = new Map(peer.received.map((m) => [m.to[0], m]));
      const arabic = await simpleParser(byRecipient.get('amina@example.org')!.raw);
      const chinese = await simpleParser(byRecipient.get('用户@例子.广告')!.raw);
      for (const [mail, locale] of [
        [arabic, 'ar'],
        [chinese, 'zh'],
      ] as const) {
        assert.equal(mail.headers.get('content-language'), locale);
        assert.equal(mail.attachments.length, 1);
        assert.equal(mail.attachments[0]?.filename, `briefing-${briefingId}-${locale}.pdf`);
        assert.equal(mail.attachments[0]?.contentType, 'application/pdf');
        assert.equal(mail.attachments[0]?.content.subarray(0, 5).toString(), '%PDF-');
      }
      assert.match(String(arabic.text), /مرحبًا Amina Diallo/);
      assert.match(String(chinese.subject), /向理事会提交的简报/);

      const link = new URL(/https:\/\/plenary\.example\/ar\/board\/briefings\/\d+\?token=\S+/.exec(String(arabic.text))![0]);
      const reader = new TestClient(t.app);
      const opened = await reader.get(`${link.pathname}${link.search}`);
      assert.equal(opened.statusCode, 200);
      assert.equal(opened.headers['referrer-policy'], 'no-referrer');
      assert.equal(opened.headers['x-robots-tag'], 'noindex, nofollow');
      assert.match(opened.body, /<html lang="ar" dir="rtl"/);
      assert.match(opened.body, /<meta name="robots" content="noindex, nofollow"/);
      assert.ok(opened.body.includes('إحاطة إلى المجلس'), 'the Arabic title');
      assert.ok(!opened.body.includes('/admin/'), 'no staff control');
      assert.ok(opened.body.includes(`href="/zh/board/briefings/${briefingId}?token=`), 'the language switch keeps the token');
      const inChinese = await reader.get(`/zh${link.pathname.slice(3)}${link.search}`);
      assert.equal(inChinese.statusCode, 200);
      assert.match(inChinese.body, /<html lang="zh"/);

      const pdfPath = /href="(\/ar\/board\/briefings\/\d+\/pdf\?token=[^"]+)"/.exec(opened.body)?.[1]?.replaceAll('&amp;', '&');
      assert.ok(pdfPath, 'the Board page offers its PDF');
      const pdf = await reader.get(pdfPath);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      assert.equal(pdf.headers['x-robots-tag'], 'noindex, nofollow');
      const token = link.searchParams.get('token') ?? '';
      const tampered = await reader.get(`${link.pathname}?token=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
      assert.equal(tampered.statusCode, 403);
      assert.equal(tampered.headers['x-robots-tag'], 'noindex, nofollow');
      assert.match(tampered.body, /هذا الرابط إلى الإحاطة غير صالح/);
      assert.equal((await reader.get(`${link.pathname}`)).statusCode, 403, 'no token');
      assert.equal((await reader.get(`${link.pathname}/pdf?token=${token.slice(0, -2)}xx`)).statusCode, 403, 'the PDF needs the link too');
      assert.equal((await reader.get(`/en/board/briefings/${briefingId + 1}${link.search}`)).statusCode, 403, 'another briefing');

      viewer = await signIn(t, 'viewer@example.org');
      const staffPage = await viewer.get(`/en/admin/reports/briefings/${briefingId}`);
      const copied = /id="board-link"[^>]* value="([^"]+)"/.exec(staffPage.body)?.[1]?.replaceAll('&amp;', '&');
      assert.ok(copied, 'staff copy a link from the briefing page');
      const copiedUrl = new URL(copied);
      assert.equal((await reader.get(`${copiedUrl.pathname}${copiedUrl.search}`)).statusCode, 200);

      editor = await signIn(t, 'lena@example.org');
      const schedulesPage = await editor.get('/en/admin/reports/schedules');
      assert.match(schedulesPage.body, /Published and sent/);
      assert.match(schedulesPage.body, /2 sent, 0 waiting, 0 failed/);

      t.clock.set(new Date(firstMondayOfNovember.getTime() + 91 * 86_400_000));
      const expired = await reader.get(`${link.pathname}${link.search}`);
      assert.equal(expired.statusCode, 410, 'BRIEFING_LINK_DAYS (90) later');
      assert.match(expired.body, /انتهت صلاحية هذا الرابط/);
      t.clock.set(firstMondayOfNovember);
      const amina = await t.deps.db.selectFrom('board_recipients').select('id').where('email', '=', 'amina@example.org').executeTakeFirstOrThrow();
      await editor.post(`/en/admin/reports/board-recipients/${amina.id}/remove`, {}, { csrfFrom: '/en/admin/reports/board-recipients' });
      assert.equal((await reader.get(`${link.pathname}${link.search}`)).statusCode, 403, 'a removed recipient’s link stops working');
    });

    test('a generation that keeps failing is retried with backoff, then marked failed and reported to the owner', async () => {
      const due = new Date('2027-01-01T07:00:00Z');
      t.clock.set(new Date('2026-12-20T00:00:00Z'));
      editor = await signIn(t, 'lena@example.org');
      await editor.post('/en/admin/reports/schedules/1/pause', {}, { csrfFrom: '/en/admin/reports/schedules' });
      const created = await createSchedule(t.deps, cliActor, {
        pattern: '0 8 1 * *',
        timeZone: 'Europe/Zurich',
        periodKind: 'last_quarter',
        autoPublish: '1',
        ownerStaffId: editorId,
      });
      assert.equal(created.next_run_at, due.toISOString());
      const before = peer.received.length;
      const printer = process.env.CHROMIUM_PATH;
      process.env.CHROMIUM_PATH = '/nonexistent/chromium';
      try {
        t.clock.set(due);
        const runner = worker(t, 'worker-c');
        const attempts: (number | null)[] = [];
        for (let step = 0; step < 10; step++) {
          await drain(runner);
          const run = await t.deps.db.selectFrom('briefing_schedule_runs').selectAll().where('schedule_id', '=', created.id).executeTakeFirst();
          attempts.push(run?.attempts ?? null);
          if (run?.status === 'failed') break;
          t.clock.advance(10_000);
        }
        const run = await t.deps.db.selectFrom('briefing_schedule_runs').selectAll().where('schedule_id', '=', created.id).executeTakeFirstOrThrow();
        assert.equal(run.status, 'failed');
        assert.equal(run.last_error, 'briefing_pdf_unavailable');
        assert.ok(attempts.includes(1) && attempts.includes(3), `the attempts were recorded as they came: ${attempts.join(',')}`);
        const job = await t.deps.db.selectFrom('jobs').selectAll().where('id', '=', run.job_id).executeTakeFirstOrThrow();
        assert.equal(job.status, 'failed');
        assert.equal(job.attempts, 4, 'retried by the runner up to its attempts');
        assert.equal(
          (await t.deps.db.selectFrom('briefing_deliveries').select('id').where('run_id', '=', run.id).execute()).length,
          0,
          'no email to the Board without a PDF',
        );
      } finally {
        if (printer === undefined) delete process.env.CHROMIUM_PATH;
        else process.env.CHROMIUM_PATH = printer;
      }
      await drain(worker(t, 'worker-d'));
      const told = peer.received.slice(before);
      assert.equal(told.length, 1, 'the owner is told once');
      assert.deepEqual(told[0]?.to, ['lena@example.org']);
      const mail = await simpleParser(told[0]!.raw);
      assert.match(String(mail.subject), new RegExp(`Scheduled briefing ${created.id} could not be generated`));
      assert.match(String(mail.text), /The PDF cannot be printed right now/);
      const page = await (await signIn(t, 'lena@example.org')).get('/en/admin/reports/schedules');
      assert.match(page.body, /Gave up; the owner was told: The PDF cannot be printed right now/);
    });

    test('without auto-publish the draft waits for staff; publishing it sends it; an address that bounces is reported to the owner', async () => {
      const due = new Date('2027-02-01T07:00:00Z');
      t.clock.set(new Date('2027-01-20T00:00:00Z'));
      editor = await signIn(t, 'lena@example.org');
      await editor.post('/en/admin/reports/board-recipients', { name: 'Gone', email: 'gone@example.org', locale: 'zh' });
      await editor.post('/en/admin/reports/schedules/2/pause', {}, { csrfFrom: '/en/admin/reports/schedules' });
      const created = await createSchedule(t.deps, cliActor, {
        pattern: '0 8 1 * *',
        timeZone: 'Europe/Zurich',
        periodKind: 'last_month',
        ownerStaffId: editorId,
      });
      assert.equal(created.auto_publish, 0);
      const before = peer.received.length;
      t.clock.set(due);
      const runner = worker(t, 'worker-e');
      await drain(runner);
      const run = await t.deps.db.selectFrom('briefing_schedule_runs').selectAll().where('schedule_id', '=', created.id).executeTakeFirstOrThrow();
      assert.equal(run.status, 'awaiting_publication');
      const draft = await t.deps.db.selectFrom('briefings').selectAll().where('id', '=', run.briefing_id).executeTakeFirstOrThrow();
      assert.equal(draft.status, 'draft');
      assert.deepEqual([draft.period_from, draft.period_to], ['2027-01-01', '2027-01-31']);
      const waiting = peer.received.slice(before);
      assert.equal(waiting.length, 1, 'only the owner hears of the draft');
      assert.match(String((await simpleParser(waiting[0]!.raw)).subject), /is ready for you to publish/);

      editor = await signIn(t, 'lena@example.org');
      const page = `/en/admin/reports/briefings/${draft.id}`;
      assert.equal((await editor.post(`${page}/publish`, {}, { csrfFrom: page })).statusCode, 303);
      for (let step = 0; step < 10; step++) {
        await drain(runner);
        t.clock.advance(10_000);
      }
      const sent = await t.deps.db.selectFrom('briefing_schedule_runs').select('status').where('id', '=', run.id).executeTakeFirstOrThrow();
      assert.equal(sent.status, 'sent');
      const deliveries = await t.deps.db
        .selectFrom('briefing_deliveries as d')
        .innerJoin('board_recipients as r', 'r.id', 'd.recipient_id')
        .select(['r.email', 'd.state', 'd.last_error'])
        .where('d.run_id', '=', run.id)
        .orderBy('r.email')
        .execute();
      assert.deepEqual(
        deliveries.map((d) => [d.email, d.state]),
        [
          ['gone@example.org', 'failed'],
          ['用户@例子.广告', 'sent'],
        ],
        'Li Wei got it; the refused address failed at once (5xx)',
      );
      assert.match(String(deliveries[0]?.last_error), /550/);
      const later = peer.received.slice(before + 1);
      assert.deepEqual(later.map((m) => m.to[0]).sort(), ['lena@example.org', '用户@例子.广告']);
      const report = later.find((m) => m.to[0] === 'lena@example.org')!;
      assert.match(String((await simpleParser(report.raw)).subject), /could not be delivered to gone@example\.org/);

      const action = `/en/admin/reports/schedules/${created.id}/delete`;
      const asked = await editor.post(action, {}, { csrfFrom: '/en/admin/reports/schedules' });
      assert.equal(asked.statusCode, 200, 'a delete asks first');
      assert.match(asked.body, new RegExp(`Delete schedule ${created.id}\\?`));
      assert.equal((await editor.post(action, { confirm: 'yes' }, { csrfFrom: '/en/admin/reports/schedules' })).statusCode, 303);
      assert.equal(await t.deps.db.selectFrom('briefing_schedules').select('id').where('id', '=', created.id).executeTakeFirst(), undefined);
      assert.equal((await t.deps.db.selectFrom('briefing_schedule_runs').select('id').where('schedule_id', '=', created.id).execute()).length, 0);
      assert.equal(
        (await t.deps.db.selectFrom('briefings').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status,
        'published',
        'its briefing stays',
      );
      const audit = await t.deps.db.selectFrom('audit_events').select('action').where('action', 'like', 'briefing_schedule.%').orderBy('id').execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        [
          'briefing_schedule.create',
          'briefing_schedule.pause',
          'briefing_schedule.create',
          'briefing_schedule.pause',
          'briefing_schedule.create',
          'briefing_schedule.delete',
        ],
      );
    });

    test('pausing clears the next run; resuming sets it from now (missed runs are not made up); resuming twice changes nothing', async () => {
      t.clock.set(new Date('2027-03-10T12:00:00Z'));
      const created = await createSchedule(t.deps, cliActor, {
        pattern: '0 9 * * 1#1',
        timeZone: 'America/New_York',
        periodKind: 'last_month',
        ownerStaffId: editorId,
      });
      assert.equal(created.next_run_at, '2027-04-05T13:00:00.000Z', '09:00 in New York (EDT)');
      await pauseSchedule(t.deps, cliActor, created.id);
      const paused = await t.deps.db.selectFrom('briefing_schedules').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      assert.deepEqual([paused.status, paused.next_run_at], ['paused', null]);
      t.clock.set(new Date('2027-05-20T12:00:00Z'));
      assert.equal(await claimDueSchedules(t.deps), 0, 'a paused schedule is never due');
      await resumeSchedule(t.deps, cliActor, created.id);
      await resumeSchedule(t.deps, cliActor, created.id);
      const resumed = await t.deps.db.selectFrom('briefing_schedules').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
      assert.deepEqual([resumed.status, resumed.next_run_at], ['active', '2027-06-07T13:00:00.000Z'], 'April and May are not made up');
      const audit = await t.deps.db
        .selectFrom('audit_events')
        .select('action')
        .where('subject', '=', `briefing_schedule:${created.id}`)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['briefing_schedule.create', 'briefing_schedule.pause', 'briefing_schedule.resume'],
      );
    });
  });
}
