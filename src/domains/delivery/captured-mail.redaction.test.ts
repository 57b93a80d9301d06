import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newToken } from '../../security/tokens.ts';
import { redactMemberCredentials, redactStaffCredentials, withoutStaffCredentials } from './captured-mail.redaction.ts';

const token = newToken();
const site = 'https://outreach.example.org';

describe('captured mail redaction', () => {
  test('staff set-password links are removed wherever they appear, and only they', () => {
    for (const link of [
      `${site}/en/admin/set-password/${token}`,
      `${site}/admin/set-password/${token}`,
      `/zh/admin/set-password/${token}`,
      `${site}/fr/admin/reset-password/${token}`,
      `${site}/ar/admin/password/reset/${token}`,
    ]) {
      assert.equal(redactStaffCredentials(`Choose a password: ${link}\nThanks`), 'Choose a password: [redacted]\nThanks', link);
      assert.equal(redactStaffCredentials(`<a href="${link}">${link}</a>`), '<a href="[redacted]">[redacted]</a>');
    }
    const ordinary = `See ${site}/en/admin/members/1207 and ${site}/en/announcements/42, or write to amina@example.org.`;
    assert.equal(redactStaffCredentials(ordinary), ordinary);
    assert.equal(redactMemberCredentials(ordinary), ordinary);
  });

  test('members’ links and mail tokens are removed for readers below owner', () => {
    const message = [
      `Confirm: ${site}/fr/join/confirm/c5yc4l.tptwiu.VwMPcBQ9JO_sS-1pfTvc_Q`,
      `Preferences: ${site}/fr/me/m5yc4l.tptwiu.VwMPcBQ9JO_sS-1pfTvc_Q (or erase: ${site}/fr/me/m5yc4l.tptwiu.VwMPcBQ9JO_sS-1pfTvc_Q/erase)`,
      `List-Unsubscribe: <${site}/en/unsubscribe/eyJwIjoidW5zdWJzY3JpYmUiLCJtIjoxMjM0LCJlIjoxfQ.${token}>, <mailto:unsubscribe+m1234.9f2c41ab03de@bounces.example.org?subject=unsubscribe>`,
      'Return-Path: <bounces+d4217.9f2c41ab03de@bounces.example.org>',
    ].join('\n');
    const redacted = redactMemberCredentials(message);
    assert.doesNotMatch(redacted, /VwMPcBQ9|eyJw|9f2c41ab03de/, redacted);
    assert.equal(
      redacted,
      [
        'Confirm: [redacted]',
        'Preferences: [redacted] (or erase: [redacted])',
        'List-Unsubscribe: <[redacted]>, <mailto:unsubscribe+[redacted]@bounces.example.org?subject=unsubscribe>',
        'Return-Path: <bounces+[redacted]@bounces.example.org>',
      ].join('\n'),
    );
    assert.equal(redactStaffCredentials(message), message, 'owners keep members’ links');
  });

  test('a message loses its staff links in text, HTML and headers before it is kept', () => {
    const link = `${site}/en/admin/set-password/${token}`;
    const kept = withoutStaffCredentials({
      from: 'a@example.org',
      to: 'b@example.org',
      subject: 'Invite',
      text: link,
      html: `<a href="${link}">x</a>`,
      headers: { 'X-Link': link },
    });
    assert.ok(!JSON.stringify(kept).includes(token));
    assert.equal(kept.subject, 'Invite');
  });
});
