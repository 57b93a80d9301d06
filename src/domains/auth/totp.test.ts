import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpAt, totpStep } from './totp.ts';

// RFC 6238 Appendix B: the seeds are ASCII digits repeated to the hash's length.
const seeds = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const vectors: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  test('every test vector of RFC 6238 Appendix B, for SHA-1, SHA-256 and SHA-512', () => {
    for (const [seconds, sha1, sha256, sha512] of vectors) {
      const at = new Date(seconds * 1000);
      assert.equal(totpAt(seeds.sha1, at, 8, 'sha1'), sha1, `SHA-1 at ${seconds}`);
      assert.equal(totpAt(seeds.sha256, at, 8, 'sha256'), sha256, `SHA-256 at ${seconds}`);
      assert.equal(totpAt(seeds.sha512, at, 8, 'sha512'), sha512, `SHA-512 at ${seconds}`);
      assert.equal(totpAt(seeds.sha1, at), sha1.slice(-6), 'six digits are the last six');
    }
  });

  test('the HOTP values of RFC 4226 Appendix D', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    for (const [counter, code] of expected.entries()) assert.equal(hotp(seeds.sha1, counter), code);
  });

  test('base32 round-trips and decodes the RFC 4648 examples', () => {
    assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
    assert.equal(base32Decode('mzxw6ytboi======').toString(), 'foobar');
    assert.equal(base32Encode(seeds.sha1), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.throws(() => base32Decode('ABC1'));
  });

  test('a code matches within one step either side, never further, and never again once used', () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    const code = totpAt(seeds.sha1, now);
    assert.equal(matchTotp(seeds.sha1, code, now, null), step);
    assert.equal(matchTotp(seeds.sha1, code, new Date(now.getTime() + 30_000), null), step, 'a step late');
    assert.equal(matchTotp(seeds.sha1, code, new Date(now.getTime() - 30_000), null), step, 'a step early');
    assert.equal(matchTotp(seeds.sha1, code, new Date(now.getTime() + 60_000), null), null, 'two steps late');
    assert.equal(matchTotp(seeds.sha1, code, now, step), null, 'the same code again');
    assert.equal(matchTotp(seeds.sha1, totpAt(seeds.sha1, new Date(now.getTime() - 30_000)), now, step), null, 'an earlier step after a later one');
    assert.equal(matchTotp(seeds.sha1, totpAt(seeds.sha1, new Date(now.getTime() + 30_000)), now, step), step + 1, 'the next step is still fine');
    assert.equal(matchTotp(seeds.sha1, `${code.slice(0, 3)} ${code.slice(3)}`, now, null), step, 'spaces are ignored');
    for (const bad of ['', '12345', '1234567', 'abcdef', '１２３４５６']) assert.equal(matchTotp(seeds.sha1, bad, now, null), null, bad);
  });

  test('the otpauth URI names the issuer and account and carries the secret in base32', () => {
    const uri = otpauthUri('WSIS+20 Outreach', 'josé@ejemplo.es', seeds.sha1);
    assert.match(uri, /^otpauth:\/\/totp\/WSIS%2B20%20Outreach:jos%C3%A9%40ejemplo\.es\?/);
    const params = new URL(uri).searchParams;
    assert.equal(params.get('secret'), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.equal(params.get('issuer'), 'WSIS+20 Outreach');
    assert.equal(params.get('period'), '30');
    assert.equal(params.get('digits'), '6');
  });
});
