import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { SmtpPool } from './smtp-pool.ts';
import { relayEndpoint, SmtpError } from './smtp-session.ts';

// Plenary's SMTP pool against a real SMTP server (nodemailer's smtp-server in this process), with and
// without PIPELINING, with AUTH, STARTTLS and implicit TLS, and with scripted refusals, closings and silence.
// The TLS fixture is a self-signed certificate for localhost and 127.0.0.1, made for these tests only.

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/tls');
const cert = fs.readFileSync(path.join(fixtures, 'localhost.crt'));
const key = fs.readFileSync(path.join(fixtures, 'localhost.key'));

interface Peer {
  port: number;
  received: { from: string; to: string; utf8: boolean; bodyParam: string | undefined; data: string }[];
  connections: () => number;
  /** TCP connections, refused ones included (smtp-server calls onConnect only for those it takes). */
  sockets: () => number;
  close(): Promise<void>;
}

async function startPeer(
  options: Partial<SMTPServerOptions> & { refuse?: (to: string) => [number, string] | null; refuseData?: (to: string) => [number, string] | null } = {},
): Promise<Peer> {
  const received: Peer['received'] = [];
  let connections = 0;
  const { refuse, refuseData, ...serverOptions } = options;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onRcptTo(address, _session, callback) {
      const refusal = refuse?.(address.address);
      if (refusal) return callback(Object.assign(new Error(refusal[1]), { responseCode: refusal[0] }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo[0]?.address ?? '';
        const refusal = refuseData?.(to);
        if (refusal) return callback(Object.assign(new Error(refusal[1]), { responseCode: refusal[0] }));
        const envelope = session.envelope as { smtpUtf8?: boolean; bodyType?: string };
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to,
          utf8: Boolean(envelope.smtpUtf8),
          bodyParam: envelope.bodyType,
          data: Buffer.concat(chunks).toString('utf8'),
        });
        // The reply names the recipient, so each message can be checked to get its own reply back.
        callback(null, `queued for ${to}`);
      });
    },
    ...serverOptions,
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let sockets = 0;
  server.server.on('connection', () => sockets++);
  return {
    port: (server.server.address() as net.AddressInfo).port,
    received,
    connections: () => connections,
    sockets: () => sockets,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function pool(url: string, extra: Partial<ConstructorParameters<typeof SmtpPool>[0]> = {}) {
  return new SmtpPool({ endpoint: relayEndpoint(url), maxConnections: 2, rate: 0, timeoutMs: 5000, name: 'client.example.org', ...extra });
}

const message = (i: number) => `From: a@example.org\r\nTo: m${i}@example.org\r\nSubject: ${i}\r\n\r\nHello ${i}\r\n`;

/** Settles every send, in order: the reply, or the SmtpError. */
function sendAll(p: SmtpPool, recipients: string[], data = (i: number) => message(i)) {
  return Promise.all(
    recipients.map((to, i) =>
      p.send('bounces@example.org', to, data(i)).then(
        (reply) => ({ to, reply }),
        (error: SmtpError) => ({ to, error }),
      ),
    ),
  );
}

describe('the SMTP pool', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  for (const pipelining of [true, false]) {
    test(`${pipelining ? 'with' : 'without'} PIPELINING: every message gets its own reply; a refused recipient fails alone and the session goes on`, async () => {
      const peer = await startPeer({
        hidePIPELINING: !pipelining,
        refuse: (to) => (to.startsWith('gone') ? [550, '5.1.1 No such user'] : to.startsWith('busy') ? [451, '4.3.2 Try again later'] : null),
        refuseData: (to) => (to.startsWith('spam') ? [554, '5.7.1 Rejected as spam'] : null),
      });
      const p = pool(`smtp://127.0.0.1:${peer.port}`);
      cleanups.push(peer.close, () => p.close());
      const recipients = Array.from(
        { length: 60 },
        (_, i) => (i % 10 === 3 ? `gone${i}` : i % 10 === 6 ? `busy${i}` : i % 10 === 8 ? `spam${i}` : `m${i}`) + '@example.org',
      );
      const results = await sendAll(p, recipients);
      for (const r of results) {
        if (r.to.startsWith('m')) assert.equal('reply' in r && r.reply, `250 queued for ${r.to}`, r.to);
        else assert.ok('error' in r, `${r.to} fails`);
      }
      const errors = results.filter((r) => 'error' in r).map((r) => [r.to.replace(/\d+/, ''), (r as { error: SmtpError }).error] as const);
      for (const [who, error] of errors) {
        assert.ok(error instanceof SmtpError);
        const expected = {
          'gone@example.org': /^550 5\.1\.1 No such user/,
          'busy@example.org': /^451 4\.3\.2 Try again later/,
          'spam@example.org': /^554 5\.7\.1/,
        }[who];
        assert.match(String(error.response), expected!, who);
        assert.equal(error.code, who.startsWith('spam') ? 'EMESSAGE' : 'EENVELOPE');
        assert.equal(error.duringSetup, false);
      }
      assert.deepEqual(peer.received.map((m) => m.to).sort(), recipients.filter((r) => r.startsWith('m')).sort());
      assert.ok(peer.connections() <= 2, `at most SMTP_MAX_CONNECTIONS sessions (${peer.connections()})`);
      for (const m of peer.received) assert.match(m.data, new RegExp(`^From: a@example.org\\r\\nTo: ${m.to.replace('@', '@')}`));
    });
  }

  test('content: a line starting with a dot arrives as written (dot-stuffing), a bare LF becomes CRLF, UTF-8 goes with SMTPUTF8 and BODY=8BITMIME', async () => {
    const peer = await startPeer();
    const p = pool(`smtp://127.0.0.1:${peer.port}`);
    cleanups.push(peer.close, () => p.close());
    const data = 'Subject: dots\r\n\r\n.\r\n..two\r\n.\r\nbare\nline\r\nend.';
    assert.match(await p.send('bounces@example.org', 'dots@example.org', data), /^250 /);
    assert.equal(peer.received[0]?.data, 'Subject: dots\r\n\r\n.\r\n..two\r\n.\r\nbare\r\nline\r\nend.\r\n');
    assert.equal(peer.received[0]?.utf8, false);
    await p.send('bounces@example.org', 'josé@ejemplo.es', 'To: josé@ejemplo.es\r\n\r\nHola\r\n');
    assert.equal(peer.received[1]?.to, 'josé@ejemplo.es');
    assert.equal(peer.received[1]?.utf8, true);
    assert.equal(peer.received[1]?.bodyParam, '8bitmime');
  });

  test('a relay without SMTPUTF8: a UTF-8 address is refused before anything is sent, the others go', async () => {
    const peer = await startPeer({ hideSMTPUTF8: true });
    const p = pool(`smtp://127.0.0.1:${peer.port}`);
    cleanups.push(peer.close, () => p.close());
    const results = await sendAll(p, ['a@example.org', 'josé@ejemplo.es', 'b@example.org']);
    assert.match(String('error' in results[1]! && results[1].error.message), /needs SMTPUTF8 \(RFC 6531\), which the relay does not offer/);
    assert.deepEqual(
      peer.received.map((m) => m.to),
      ['a@example.org', 'b@example.org'],
    );
  });

  test('AUTH PLAIN and AUTH LOGIN with the credentials of SMTP_URL; wrong ones fail every waiting message, during setup', async () => {
    for (const method of ['PLAIN', 'LOGIN']) {
      const logins: string[] = [];
      const peer = await startPeer({
        authOptional: false,
        allowInsecureAuth: true,
        authMethods: [method],
        onAuth(auth, _session, callback) {
          logins.push(`${auth.method} ${auth.username}`);
          if (auth.username === 'relay user' && auth.password === 'p@ss:word') return callback(null, { user: auth.username });
          callback(new Error('Invalid username or password'));
        },
      });
      cleanups.push(peer.close);
      const good = pool(`smtp://relay%20user:p%40ss%3Aword@127.0.0.1:${peer.port}`);
      assert.match(await good.send('bounces@example.org', 'm1@example.org', message(1)), /^250 /);
      good.close();
      const bad = pool(`smtp://relay%20user:wrong@127.0.0.1:${peer.port}`);
      const results = await sendAll(bad, ['m2@example.org', 'm3@example.org', 'm4@example.org']);
      bad.close();
      for (const r of results) {
        assert.ok('error' in r);
        assert.equal(r.error.code, 'EAUTH');
        assert.equal(r.error.duringSetup, true);
        assert.match(String(r.error.response), /^535 /);
      }
      assert.equal(logins[0], `${method} relay user`);
      assert.deepEqual(
        peer.received.map((m) => m.to),
        ['m1@example.org'],
      );
    }
  });

  test('STARTTLS when the relay offers it, with the certificate verified; smtps:// is TLS from the first byte', async () => {
    const starttls = await startPeer({ disabledCommands: [], key, cert });
    const implicit = await startPeer({ disabledCommands: [], secure: true, key, cert });
    cleanups.push(starttls.close, implicit.close);
    let secured = 0;
    for (const url of [`smtp://localhost:${starttls.port}`, `smtps://localhost:${implicit.port}`]) {
      const p = pool(url, { tls: { ca: cert } });
      assert.match(await p.send('bounces@example.org', 'tls@example.org', message(1)), /^250 /);
      p.close();
      secured++;
    }
    assert.equal(secured, 2);
    assert.equal(starttls.received.length, 1);
    assert.equal(implicit.received.length, 1);
    // Without the CA the self-signed certificate is refused: nothing goes out in the clear instead.
    const untrusted = pool(`smtp://localhost:${starttls.port}`);
    const [refused] = await sendAll(untrusted, ['tls@example.org']);
    untrusted.close();
    assert.ok(refused && 'error' in refused);
    assert.equal(refused.error.duringSetup, true);
    assert.match(refused.error.message, /TLS|certificate/i);
    assert.equal(starttls.received.length, 1);
  });

  test('a 421 ends the session: the message in flight fails temporarily, the rest go through a new session', async () => {
    const peer = await startPeer({ refuse: (to) => (to.startsWith('closing') ? [421, '4.3.0 Shutting down'] : null) });
    const p = pool(`smtp://127.0.0.1:${peer.port}`, { maxConnections: 1 });
    cleanups.push(peer.close, () => p.close());
    const recipients = ['m1@example.org', 'm2@example.org', 'closing@example.org', 'm3@example.org', 'm4@example.org'];
    const results = await sendAll(p, recipients);
    const closing = results[2]!;
    assert.ok('error' in closing);
    assert.match(String(closing.error.response), /^421 /);
    assert.equal(closing.error.responseCode, 421);
    assert.deepEqual(
      peer.received.map((m) => m.to),
      ['m1@example.org', 'm2@example.org', 'm3@example.org', 'm4@example.org'],
    );
    assert.ok(peer.connections() >= 2, 'a new session after the 421');
  });

  test('a relay that takes fewer connections than SMTP_MAX_CONNECTIONS: every message goes through the ones it takes, without a connection attempt a message', async () => {
    const peer = await startPeer({ maxClients: 2 });
    const p = pool(`smtp://127.0.0.1:${peer.port}`, { maxConnections: 6 });
    cleanups.push(peer.close, () => p.close());
    const results = await sendAll(
      p,
      Array.from({ length: 300 }, (_, i) => `m${i}@example.org`),
    );
    assert.ok(
      results.every((r) => 'reply' in r),
      'no message fails',
    );
    assert.equal(peer.received.length, 300);
    // 300 messages need three sessions' worth of 100 on each of the two allowed; the refused attempts stay few.
    assert.ok(peer.sockets() < 20, `${peer.sockets()} connections for 300 messages`);
  });

  test('a relay that never greets: the waiting messages fail with a timeout after SMTP_TIMEOUT_SECONDS; nothing listening fails them at once', async () => {
    const silent = net.createServer((socket) => socket.on('error', () => {}));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const p = pool(`smtp://127.0.0.1:${(silent.address() as net.AddressInfo).port}`, { timeoutMs: 300, maxConnections: 3 });
    const started = Date.now();
    const results = await sendAll(
      p,
      Array.from({ length: 8 }, (_, i) => `m${i}@example.org`),
    );
    p.close();
    assert.ok(Date.now() - started < 3000, `bounded by the timeout (${Date.now() - started} ms)`);
    for (const r of results) {
      assert.ok('error' in r);
      assert.equal(r.error.code, 'ETIMEDOUT');
      assert.match(r.error.message, /no greeting/);
    }
    // Nothing listens on a port just closed.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = pool(`smtp://127.0.0.1:${port}`);
    const down = await sendAll(refused, ['m1@example.org', 'm2@example.org']);
    refused.close();
    for (const r of down) assert.ok('error' in r && r.error.code === 'ECONNECTION' && r.error.duringSetup);
  });

  test('SMTP_RATE spaces the messages; a session makes way for a fresh one after 100 messages; an idle session closes and a new one opens when needed', async () => {
    const peer = await startPeer();
    cleanups.push(peer.close);
    const limited = pool(`smtp://127.0.0.1:${peer.port}`, { rate: 10 });
    const started = Date.now();
    await sendAll(
      limited,
      Array.from({ length: 25 }, (_, i) => `r${i}@example.org`),
    );
    limited.close();
    assert.ok(Date.now() - started >= 2000, `25 messages at 10 a second take over 2 s (${Date.now() - started} ms)`);

    const before = peer.connections();
    const single = pool(`smtp://127.0.0.1:${peer.port}`, { maxConnections: 1, timeoutMs: 300 });
    const results = await sendAll(
      single,
      Array.from({ length: 250 }, (_, i) => `s${i}@example.org`),
    );
    assert.ok(results.every((r) => 'reply' in r));
    assert.equal(peer.connections() - before, 3, '250 messages, 100 a session');
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.match(await single.send('bounces@example.org', 'late@example.org', message(1)), /^250 /);
    assert.equal(peer.connections() - before, 4, 'the idle session was closed; a new one opened');
    single.close();
    assert.equal(peer.received.length, 25 + 250 + 1);
  });

  test('after close, sending is refused', async () => {
    const peer = await startPeer();
    const p = pool(`smtp://127.0.0.1:${peer.port}`);
    cleanups.push(peer.close);
    p.close();
    await assert.rejects(p.send('bounces@example.org', 'm@example.org', message(1)), (error: SmtpError) => error.code === 'ECONNECTION');
  });
});
