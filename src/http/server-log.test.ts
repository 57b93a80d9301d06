import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable, Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { dialects } from '../../test/dialects.ts';
import { createTestApp, type TestApp, type TestClient } from '../../test/test-app.ts';
import { buildApp } from '../app.ts';
import { importMembers } from '../domains/members/member-import.ts';
import { findCurrentNetwork } from '../domains/site/site.repository.ts';
import { redactText, redactUrl } from './server-log.ts';

const secretToken = 'Zk3vQ9x_LmN0pR7sT2uV5wX8yA1bC4dE6fG9hJ2kL5m';

test('URLs lose their tokens, signed links and addresses; the rest stays readable', () => {
  assert.equal(redactUrl(`/en/me/${secretToken}`), '/en/me/:token');
  assert.equal(redactUrl(`/me/${secretToken}/data.json`), '/me/:token/data.json');
  assert.equal(redactUrl(`/fr/unsubscribe/${secretToken}?x=1`), '/fr/unsubscribe/:token?x=1');
  assert.equal(redactUrl('/join/confirm/abc.def'), '/join/confirm/:token');
  assert.equal(redactUrl('/ar/admin/set-password/short'), '/ar/admin/set-password/:token');
  assert.equal(redactUrl('/admin/reset-password/short'), '/admin/reset-password/:token');
  assert.equal(redactUrl(`/somewhere/${secretToken}`), '/somewhere/:token');
  assert.equal(redactUrl('/en/admin/members?q=ana%40example.org&status=subscribed'), '/en/admin/members?q=[address]&status=subscribed');
  assert.equal(redactUrl('/en/admin/members/12/edit'), '/en/admin/members/12/edit');
  assert.equal(redactUrl('/api/v1/members?limit=5'), '/api/v1/members?limit=5');
});

test('text loses addresses, also internationalised ones, and bearer tokens', () => {
  assert.equal(redactText('duplicate key (email_key)=(ana@example.org)'), 'duplicate key (email_key)=([address])');
  assert.equal(redactText('no mailbox 用户@例子.广告 here'), 'no mailbox [address] here');
  assert.equal(redactText(`token plen_${secretToken} leaked`), 'token [token] leaked');
  assert.equal(redactText('nothing to hide, 3 @ 4'), 'nothing to hide, 3 @ 4');
});

/** A log destination that keeps every line it is given, parsed. */
function logCollector(): { stream: Writable; lines: Record<string, unknown>[]; raw: string[] } {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { stream, lines, raw };
}

/** GETs `path` from a listening app over real HTTP, keeping the raw (still encoded) body chunks. */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; chunks: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, chunks }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

