import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults give a local demo on port 3000', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.publicUrl, 'http://localhost:3000');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.secureCookies, false);
});

test('PUBLIC_URL loses its trailing slash and https makes cookies Secure', () => {
  const config = loadConfig({ PUBLIC_URL: 'https://outreach.example.org/' });
  assert.equal(config.publicUrl, 'https://outreach.example.org');
  assert.equal(config.secureCookies, true);
});

test('a malformed value names its variable', () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PUBLIC_URL: 'example.org' }, 'PUBLIC_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PLENARY_DEMO: 'perhaps' }, 'PLENARY_DEMO'],
    [{ SECRET_KEY: 'short' }, 'SECRET_KEY'],
  ];
  for (const [env, variable] of cases) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && error.variable === variable,
      variable,
    );
  }
});
