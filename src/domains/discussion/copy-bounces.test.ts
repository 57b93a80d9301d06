import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { cliActor } from '../audit/audit.service.ts';
import { type MxServer, startMxServer } from '../bounces/mx-server.ts';
import { addMember } from '../members/member.service.ts';
import type { MemberRow } from '../members/member.table.ts';
import { requireNetwork } from '../site/site.service.ts';
import { sendPost, startSenderDns } from './discussion-post-test-kit.ts';
import { updateDiscussionSettings } from './discussion-settings.ts';
import { listTokenAddress } from './list-tokens.ts';

const list = 'network@bounces.example.org';
const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/bounces');
const fixtureVerp = 'bounces+d1.5f0c3a9e1b2d@bounces.example.org';

/** Raw mail to the mx server as a remote MTA sends it (the null sender for a bounce). */
async function deliver(port: number, envelope: { from: string; to: string }, raw: string): Promise<{ ok: boolean; code?: number }> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope, raw });
    return { ok: true };
  } catch (error) {
    return { ok: false, code: (error as { responseCode?: number }).responseCode };
  } finally {
    transport.close();
  }
}

for (const dialect of dialects) {
  describe(`bounces of redistributed copies (VERP) through plenary mx on ${dialect}`, () => {
    let t: TestApp;
    let mx: MxServer;
    let dns: Awaited<ReturnType<typeof startSenderDns>>;
    let reader: MemberRow;
    let seq = 0;

    before(async () => {
      t = await createTestApp(dialect, { PUBLIC_URL: 'https://outreach.example.org', BOUNCE_DOMAIN: 'bounces.example.org' });
      dns = await startSenderDns();
      mx = await startMxServer({ ...t.deps, resolver: dns.resolver }, { port: 0, host: '127.0.0.1' });
      await addMember(
        t.deps,
        cliActor,
        { email: 'amina@example.net', name: 'Amina', language: 'en', memberState: 'SN' },
        { status: 'subscribed', basis: 'test' },
      );
      reader = await addMember(t.deps, cliActor, { email: 'reader@example.org', name: 'Reader', language: 'fr' }, { status: 'subscribed', basis: 'test' });
      const network = await requireNetwork(t.deps);
      await updateDiscussionSettings(t.deps, cliActor, network.id, { policy: 'open' });
    });
    after(async () => {
      await mx.close();
      await dns.close();
      await t.close();
    });

    /** A published post, sent to every member; the copy to `reader` with its envelope sender. */
    async function copyToReader(): Promise<{ id: number; envelopeFrom: string }> {
      const messageId = `copy-${++seq}@example.net`;
      const sent = await sendPost(mx.port, {
        from: 'Amina <amina@example.net>',
        to: list,
        subject: `Post ${seq}`,
        text: 'Text.',
        messageId: `<${messageId}>`,
        signed: true,
      });
      assert.ok(sent.ok);
      await t.runJobs();
      const post = await t.deps.db.selectFrom('discussion_posts').select('id').where('message_id', '=', messageId).executeTakeFirstOrThrow();
      const copy = await t.deps.db
        .selectFrom('discussion_deliveries')
        .select(['id', 'state'])
        .where('post_id', '=', post.id)
        .where('member_id', '=', reader.id)
        .executeTakeFirstOrThrow();
      assert.equal(copy.state, 'sent');
      const mail = await t.deps.db
        .selectFrom('captured_mail')
        .select('envelope_from')
        .where('envelope_to', '=', 'reader@example.org')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      return { id: copy.id, envelopeFrom: mail.envelope_from };
    }

    function bounceFor(name: string, verp: string): string {
      const raw = fs.readFileSync(path.join(fixtures, name), 'utf8');
      return raw.split(fixtureVerp).join(verp);
    }

    const status = async () => (await t.deps.db.selectFrom('members').select('status').where('id', '=', reader.id).executeTakeFirstOrThrow()).status;

    test('each copy goes out from its own signed bounce address; a forged one is refused at RCPT TO', async () => {
      const copy = await copyToReader();
      assert.equal(copy.envelopeFrom, listTokenAddress(t.deps.secretKey, list, 'bounce', copy.id));
      assert.match(copy.envelopeFrom, new RegExp(`^network\\+bounce-${copy.id}-[0-9a-f]{12}@bounces\\.example\\.org$`));
      const forged = await deliver(
        mx.port,
        { from: '', to: `network+bounce-${copy.id}-000000000000@bounces.example.org` },
        bounceFor('postfix-5.1.1-user-unknown.eml', 'x'),
      );
      assert.deepEqual(forged, { ok: false, code: 550 });
    });

    test('soft bounces of different copies count to the same limit as announcements’; a reply from a person does not count', async () => {
      for (let i = 0; i < 2; i++) {
        const copy = await copyToReader();
        assert.ok((await deliver(mx.port, { from: '', to: copy.envelopeFrom }, bounceFor('postfix-4.2.2-mailbox-full-delayed.eml', copy.envelopeFrom))).ok);
        assert.equal(await status(), 'subscribed', 'below the limit');
      }
      const replied = await copyToReader();
      assert.ok(
        (
          await deliver(
            mx.port,
            { from: 'reader@example.org', to: replied.envelopeFrom },
            bounceFor('postfix-4.2.2-mailbox-full-delayed.eml', replied.envelopeFrom),
          )
        ).ok,
      );
      assert.equal(await status(), 'subscribed', 'not from the null sender: no bounce');
      assert.ok((await deliver(mx.port, { from: '', to: replied.envelopeFrom }, bounceFor('postfix-4.2.2-mailbox-full-delayed.eml', replied.envelopeFrom))).ok);
      assert.equal(await status(), 'bounced', 'the third copy that soft-bounced');
      const bounces = await t.deps.db.selectFrom('bounces').selectAll().where('member_id', '=', reader.id).execute();
      assert.equal(bounces.length, 3);
      const event = await t.deps.db
        .selectFrom('member_events')
        .selectAll()
        .where('member_id', '=', reader.id)
        .where('kind', '=', 'bounced_soft')
        .executeTakeFirstOrThrow();
      assert.match(String(event.details), /postDeliveryId/);
    });

    test('a hard bounce of a copy makes the member bounced at once', async () => {
      const member = await addMember(t.deps, cliActor, { email: 'gone@example.org', name: 'Gone', language: 'en' }, { status: 'subscribed', basis: 'test' });
      const messageId = `hard-${++seq}@example.net`;
      assert.ok(
        (await sendPost(mx.port, { from: 'Amina <amina@example.net>', to: list, subject: 'Hard', text: 'Text.', messageId: `<${messageId}>`, signed: true }))
          .ok,
      );
      await t.runJobs();
      const post = await t.deps.db.selectFrom('discussion_posts').select('id').where('message_id', '=', messageId).executeTakeFirstOrThrow();
      const copy = await t.deps.db
        .selectFrom('discussion_deliveries')
        .select('id')
        .where('post_id', '=', post.id)
        .where('member_id', '=', member.id)
        .executeTakeFirstOrThrow();
      const verp = listTokenAddress(t.deps.secretKey, list, 'bounce', copy.id);
      assert.ok((await deliver(mx.port, { from: '', to: verp }, bounceFor('postfix-5.1.1-user-unknown.eml', verp))).ok);
      const row = await t.deps.db.selectFrom('members').select('status').where('id', '=', member.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'bounced');
    });
  });
}
