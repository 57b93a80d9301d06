import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, configWarnings, loadConfig } from './config.ts';

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

test('join limits: a room of 300 per IP each 10 minutes and 3 per address each 15 minutes by default, or as set', () => {
  assert.deepEqual(loadConfig({}).joinLimits, {
    perClient: { limit: 300, windowMs: 10 * 60_000 },
    perAddress: { limit: 3, windowMs: 15 * 60_000 },
  });
  const set = loadConfig({ JOIN_IP_LIMIT: '500', JOIN_IP_WINDOW_MINUTES: '5', JOIN_ADDRESS_LIMIT: '2', JOIN_ADDRESS_WINDOW_MINUTES: '60' });
  assert.deepEqual(set.joinLimits, { perClient: { limit: 500, windowMs: 5 * 60_000 }, perAddress: { limit: 2, windowMs: 60 * 60_000 } });
  for (const variable of ['JOIN_IP_LIMIT', 'JOIN_IP_WINDOW_MINUTES', 'JOIN_ADDRESS_LIMIT', 'JOIN_ADDRESS_WINDOW_MINUTES']) {
    assert.throws(
      () => loadConfig({ [variable]: '0' }),
      (error: unknown) => error instanceof ConfigError && error.variable === variable,
      variable,
    );
  }
});

test('DELIVERY_SENDERS: eight sender jobs per announcement by default, 1 to 256 as set', () => {
  assert.equal(loadConfig({}).deliverySenders, 8);
  assert.equal(loadConfig({ DELIVERY_SENDERS: '12' }).deliverySenders, 12);
  for (const value of ['0', '257', 'many']) {
    assert.throws(
      () => loadConfig({ DELIVERY_SENDERS: value }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'DELIVERY_SENDERS',
      value,
    );
  }
});

test('PostgreSQL without SECRET_KEY warns that every instance and worker must share one key', () => {
  const postgres = { DATABASE_URL: 'postgres://plenary@db.internal:5432/plenary', DATA_DIR: '/srv/plenary' };
  const warnings = configWarnings(loadConfig(postgres));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^SECRET_KEY is unset: this process signs with the key kept in \/srv\/plenary\/secret-key; .*same value on each/);
  assert.deepEqual(configWarnings(loadConfig({ ...postgres, SECRET_KEY: 'k'.repeat(32) })), [], 'a shared key set');
  assert.deepEqual(configWarnings(loadConfig({ DATA_DIR: '/srv/plenary' })), [], 'SQLite: one machine, one DATA_DIR');
});
