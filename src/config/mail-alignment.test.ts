import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { configWarnings, loadConfig } from './config.ts';
import { mailAlignment, mailFromDomain, organisationalDomain } from './mail-alignment.ts';

const key = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

test('the organisational domain follows the Public Suffix List, in ASCII', () => {
  assert.equal(organisationalDomain('bounces.example.org'), 'example.org');
  assert.equal(organisationalDomain('news.outreach.example.co.uk'), 'example.co.uk');
  assert.equal(organisationalDomain('mail.example.gov.br'), 'example.gov.br');
  assert.equal(organisationalDomain('plenary.github.io'), 'plenary.github.io', 'private section: each github.io site is its own organisation');
  assert.equal(organisationalDomain('Bounces.例子.广告'), 'xn--fsqu00a.xn--4rr70v');
  assert.equal(organisationalDomain('localhost'), 'localhost');
  assert.equal(organisationalDomain('example.org.'), 'example.org');
});

test('the From domain comes from the address in MAIL_FROM', () => {
  assert.equal(mailFromDomain('WSIS Outreach <outreach@news.example.org>'), 'news.example.org');
  assert.equal(mailFromDomain('outreach@Example.ORG'), 'example.org');
  assert.equal(mailFromDomain('"A <b@c>" <d@例子.广告>'), 'xn--fsqu00a.xn--4rr70v');
  assert.equal(mailFromDomain('Plenary'), null);
});

test('relaxed alignment: DKIM and SPF each align when they share From’s organisational domain', () => {
  const dkim = { domainName: 'example.org', keySelector: 'plenary', privateKey: key };
  const aligned = mailAlignment({ mailFrom: 'Outreach <news@outreach.example.org>', bounceDomain: 'bounces.example.org', dkim });
  assert.deepEqual([aligned.dkim?.aligned, aligned.spf.aligned, aligned.canPass], [true, true, true]);
  const spfOnly = mailAlignment({ mailFrom: 'news@example.org', bounceDomain: 'bounces.example.org', dkim: { ...dkim, domainName: 'esp.example.net' } });
  assert.deepEqual([spfOnly.dkim?.aligned, spfOnly.spf.aligned, spfOnly.canPass], [false, true, true]);
  const neither = mailAlignment({ mailFrom: 'news@example.org', bounceDomain: 'bounces.example.co.uk', dkim: null });
  assert.deepEqual([neither.dkim, neither.spf.aligned, neither.canPass], [null, false, false]);
  // co.uk is a public suffix: two registrants under it are two organisations.
  const sibling = mailAlignment({ mailFrom: 'a@one.co.uk', bounceDomain: 'bounces.two.co.uk', dkim: null });
  assert.equal(sibling.spf.aligned, false);
});

test('the configuration warns when DKIM_DOMAIN, MAIL_FROM and BOUNCE_DOMAIN cannot align', () => {
  assert.deepEqual(configWarnings(loadConfig({})), [], 'the defaults align (everything at the host of PUBLIC_URL)');
  const good = { PUBLIC_URL: 'https://outreach.example.org', MAIL_FROM: 'WSIS Outreach <news@example.org>', BOUNCE_DOMAIN: 'bounces.example.org' };
  const withKey = { DKIM_DOMAIN: 'example.org', DKIM_SELECTOR: 'plenary', DKIM_PRIVATE_KEY: key, SMTP_URL: 'smtp://relay.example.net:587' };
  assert.deepEqual(configWarnings(loadConfig({ ...good, ...withKey })), []);

  const dkimElsewhere = configWarnings(loadConfig({ ...good, ...withKey, DKIM_DOMAIN: 'example.net' }));
  assert.equal(dkimElsewhere.length, 1);
  assert.match(dkimElsewhere[0]!, /^DKIM_DOMAIN example\.net is not in the organisational domain of MAIL_FROM \(example\.org\)/);

  const bounceElsewhere = configWarnings(loadConfig({ ...good, BOUNCE_DOMAIN: 'bounces.example.co.uk' }));
  assert.equal(bounceElsewhere.length, 1);
  assert.match(bounceElsewhere[0]!, /^BOUNCE_DOMAIN bounces\.example\.co\.uk .*SPF will not align for DMARC, and nothing else does/);

  const noDkim = configWarnings(loadConfig({ ...good, SMTP_URL: 'smtp://relay.example.net:587' }));
  assert.equal(noDkim.length, 1);
  assert.match(noDkim[0]!, /^DKIM is not configured/);

  assert.match(configWarnings(loadConfig({ MAIL_FROM: 'Plenary outreach' }))[0]!, /^MAIL_FROM has no address/);
});
