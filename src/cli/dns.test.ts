import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startDnsPeer, type TestZone } from '../../test/dns-peer.ts';

const bin = path.join(import.meta.dirname, '..', '..', 'bin', 'plenary.js');

function rsaKey(): { pem: string; publicKey: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { pem, publicKey: createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64') };
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `plenary args…` with only the given configuration (and a throwaway DATA_DIR). */
function plenary(args: string[], env: Record<string, string>): Promise<Result> {
  const clean: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'silent',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-dns-')),
    ...env,
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: clean });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const key = rsaKey();
const aligned = {
  PUBLIC_URL: 'https://outreach.example.org',
  MAIL_FROM: 'WSIS Outreach <news@example.org>',
  BOUNCE_DOMAIN: 'bounces.example.org',
  DKIM_DOMAIN: 'example.org',
  DKIM_SELECTOR: 'plenary2026',
  DKIM_PRIVATE_KEY: key.pem,
  SMTP_URL: 'smtp://relay.example.net:587',
};
const fullZone = (publicKey: string): TestZone => ({
  'bounces.example.org': { MX: [{ priority: 10, exchange: 'mx.example.org' }], TXT: ['v=spf1 include:spf.relay.example.net -all'] },
  // A real DKIM record is longer than one TXT string: two strings, joined by the reader.
  'plenary2026._domainkey.example.org': { TXT: [`v=DKIM1; k=rsa; p=${publicKey}`] },
  '_dmarc.example.org': { TXT: ['v=DMARC1; p=quarantine; rua=mailto:dmarc@example.org'] },
});
const options = ['--mx-host', 'mx.example.org', '--spf', 'include:spf.relay.example.net'];

test('plenary dns prints the MX, SPF, DKIM and DMARC records of this configuration and the alignment verdict', async () => {
  const r = await plenary(['dns', ...options, '--no-check'], aligned);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^bounces\.example\.org\. IN MX 10 mx\.example\.org\.$/m);
  assert.match(r.stdout, /^bounces\.example\.org\. IN TXT "v=spf1 include:spf\.relay\.example\.net -all"$/m);
  const dkim = /^plenary2026\._domainkey\.example\.org\. IN TXT \( (.+) \)$/m.exec(r.stdout);
  assert.ok(dkim, r.stdout);
  const value = [...dkim[1]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join('');
  assert.equal(value, `v=DKIM1; k=rsa; p=${key.publicKey}`, 'the public key of the configured private key');
  assert.match(r.stdout, /^_dmarc\.example\.org\. IN TXT "v=DMARC1; p=none; adkim=r; aspf=r; rua=mailto:dmarc-reports@example\.org"$/m);
  assert.match(r.stdout, /Verdict: DMARC can pass through DKIM and SPF/);
  assert.match(r.stdout, /forward it to MX_PORT 2525/);
  assert.doesNotMatch(r.stdout, /PRIVATE KEY/);
  assert.equal(r.stderr, '');
});

test('a configuration that cannot pass DMARC says why and exits 1 with one line', async () => {
  const r = await plenary(['dns', '--no-check'], {
    MAIL_FROM: 'news@example.org',
    BOUNCE_DOMAIN: 'bounces.example.co.uk',
    PUBLIC_URL: 'https://outreach.example.org',
  });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /DKIM: not configured/);
  assert.match(r.stdout, /SPF for the envelope sender @bounces\.example\.co\.uk \(organisational domain example\.co\.uk\): NOT aligned/);
  assert.match(r.stdout, /Verdict: DMARC cannot pass/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /^plenary: DMARC cannot pass/);
});

test('usage mistakes exit 2 with one line', async () => {
  for (const args of [
    ['dns', '--bogus'],
    ['dns', 'extra'],
    ['dns', '--dns-server', 'not-an-ip'],
    ['dns', '--mx-host', 'a b'],
  ]) {
    const r = await plenary(args, aligned);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('with no DNS server to ask, each check is a clear "could not look up" line, not a crash', async () => {
  // Nothing listens on port 1: every query is refused, as it is on a machine without network.
  const r = await plenary(['dns', ...options, '--dns-server', '127.0.0.1:1'], aligned);
  assert.equal(r.code, 1);
  for (const name of ['MX bounces.example.org', 'TXT bounces.example.org', 'TXT plenary2026._domainkey.example.org', 'TXT _dmarc.example.org'])
    assert.match(r.stdout, new RegExp(`could not look up ${name.replace(/\./g, '\\.')}: E[A-Z]+`));
  assert.equal(r.stderr.trim(), 'plenary: 4 of 4 DNS records did not check out (see above)');
});

describe('checking against a DNS server', () => {
  let good: Awaited<ReturnType<typeof startDnsPeer>>;
  let stale: Awaited<ReturnType<typeof startDnsPeer>>;
  before(async () => {
    good = await startDnsPeer(fullZone(key.publicKey));
    const zone = fullZone(rsaKey().publicKey); // the key of an earlier DKIM_PRIVATE_KEY
    delete zone['_dmarc.example.org'];
    zone['bounces.example.org']!.TXT = ['v=spf1 a -all', 'v=spf1 include:spf.relay.example.net -all'];
    zone['bounces.example.org']!.MX = [{ priority: 10, exchange: 'old-mx.example.net' }];
    stale = await startDnsPeer(zone);
  });
  after(async () => {
    await good?.close();
    await stale?.close();
  });

  test('published records check out', async () => {
    const r = await plenary(['dns', ...options, '--dns-server', good.address], aligned);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const name of ['MX bounces.example.org', 'TXT bounces.example.org', 'TXT plenary2026._domainkey.example.org', 'TXT _dmarc.example.org'])
      assert.match(r.stdout, new RegExp(`ok +${name.replace(/\./g, '\\.')}$`, 'm'));
  });

  test('a missing, stale or duplicated record is named, and the command fails', async () => {
    const r = await plenary(['dns', ...options, '--dns-server', stale.address], aligned);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /differs +MX bounces\.example\.org: found "10 old-mx\.example\.net"/);
    assert.match(r.stdout, /differs +TXT bounces\.example\.org: found "v=spf1 a -all", "v=spf1 include/);
    assert.match(r.stdout, /differs +TXT plenary2026\._domainkey\.example\.org/);
    assert.match(r.stdout, /missing +TXT _dmarc\.example\.org/);
    assert.equal(r.stderr.trim(), 'plenary: 4 of 4 DNS records did not check out (see above)');
  });
});

test('commands that send mail warn at start-up when the domains cannot align', async () => {
  const child = spawn(process.execPath, [bin, 'worker'], {
    env: {
      PATH: process.env.PATH,
      LOG_LEVEL: 'silent',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-dns-')),
      ...aligned,
      DKIM_DOMAIN: 'example.net',
    },
  });
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no warning: ${stderr}`)), 20_000);
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.includes('\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
  }).finally(() => child.kill('SIGTERM'));
  await exit;
  assert.match(stderr, /^plenary: warning: DKIM_DOMAIN example\.net is not in the organisational domain of MAIL_FROM \(example\.org\)/);
});
