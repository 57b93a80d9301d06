import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { type AppError, isAppError } from '../errors/app-error.ts';
import { type LinkPurpose, signLink, verifyLink } from './signed-links.ts';

const secret = 'test-secret-key-with-enough-length-0123456789';
const now = new Date('2025-06-01T12:00:00Z');
const inAYear = new Date(now.getTime() + 365 * 24 * 3600 * 1000);
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A link in the format sent before compact tokens: base64url(JSON) "." base64url(HMAC-SHA256 of that). */
function legacyLink(payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

function refusal(token: unknown, purpose: LinkPurpose = 'unsubscribe'): string {
  try {
    verifyLink(secret, purpose, token as string, now);
  } catch (error) {
    if (isAppError(error)) return error.code;
    return `threw ${(error as Error).name}`;
  }
  return 'accepted';
}

/** The same last character as far as a lenient base64 decoder is concerned: only the unused low bits differ. */
function neighbourOfLast(token: string): string {
  const last = token.at(-1) ?? 'A';
  return token.slice(0, -1) + base64url[base64url.indexOf(last) ^ 1];
}

describe('signed links', () => {
  test('a link verifies for its purpose and member only until it expires', () => {
    const token = signLink(secret, 'manage', 42, inAYear);
    assert.equal(verifyLink(secret, 'manage', token, now), 42);
    assert.equal(refusal(token, 'unsubscribe'), 'link_invalid');
    assert.throws(
      () => verifyLink(secret, 'manage', token, new Date(inAYear.getTime() + 1000)),
      (e: AppError) => e.code === 'link_expired',
    );
    assert.equal(refusal(signLink('another-secret-of-enough-length-0123456789', 'manage', 42, inAYear), 'manage'), 'link_invalid');
  });

  test('tokens are compact: the largest member id gives a token far below the router and schema limits', () => {
    const largest = signLink(secret, 'unsubscribe', 2_147_483_647, new Date('2100-01-01T00:00:00Z'));
    assert.ok(largest.length <= 48, `${largest.length} characters: ${largest}`);
    assert.match(largest, /^[A-Za-z0-9._-]+$/, 'nothing that needs percent-encoding in a URL path');
    for (const id of [1, 999, 1000, 10_000_001, 2_147_483_647]) {
      for (const purpose of ['confirm', 'manage', 'unsubscribe'] as const) {
        assert.equal(verifyLink(secret, purpose, signLink(secret, purpose, id, inAYear), now), id);
      }
    }
  });

  test('only the canonical token is accepted: junk, padding, spaces, a neighbouring last character', () => {
    for (const token of [signLink(secret, 'unsubscribe', 10_000_001, inAYear), legacyLink({ p: 'unsubscribe', m: 10_000_001, e: inAYear.getTime() / 1000 })]) {
      assert.equal(refusal(token), 'accepted');
      for (const variant of [`${token}x`, `${token}=`, `${token}==`, `${token} `, `${token.slice(0, 10)} ${token.slice(10)}`, `${token}.`, `.${token}`]) {
        assert.equal(refusal(variant), 'link_invalid', JSON.stringify(variant));
      }
      const neighbour = neighbourOfLast(token);
      assert.notEqual(neighbour, token);
      assert.equal(refusal(neighbour), 'link_invalid', `neighbour ${neighbour} of ${token}`);
      // Every single-character change anywhere is refused.
      for (let i = 0; i < token.length; i++) {
        const changed = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
        assert.equal(refusal(changed), 'link_invalid', `position ${i}`);
      }
    }
  });

  test('links sent in the earlier format keep working until they expire', () => {
    const expires = Math.floor(inAYear.getTime() / 1000);
    assert.equal(verifyLink(secret, 'unsubscribe', legacyLink({ p: 'unsubscribe', m: 1234, e: expires }), now), 1234);
    assert.equal(verifyLink(secret, 'confirm', legacyLink({ p: 'confirm', m: 5, e: expires }), now), 5);
    assert.equal(refusal(legacyLink({ p: 'confirm', m: 5, e: expires })), 'link_invalid', 'wrong purpose');
    assert.equal(refusal(legacyLink({ p: 'unsubscribe', m: 5, e: Math.floor(now.getTime() / 1000) - 1 })), 'link_expired');
  });

  test('every malformed payload, even one signed with the right secret, is link_invalid (never a 500, never eternal)', () => {
    const e = Math.floor(inAYear.getTime() / 1000);
    for (const payload of [
      null,
      42,
      'unsubscribe',
      [],
      {},
      { p: 'unsubscribe', m: 7 },
      { p: 'unsubscribe', m: 7, e: null },
      { p: 'unsubscribe', m: 7, e: '9999999999' },
      { p: 'unsubscribe', m: 7.5, e },
      { p: 'unsubscribe', m: -7, e },
      { p: 'unsubscribe', m: 0, e },
      { p: 'unsubscribe', m: 1e300, e },
      { p: 'unsubscribe', m: '7', e },
      { p: 'unsubscribe', m: 7, e: Number.POSITIVE_INFINITY },
    ]) {
      assert.equal(refusal(legacyLink(payload)), 'link_invalid', JSON.stringify(payload));
    }
    const notJson = Buffer.from('{"p":').toString('base64url');
    assert.equal(refusal(`${notJson}.${createHmac('sha256', secret).update(notJson).digest('base64url')}`), 'link_invalid');
    for (const token of ['', '.', '..', 'abc.def', 'a'.repeat(5000), 'u1.2.3', undefined, null, 12, {}]) {
      assert.equal(refusal(token), 'link_invalid', JSON.stringify(token));
    }
  });
});
