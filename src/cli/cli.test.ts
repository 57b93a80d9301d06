import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createTestDatabase, dialects, type TestDatabase } from '../../test/dialects.ts';

const bin = path.join(import.meta.dirname, '..', '..', 'bin', 'plenary.js');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ...extra };
  for (const key of ['DATABASE_URL', 'PORT', 'PUBLIC_URL', 'SECRET_KEY', 'PLENARY_DEMO']) if (!(key in extra)) delete env[key];
  return env;
}

/** Runs `plenary args…` to completion. */
function plenary(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: baseEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdin.end(stdin ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-cli-'));
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${seen}`)), 20_000);
    child.stdout?.on('data', (d) => {
      seen += d;
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

test('--help lists the commands and exits 0', async () => {
  const r = await plenary(['--help']);
  assert.equal(r.code, 0);
  for (const command of ['serve', 'worker', 'migrate', 'demo', 'admin create']) assert.match(r.stdout, new RegExp(`\\n  ${command}`));
});

test('usage mistakes exit 2 with one line on stderr', async () => {
  for (const args of [
    ['launch'],
    ['admin', 'create', '--name', 'No Email'],
    ['admin', 'create', '--email', 'a@example.org', '--name', 'A', '--role', 'king'],
    ['admin', 'create', '--bogus'],
  ]) {
    const r = await plenary(args, { DATA_DIR: tempDir() });
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('a malformed configuration value exits 2 naming the variable', async () => {
  const r = await plenary(['migrate'], { PORT: 'eighty' });
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^plenary: PORT: /);
});

test('an unreachable database exits 1 with a clear line', async () => {
  const r = await plenary(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' });
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /cannot reach PostgreSQL/);
});

for (const dialect of dialects) {
  describe(`CLI on ${dialect}`, () => {
    const databases: TestDatabase[] = [];
    after(async () => {
      for (const d of databases) await d.drop();
    });

    async function environment(): Promise<Record<string, string>> {
      const database = await createTestDatabase(dialect, { migrate: false });
      databases.push(database);
      await database.handle.close();
      return { DATA_DIR: tempDir(), ...(database.location.url ? { DATABASE_URL: database.location.url } : {}) };
    }

    test('migrate applies the schema once', async () => {
      const env = await environment();
      const first = await plenary(['migrate'], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /Applied 0001-foundation/);
      const second = await plenary(['migrate'], env);
      assert.equal(second.stdout.trim(), 'The database schema is current.');
    });

    test('admin create prints a set-password link, or takes the password on stdin', async () => {
      const env = await environment();
      const link = await plenary(['admin', 'create', '--email', 'ana@例子.广告', '--name', 'Ana', '--role', 'editor'], env);
      assert.equal(link.code, 0, link.stderr);
      assert.match(link.stdout, /Created editor ana@例子\.广告/);
      assert.match(link.stdout, /http:\/\/localhost:3000\/admin\/set-password\/[A-Za-z0-9_-]{43}/);

      const withPassword = await plenary(
        ['admin', 'create', '--email', 'boss@example.org', '--name', 'Boss', '--password-stdin'],
        env,
        'a very long passphrase\n',
      );
      assert.equal(withPassword.code, 0, withPassword.stderr);
      assert.match(withPassword.stdout, /Created owner boss@example\.org/);
      assert.doesNotMatch(withPassword.stdout, /set-password/);

      const again = await plenary(['admin', 'create', '--email', 'BOSS@example.org', '--name', 'Boss'], env);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /already exists/);
      const badEmail = await plenary(['admin', 'create', '--email', 'boss＠example.org', '--name', 'Boss'], env);
      assert.equal(badEmail.code, 1);
      assert.equal(badEmail.stderr.trim().split('\n').length, 1);
    });

    test('serve answers, and stops cleanly on SIGTERM', async () => {
      const env = { ...(await environment()), PORT: String(34000 + Math.floor(Math.random() * 1000)), HOST: '127.0.0.1' };
      const child = spawn(process.execPath, [bin, 'serve'], { env: baseEnv(env) });
      const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
      try {
        const out = await waitForOutput(child, /No staff account yet/);
        const url = /Plenary is running at http:\/\/localhost:(\d+)/.exec(out);
        assert.ok(url);
        const health = await fetch(`http://127.0.0.1:${url[1]}/healthz`);
        assert.equal(health.status, 200);
        const home = await fetch(`http://127.0.0.1:${url[1]}/en/`);
        assert.equal(home.status, 200, 'production starts with an empty network page');
        child.kill('SIGTERM');
        assert.equal(await exit, 0);
      } finally {
        child.kill('SIGKILL');
      }
    });
  });
}
