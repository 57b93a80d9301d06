import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { type Bounce, parseBounce } from './dsn-parser.ts';

// 563 real bounces of many mail systems from sisimai's public corpus, with the reason and hard/soft verdict
// sisimai's own tests publish for each (test/fixtures/bounces/sisimai/README.md says where from).
const corpus = path.resolve(import.meta.dirname, '../../../test/fixtures/bounces/sisimai');

interface Expected {
  status: string;
  reason: string;
  hard: boolean;
}

function expectations(): Map<string, Expected[]> {
  const byFile = new Map<string, Expected[]>();
  for (const line of fs.readFileSync(path.join(corpus, 'expected.tsv'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [file, status, , reason, hard] = line.split('\t');
    const list = byFile.get(file!) ?? [];
    list.push({ status: status!, reason: reason!, hard: hard === 'true' });
    byFile.set(file!, list);
  }
  return byFile;
}

// Sisimai's reasons that are about the sender, the message, the mailbox's state or its capacity: none of them
// may ever unsubscribe a member. "filtered" is left out: sisimai gives it to "550 User unknown" from filtering
// products and to refusals after DATA, which read as a missing address; it is counted apart.
const notAboutTheAddress = new Set([
  'rejected',
  'blocked',
  'authfailure',
  'requireptr',
  'securityerror',
  'norelaying',
  'badreputation',
  'policyviolation',
  'spamdetected',
  'virusdetected',
  'contenterror',
  'notcompliantrfc',
  'mesgtoobig',
  'exceedlimit',
  'speeding',
  'toomanyconn',
  'mailboxfull',
  'systemfull',
  'suspend',
]);

const lineEndings = /\r?\n/g;
const same = (a: Bounce | null, b: Bounce | null) => a?.kind === b?.kind && a?.category === b?.category && a?.statusCode === b?.statusCode;

test('hard and soft agree with sisimai on its public corpus; refusals of us are never hard; CR-only and CRLF read alike', async (t) => {
  const expected = expectations();
  assert.equal(expected.size, 563);
  let agreeing = 0;
  let filteredHard = 0;
  const unrecognised: string[] = [];
  const wronglyHard: string[] = [];
  const lineEndingMismatches: string[] = [];
  for (const [file, recipients] of expected) {
    const raw = fs.readFileSync(path.join(corpus, file));
    const bounce = await parseBounce(raw);
    // A VERP message has one recipient: the parser reads the first failed one, sisimai lists it first.
    const first = recipients[0]!;
    if (bounce === null) unrecognised.push(file);
    else if ((bounce.kind === 'hard') === first.hard) agreeing++;
    if (bounce?.kind === 'hard' && notAboutTheAddress.has(first.reason)) wronglyHard.push(`${file} (${first.reason}: ${bounce.diagnostic})`);
    if (bounce?.kind === 'hard' && first.reason === 'filtered') filteredHard++;

    const text = raw.toString('latin1');
    const crOnly = await parseBounce(Buffer.from(text.replace(lineEndings, '\r'), 'latin1'));
    const crlf = await parseBounce(Buffer.from(text.replace(lineEndings, '\r\n'), 'latin1'));
    if (!same(crOnly, bounce) || !same(crlf, bounce)) lineEndingMismatches.push(file);
  }
  const percent = ((100 * agreeing) / expected.size).toFixed(1);
  t.diagnostic(`bounce agreement: ${agreeing}/${expected.size} = ${percent} %`);
  t.diagnostic(`not recognised: ${unrecognised.length} (${unrecognised.join(', ')})`);
  t.diagnostic(`hard where sisimai says "filtered": ${filteredHard}`);
  t.diagnostic(`CR-only and CRLF copies read differently from LF: ${lineEndingMismatches.length}`);

  assert.ok(agreeing >= 508, `agreement ${agreeing}/${expected.size} fell below the floor of 508 (90.2 %)`);
  assert.deepEqual(wronglyHard, [], 'a refusal of the sender, the message or the mailbox state was classified hard');
  assert.ok(unrecognised.length <= 3, `not recognised: ${unrecognised.join(', ')}`);
  assert.deepEqual(lineEndingMismatches, []);
});

test('the CR-only copies in the corpus are read as bounces', async () => {
  // Old Mac mail systems end lines with CR alone: the same Postfix bounce, with each ending.
  const raw = fs.readFileSync(path.join(corpus, 'lhost-postfix-01.eml'), 'latin1');
  const crOnly = Buffer.from(raw.replace(lineEndings, '\r'), 'latin1');
  assert.ok(!crOnly.includes('\n'));
  const fromCr = await parseBounce(crOnly);
  assert.ok(fromCr, 'recognised');
  assert.equal(fromCr.statusCode, '5.1.1');
  assert.equal(fromCr.recipient, (await parseBounce(Buffer.from(raw, 'latin1')))?.recipient);
});
