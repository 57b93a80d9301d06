import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { locales } from '../../i18n/i18n.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import * as service from './announcement.service.ts';

/** The hidden fields of the confirmation form on a page, as a browser without JavaScript would post them. */
function confirmationForm(body: string, action: RegExp): Record<string, string> {
  const form = new RegExp(`<form method="post" action="${action.source}"[^>]*>([\\s\\S]*?)</form>`).exec(body)?.[1];
  assert.ok(form, `a form posting to ${action}`);
  const fields: Record<string, string> = {};
  for (const [, name, value] of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields[name as string] = (value as string).replaceAll('&amp;', '&');
  return fields;
}

for (const dialect of dialects) {
  describe(`sending and cancelling ask for confirmation first, on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
      for (const [email, memberState] of [
        ['kenya@example.org', 'KE'],
        ['senegal@example.org', 'SN'],
        ['france@example.org', 'FR'],
      ]) {
        await addMember(t.deps, cliActor, { email, name: email, language: 'en', memberState }, { status: 'subscribed', basis: 'test' });
      }
    });
    after(async () => {
      await t.close();
    });

    const deliveries = async (id: number) => (await t.deps.db.selectFrom('deliveries').select('id').where('announcement_id', '=', id).execute()).length;
    const jobs = async () => (await t.deps.db.selectFrom('jobs').select('id').where('status', '=', 'queued').execute()).length;

    test('“Send” shows what will happen and sends nothing; the confirmation sends', async () => {
      const a = await service.createAnnouncement(t.deps, cliActor, {
        subject: 'African Group briefing',
        markdown: 'Dear {{name}}',
        audience: { regionalGroup: 'african' },
      });
      const page = `/en/admin/announcements/${a.id}`;
      const queued = await jobs();
      const step = await editor.post(`${page}/send`, { at: '', timeZone: 'Europe/Zurich' }, { csrfFrom: page });
      assert.equal(step.statusCode, 200);
      assert.match(step.body, /Check before sending/);
      assert.match(step.body, /African Group briefing/, 'the subject');
      assert.match(step.body, /Regional group:\s*<bdi>African Group<\/bdi>/, 'the audience, in words');
      assert.match(step.body, /2 subscribed members will receive it/, 'the count of recipients');
      assert.match(step.body, /Not published: only its recipients will see it/, 'the archive choice');
      assert.match(step.body, /Confirm: send now to 2 members/);
      assert.equal((await service.getAnnouncement(t.deps, a.id)).status, 'draft', 'nothing sent');
      assert.equal(await jobs(), queued, 'nothing queued');

      const fields = confirmationForm(step.body, new RegExp(`/en/admin/announcements/${a.id}/send`));
      assert.equal(fields.confirm, a.updated_at);
      const sent = await editor.post(`${page}/send`, fields, { csrfFrom: page });
      assert.equal(sent.statusCode, 303);
      assert.equal((await service.getAnnouncement(t.deps, a.id)).status, 'sending');
      await t.runJobs();
      assert.equal(await deliveries(a.id), 2);
    });

    test('a schedule is confirmed with its time in the chosen zone; a confirmation for an older version shows the step again', async () => {
      const a = await service.createAnnouncement(t.deps, cliActor, { subject: 'Everyone, later', markdown: 'Hello' });
      const page = `/en/admin/announcements/${a.id}`;
      const year = t.clock.now().getUTCFullYear() + 1;
      const step = await editor.post(`${page}/send`, { at: `${year}-01-15T09:00`, timeZone: 'Asia/Tokyo' }, { csrfFrom: page });
      assert.match(step.body, /The whole network: every subscribed member/);
      assert.match(step.body, /3 subscribed members will receive it/);
      assert.match(step.body, /Published in the public archive/);
      assert.match(step.body, new RegExp(`15 January ${year}, 09:00 GMT\\+9`), 'the time as chosen, in its zone (UN date style)');
      assert.match(step.body, /Confirm: schedule for 3 members/);
      const fields = confirmationForm(step.body, new RegExp(`/en/admin/announcements/${a.id}/send`));

      // Someone edits the announcement between the step and the confirmation.
      t.clock.advance(1000);
      await service.updateAnnouncement(t.deps, cliActor, a.id, { subject: 'Everyone, later (edited)', markdown: 'Hello' });
      const again = await editor.post(`${page}/send`, fields, { csrfFrom: page });
      assert.equal(again.statusCode, 200);
      assert.match(again.body, /The announcement changed since you last checked it/);
      assert.match(again.body, /Everyone, later \(edited\)/);
      assert.equal((await service.getAnnouncement(t.deps, a.id)).status, 'draft');

      const confirmed = await editor.post(`${page}/send`, confirmationForm(again.body, new RegExp(`/en/admin/announcements/${a.id}/send`)), { csrfFrom: page });
      assert.equal(confirmed.statusCode, 303);
      const row = await service.getAnnouncement(t.deps, a.id);
      assert.equal(row.status, 'scheduled');
      assert.equal(row.scheduled_at, `${year}-01-15T00:00:00.000Z`);
    });

    test('“Cancel” shows what will be lost and cancels nothing; the confirmation cancels', async () => {
      const a = await service.createAnnouncement(t.deps, cliActor, { subject: 'To cancel', markdown: 'Hello' });
      await service.sendAnnouncement(t.deps, cliActor, a.id);
      // Paused at once, the fan-out still creates the deliveries: three wait, none is sent.
      await service.pauseAnnouncement(t.deps, cliActor, a.id);
      await t.runJobs();
      assert.equal(await deliveries(a.id), 3);
      const page = `/en/admin/announcements/${a.id}`;
      const step = await editor.post(`${page}/cancel`, {}, { csrfFrom: page });
      assert.equal(step.statusCode, 200);
      assert.match(step.body, /Cancel this send\?/);
      assert.match(step.body, /To cancel/);
      assert.match(step.body, /No message has been sent yet/);
      assert.match(step.body, /3 messages still waiting will not be sent/);
      assert.match(step.body, /This cannot be undone/);
      assert.equal((await service.getAnnouncement(t.deps, a.id)).status, 'paused', 'not cancelled');
      assert.deepEqual(await t.deps.db.selectFrom('deliveries').select('state').distinct().where('announcement_id', '=', a.id).execute(), [
        { state: 'queued' },
      ]);

      const cancelled = await editor.post(`${page}/cancel`, confirmationForm(step.body, new RegExp(`/en/admin/announcements/${a.id}/cancel`)), {
        csrfFrom: page,
      });
      assert.equal(cancelled.statusCode, 303);
      assert.equal((await service.getAnnouncement(t.deps, a.id)).status, 'cancelled');
      assert.deepEqual(await t.deps.db.selectFrom('deliveries').select('state').distinct().where('announcement_id', '=', a.id).execute(), [
        { state: 'cancelled' },
      ]);
    });

    test('cancelling a scheduled announcement: the step says nobody will receive it', async () => {
      const a = await service.createAnnouncement(t.deps, cliActor, { subject: 'Scheduled, then cancelled', markdown: 'Hello' });
      await service.sendAnnouncement(t.deps, cliActor, a.id, new Date(t.clock.now().getTime() + 86_400_000));
      const page = `/en/admin/announcements/${a.id}`;
      const step = await editor.post(`${page}/cancel`, {}, { csrfFrom: page });
      assert.match(step.body, /none of the 3 subscribed members of its audience will receive it/);
      assert.equal((await service.getAnnouncement(t.deps, a.id)).status, 'scheduled');
      await editor.post(`${page}/cancel`, confirmationForm(step.body, new RegExp(`/en/admin/announcements/${a.id}/cancel`)), { csrfFrom: page });
      assert.equal((await service.getAnnouncement(t.deps, a.id)).status, 'cancelled');
      assert.equal(await deliveries(a.id), 0);
    });

    test('both steps answer 200 in all six languages', async () => {
      const a = await service.createAnnouncement(t.deps, cliActor, {
        subject: 'Six languages',
        markdown: 'Hello',
        audience: { language: 'fr', memberState: 'SN' },
      });
      const b = await service.createAnnouncement(t.deps, cliActor, { subject: 'Six languages, scheduled', markdown: 'Hello' });
      await service.sendAnnouncement(t.deps, cliActor, b.id, new Date(t.clock.now().getTime() + 86_400_000));
      for (const locale of locales) {
        const send = await editor.post(
          `/${locale}/admin/announcements/${a.id}/send`,
          { at: '', timeZone: 'UTC' },
          { csrfFrom: `/${locale}/admin/announcements/${a.id}` },
        );
        assert.equal(send.statusCode, 200, `send step in ${locale}`);
        assert.match(send.body, new RegExp(`<html lang="${locale}"`));
        const cancel = await editor.post(`/${locale}/admin/announcements/${b.id}/cancel`, {}, { csrfFrom: `/${locale}/admin/announcements/${b.id}` });
        assert.equal(cancel.statusCode, 200, `cancel step in ${locale}`);
      }
      assert.equal((await service.getAnnouncement(t.deps, a.id)).status, 'draft');
      assert.equal((await service.getAnnouncement(t.deps, b.id)).status, 'scheduled');
    });
  });
}
