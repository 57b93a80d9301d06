import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAppError } from '../../errors/app-error.ts';
import { signBriefingLink, verifyBriefingLink } from './briefing-link.ts';
import { checkSchedulePattern, nextRunAfter } from './schedule-pattern.ts';

const now = new Date('2026-03-25T00:00:00Z');
const refusedWith = (code: string) => (error: unknown) => isAppError(error) && error.code === code;

describe('schedule patterns (croner, in an IANA zone)', () => {
  test('the first Monday of each month at 09:00 Zurich time, daylight saving included', () => {
    const checked = checkSchedulePattern({ pattern: ' 0 9 * * 1#1 ', timeZone: 'Europe/Zurich' }, now);
    assert.equal(checked.pattern, '0 9 * * 1#1');
    assert.equal(checked.nextRun.toISOString(), '2026-04-06T07:00:00.000Z', 'CEST: UTC+2');
    assert.equal(nextRunAfter(checked.pattern, checked.timeZone, new Date('2026-10-06T00:00:00Z'))?.toISOString(), '2026-11-02T08:00:00.000Z', 'CET: UTC+1');
  });

  test('a daily pattern is allowed across the change to summer time (a 23-hour day)', () => {
    const checked = checkSchedulePattern({ pattern: '30 6 * * *', timeZone: 'Europe/Zurich' }, new Date('2026-03-27T12:00:00Z'));
    assert.equal(checked.nextRun.toISOString(), '2026-03-28T05:30:00.000Z');
    assert.equal(nextRunAfter('30 6 * * *', 'Europe/Zurich', checked.nextRun)?.toISOString(), '2026-03-29T04:30:00.000Z');
  });

  test('an unknown zone, an offset or a blank is schedule_unknown_time_zone', () => {
    for (const timeZone of ['Mars/Olympus_Mons', '+01:00', '', 'Europe/Nowhere']) {
      assert.throws(() => checkSchedulePattern({ pattern: '0 9 * * 1', timeZone }, now), refusedWith('schedule_unknown_time_zone'), timeZone);
    }
  });

  test('a pattern croner cannot read is schedule_pattern_invalid', () => {
    for (const pattern of ['bad', '', '61 9 * * *', '0 25 * * *', '0 9 * * 1 2020 extra', 'x'.repeat(150)]) {
      assert.throws(() => checkSchedulePattern({ pattern, timeZone: 'UTC' }, now), refusedWith('schedule_pattern_invalid'), pattern);
    }
  });

  test('a pattern with no run in the next two years is schedule_never_fires', () => {
    assert.throws(() => checkSchedulePattern({ pattern: '0 9 30 2 *', timeZone: 'UTC' }, now), refusedWith('schedule_never_fires'));
    assert.throws(() => checkSchedulePattern({ pattern: '0 9 31 4 *', timeZone: 'Europe/Zurich' }, now), refusedWith('schedule_never_fires'));
  });

  test('a pattern that fires twice a day or more is schedule_too_frequent', () => {
    for (const pattern of ['* * * * * *', '* * * * *', '*/5 * * * *', '0 * * * *', '0 9,17 * * *', '0 0,30 9 * * 1']) {
      assert.throws(() => checkSchedulePattern({ pattern, timeZone: 'UTC' }, now), refusedWith('schedule_too_frequent'), pattern);
    }
    assert.throws(
      () => checkSchedulePattern({ pattern: '0,30 9 1 1 *', timeZone: 'UTC' }, now),
      refusedWith('schedule_too_frequent'),
      'twice on one day a year',
    );
    assert.equal(checkSchedulePattern({ pattern: '0 8 1 * *', timeZone: 'UTC' }, now).nextRun.toISOString(), '2026-04-01T08:00:00.000Z');
  });
});

describe('the Board link (HMAC with the deployment secret)', () => {
  const secret = 'a-secret-of-enough-length-for-signing-0123';
  const at = new Date('2026-11-02T08:00:00Z');
  const expires = new Date('2027-01-31T08:00:00Z');

  test('a token names its briefing and recipient until it expires', () => {
    const token = signBriefingLink(secret, 42, 7, expires);
    assert.match(token, /^[0-9a-z]+\.[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    assert.equal(verifyBriefingLink(secret, 42, token, at), 7);
    assert.equal(verifyBriefingLink(secret, 42, signBriefingLink(secret, 42, 0, expires), at), 0, 'a staff link is for recipient 0');
    assert.throws(() => verifyBriefingLink(secret, 42, token, new Date('2027-01-31T08:00:01Z')), refusedWith('briefing_link_expired'));
  });

  test('a tampered, foreign or malformed token is briefing_link_invalid', () => {
    const token = signBriefingLink(secret, 42, 7, expires);
    const [id, recipient, expiry, tag] = token.split('.') as [string, string, string, string];
    const flipped = `${tag.slice(0, -1)}${tag.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [
      `${id}.${recipient}.${expiry}.${flipped}`,
      `${id}.${(8).toString(36)}.${expiry}.${tag}`,
      `${id}.${recipient}.${(Number.parseInt(expiry, 36) + 86_400).toString(36)}.${tag}`,
      signBriefingLink('another-secret-of-enough-length-0123456789', 42, 7, expires),
      `0${token}`,
      '',
      'x'.repeat(500),
      undefined,
      ['a'],
    ]) {
      assert.throws(() => verifyBriefingLink(secret, 42, bad, at), refusedWith('briefing_link_invalid'), String(bad));
    }
    assert.throws(() => verifyBriefingLink(secret, 43, token, at), refusedWith('briefing_link_invalid'), 'another briefing');
  });
});