for (const dialect of dialects) {
  describe(`server logging and compression on ${dialect}`, () => {
    let t: TestApp;
    let app: FastifyInstance;
    let port: number;
    const log = logCollector();
    let releaseSlowStream: () => void = () => {};
    const firstBytesSeen = new Promise<void>((resolve) => {
      releaseSlowStream = resolve;
    });

    before(async () => {
      t = await createTestApp(dialect);
      // The same deps at LOG_LEVEL=info (the default), logging into the collector instead of stdout.
      app = await buildApp({ ...t.deps, config: { ...t.deps.config, logLevel: 'info' } }, { logStream: log.stream });
      app.get('/unsubscribe/:token/fail', async () => {
        throw new Error(`lookup failed for ana@example.org with plen_${secretToken}`);
      });
      // A stream that ends only once the client has read its first bytes: buffered compression would never answer.
      app.get('/test/slow-stream', async (_request, reply) => {
        const body = Readable.from(
          (async function* () {
            yield randomBytes(96 * 1024).toString('base64');
            await firstBytesSeen;
            yield 'the end\n';
          })(),
        );
        return reply.type('text/plain; charset=utf-8').send(body);
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      port = (app.server.address() as { port: number }).port;
    });
    after(async () => {
      await app?.close();
      await t?.close();
    });

    test('a 500 writes one error line with the request id, and no token, cookie, bearer token or address', async () => {
      const response = await app.inject({
        method: 'GET',
        url: `/unsubscribe/${secretToken}/fail`,
        headers: { authorization: `Bearer plen_${secretToken}`, cookie: `plenary_session=${secretToken}` },
      });
      assert.equal(response.statusCode, 500);
      const requestId = response.headers['x-request-id'];
      assert.equal(typeof requestId, 'string');
      const errors = log.lines.filter((l) => (l.level as number) >= 50);
      assert.equal(errors.length, 1, log.raw.join('\n'));
      assert.equal(errors[0]?.reqId, requestId);
      assert.match(JSON.stringify(errors[0]), /lookup failed for \[address\] with \[token\]/);
      const all = log.raw.filter((l) => l.includes(String(requestId))).join('\n');
      assert.ok(all.length > 0);
      for (const secret of [secretToken, 'ana@example.org', 'plenary_session', 'Bearer'])
        assert.ok(!log.raw.join('\n').includes(secret), `log shows ${secret}`);
      assert.match(all, /\/unsubscribe\/:token\/fail/);
    });

    test('as npm start runs it (no line per request), a 500 is logged all the same', async () => {
      const quiet = logCollector();
      const demo = await buildApp({ ...t.deps, config: { ...t.deps.config, logLevel: 'info' } }, { logStream: quiet.stream, requestLogging: false });
      demo.get('/test/fail', async () => {
        throw new Error('database went away');
      });
      try {
        assert.equal((await demo.inject({ method: 'GET', url: '/en/' })).statusCode, 200);
        const response = await demo.inject({ method: 'GET', url: '/test/fail' });
        assert.equal(response.statusCode, 500);
        assert.equal(quiet.lines.length, 1, quiet.raw.join('\n'));
        assert.equal(quiet.lines[0]?.level, 50);
        assert.equal(quiet.lines[0]?.reqId, response.headers['x-request-id']);
        assert.equal((quiet.lines[0]?.err as { message: string } | undefined)?.message, 'database went away');
      } finally {
        await demo.close();
      }
    });

    test('pages and JSON are compressed for a client that accepts it', async () => {
      const page = await rawGet(port, '/en/', { 'accept-encoding': 'br, gzip' });
      assert.equal(page.status, 200);
      assert.equal(page.headers['content-encoding'], 'br');
      const html = zlib.brotliDecompressSync(Buffer.concat(page.chunks)).toString('utf8');
      assert.match(html, /^<!doctype html>/);
      const openapi = await rawGet(port, '/api/openapi.json', { 'accept-encoding': 'gzip' });
      assert.equal(openapi.headers['content-encoding'], 'gzip');
      assert.equal(JSON.parse(zlib.gunzipSync(Buffer.concat(openapi.chunks)).toString('utf8')).openapi, '3.1.0');
      const plain = await rawGet(port, '/en/', {});
      assert.equal(plain.headers['content-encoding'], undefined);
    });

    test('a compressed stream still streams: the client reads the first bytes before the body has ended', { timeout: 20_000 }, async () => {
      const response = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/test/slow-stream', headers: { 'accept-encoding': 'gzip' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => {
              chunks.push(c);
              releaseSlowStream();
            });
            res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      });
      assert.equal(response.encoding, 'gzip');
      assert.match(zlib.gunzipSync(response.body).toString('utf8'), /the end\n$/);
    });

    test('the members export is gzipped in chunks (no Content-Length) and unzips to the uncompressed export', async () => {
      const networkId = (await findCurrentNetwork(t.deps.db))!.id;
      const rows = Array.from({ length: 1500 }, (_, i) => `m${i}@example.org,Member ${i},KE,,,en,,`);
      const csv = ['email,name,memberState,stakeholderGroup,organisation,language,source,title', ...rows, ''].join('\n');
      await importMembers(t.deps, csv, { networkId, dryRun: false, status: 'subscribed', basis: 'Registered at the WSIS Forum', actorLabel: 'test' });
      const client: TestClient = await t.signedInClient('editor');
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const zipped = await rawGet(port, '/en/admin/members/export.csv', { cookie, 'accept-encoding': 'gzip' });
      assert.equal(zipped.status, 200);
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.equal(zipped.headers['content-length'], undefined);
      assert.equal(zipped.headers['transfer-encoding'], 'chunked');
      const plain = await rawGet(port, '/en/admin/members/export.csv', { cookie });
      assert.equal(plain.headers['content-encoding'], undefined);
      const unzipped = zlib.gunzipSync(Buffer.concat(zipped.chunks)).toString('utf8');
      assert.equal(unzipped, Buffer.concat(plain.chunks).toString('utf8'));
      assert.equal(unzipped.trim().split('\r\n').length, 1501);
    });
  });
}
