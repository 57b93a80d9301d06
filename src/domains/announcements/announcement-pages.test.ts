import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../../test/test-app.ts';
import { locales } from '../../i18n/i18n.ts';
import { formatInZone } from '../../views/time-zone.ts';
import { cliActor } from '../audit/audit.service.ts';
import { addMember } from '../members/member.service.ts';
import * as service from './announcement.service.ts';
import { type AnnouncementStatus, announcementStatuses } from './announcement.table.ts';

describe('formatInZone', () => {
  test('formats a time with its zone in every locale (Intl refuses timeZoneName together with dateStyle)', () => {
    for (const locale of locales) {
      const text = formatInZone(locale, '2026-12-01T13:30:00.000Z', 'Europe/Zurich');
      assert.ok(text.length > 10, `${locale}: ${text}`);
      assert.match(text, /30|٣٠/, `${locale}: the minutes (${text})`);
      assert.notEqual(text, formatInZone(locale, '2026-12-01T13:30:00.000Z', 'UTC'), `${locale}: the zone is taken into account`);
    }
  });
});

for (const dialect of dialects) {
  describe(`every announcement page in every state and language on ${dialect}`, () => {
    let t: TestApp;
    let editor: TestClient;
    let viewer: TestClient;
    const ids = new Map<AnnouncementStatus, number>();
    before(async () => {
      t = await createTestApp(dialect);
      editor = await t.signedInClient('editor');
      viewer = await t.signedInClient('viewer');
      for (const [i, email] of ['a@example.org', 'b@example.org'].entries()) {
        await addMember(t.deps, cliActor, { email, name: `Member ${i}`, language: 'en', memberState: 'KE' }, { status: 'subscribed', basis: 'test' });
      }
      const make = async (status: AnnouncementStatus) => {
        const a = await service.createAnnouncement(t.deps, cliActor, { subject: `In state ${status}`, markdown: 'Dear {{name}}, hello.' });
        ids.set(status, a.id);
        return a.id;
      };
      await make('draft');
      await service.sendAnnouncement(t.deps, cliActor, await make('scheduled'), new Date(t.clock.now().getTime() + 86_400_000));
      // Sent first, while the others wait: runJobs sends everything that is due.
      await service.sendAnnouncement(t.deps, cliActor, await make('sent'));
      await t.runJobs();
      await service.sendAnnouncement(t.deps, cliActor, await make('sending'));
      const paused = await make('paused');
      await service.sendAnnouncement(t.deps, cliActor, paused);
      await service.pauseAnnouncement(t.deps, cliActor, paused);
      const cancelled = await make('cancelled');
      await service.sendAnnouncement(t.deps, cliActor, cancelled);
      await service.cancelAnnouncement(t.deps, cliActor, cancelled);
    });
    after(async () => {
      await t.close();
    });

    test('the fixtures cover every status an announcement can be in', async () => {
      assert.deepEqual([...ids.keys()].sort(), [...announcementStatuses].sort());
      for (const [status, id] of ids) {
        assert.equal((await service.getAnnouncement(t.deps, id)).status, status);
      }
    });

    test('the admin page of each answers 200 in all six languages, for an editor and a viewer', async () => {
      for (const [status, id] of ids) {
        for (const locale of locales) {
          for (const [who, client] of [
            ['editor', editor],
            ['viewer', viewer],
          ] as const) {
            const page = await client.get(`/${locale}/admin/announcements/${id}`);
            assert.equal(page.statusCode, 200, `${status} in ${locale} for a ${who}`);
            assert.match(page.body, new RegExp(`In state ${status}`), `${status} in ${locale}: the subject is shown`);
          }
        }
        const progress = await viewer.get(`/en/admin/announcements/${id}/progress.json`);
        assert.equal(progress.statusCode, 200);
        assert.equal(progress.json().status, status);
      }
      const list = await viewer.get('/en/admin/announcements');
      assert.equal(list.statusCode, 200);
    });

    test('the confirmation steps of send and cancel answer 200 where the action is possible, 409 where it is not, never 500', async () => {
      const canSend: AnnouncementStatus[] = ['draft', 'scheduled'];
      const canCancel: AnnouncementStatus[] = ['scheduled', 'sending', 'paused'];
      for (const [status, id] of ids) {
        for (const locale of locales) {
          const page = `/${locale}/admin/announcements/${id}`;
          const send = await editor.post(`${page}/send`, { at: '', timeZone: 'UTC' }, { csrfFrom: page });
          assert.equal(send.statusCode, canSend.includes(status) ? 200 : 409, `send step, ${status} in ${locale}`);
          const cancel = await editor.post(`${page}/cancel`, {}, { csrfFrom: page });
          assert.equal(cancel.statusCode, canCancel.includes(status) ? 200 : 409, `cancel step, ${status} in ${locale}`);
        }
        assert.equal((await service.getAnnouncement(t.deps, id)).status, status, `${status}: the steps changed nothing`);
      }
    });

    test('the scheduled announcement’s page says when, and offers to cancel it', async () => {
      const page = await editor.get(`/fr/admin/announcements/${ids.get('scheduled')}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /UTC/);
      assert.match(page.body, /\/fr\/admin\/announcements\/\d+\/cancel/);
    });

    test('the public archive, its feed and each announcement’s public page: 200 when sent, 404 (never 500) otherwise', async () => {
      for (const locale of locales) {
        const archive = await t.app.inject({ url: `/${locale}/announcements` });
        assert.equal(archive.statusCode, 200, locale);
        assert.equal((await t.app.inject({ url: `/${locale}/announcements/feed.atom` })).statusCode, 200, locale);
        for (const [status, id] of ids) {
          const entry = await t.app.inject({ url: `/${locale}/announcements/${id}` });
          assert.equal(entry.statusCode, status === 'sent' ? 200 : 404, `${status} in ${locale}`);
          assert.equal(archive.body.includes(`In state ${status}`), status === 'sent', `${status} in the ${locale} archive`);
        }
      }
    });
  });
}
