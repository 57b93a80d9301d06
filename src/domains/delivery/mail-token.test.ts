import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mailToken, mailTokenExpired, readMailToken } from './mail-token.ts';

const secret = 'test-secret-key-with-enough-length-0123456789';
const day = 24 * 60 * 60 * 1000;

test('a mail token is read back only in the spelling it was written in', () => {
  const token = mailToken(secret, 'd', 4217);
  assert.match(token, /^d4217\.[0-9a-f]{12}$/);
  assert.deepEqual(readMailToken(secret, token), { kind: 'd', id: 4217 });
  const [, hex] = token.split('.');
  for (const variant of [token.toUpperCase(), `D4217.${hex}`, `d4217.${hex!.toUpperCase()}`, `d04217.${hex}`, `d4217.0${hex}`, ` ${token}`, `${token}\n`]) {
    assert.equal(readMailToken(secret, variant), null, variant);
  }
  assert.equal(readMailToken('another-secret-key-with-enough-length-01234', token), null);
  // A token of one kind does not pass for the other.
  assert.equal(readMailToken(secret, token.replace(/^d/, 'u')), null);
  assert.equal(readMailToken(secret, `m4217.${hex}`), null);
});

test('a bounce token lasts 45 days after its delivery, a mailto token 365', () => {
  const sent = new Date('2026-01-01T00:00:00Z');
  assert.equal(mailTokenExpired('d', sent, new Date(sent.getTime() + 45 * day)), false);
  assert.equal(mailTokenExpired('d', sent, new Date(sent.getTime() + 45 * day + 1)), true);
  assert.equal(mailTokenExpired('u', sent, new Date(sent.getTime() + 365 * day)), false);
  assert.equal(mailTokenExpired('u', sent, new Date(sent.getTime() + 366 * day)), true);
});
