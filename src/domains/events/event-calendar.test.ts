import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp, TestClient } from '../../../test/test-app.ts';
import { foldLine } from '../../views/icalendar-text.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createEvent } from './event.service.ts';
import { changeEvent, registerFromForm } from './event-registration.service.ts';

// Debian's python3-icalendar (.ci/run installs it) lives with the system's python3, which a pyenv shim may hide.
const python = process.env.PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** Python's icalendar (an independent RFC 5545 parser) reads each file; any property it could not parse fails the test. */
const reader = `
import json, sys, icalendar
out = []
for name in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(name, 'rb').read())
    errors = [e for c in cal.walk() for e in c.errors]
    events = [{'uid': str(e['UID']), 'sequence': int(e['SEQUENCE']), 'start': e['DTSTART'].dt.isoformat(), 'end': e['DTEND'].dt.isoformat(),
               'summary': str(e['SUMMARY']), 'status': str(e['STATUS']), 'attendee': str(e.get('ATTENDEE', ''))} for e in cal.walk('VEVENT')]
    out.append({'method': str(cal.get('METHOD', '')), 'errors': errors, 'events': events})
print(json.dumps(out))
`;

interface Parsed {
  method: string;
  errors: string[];
  events: { uid: string; sequence: number; start: string; end: string; summary: string; status: string; attendee: string }[];
}

function parseWithPython(files: string[]): Parsed[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-ics-'));
  try {
    const names = files.map((text, i) => {
      const name = path.join(dir, `${i}.ics`);
      fs.writeFileSync(name, text);
      return name;
    });
    return JSON.parse(execFileSync(python, ['-c', reader, ...names], { encoding: 'utf8' })) as Parsed[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('lines are folded at 75 octets without splitting a character', () => {
  const folded = foldLine(`SUMMARY:${'نقاش حول المسودة الأولى لوثيقة النتائج '.repeat(4)}`);
  for (const line of folded.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  assert.equal(folded.replace(/\r\n /g, ''), `SUMMARY:${'نقاش حول المسودة الأولى لوثيقة النتائج '.repeat(4)}`);
});

for (const dialect of dialects) {
  describe(`calendar files on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-12-01T09:00:00Z'));
    });
    after(() => t.close());

    test('the download, the feed and a registrant’s entry parse; moving the event updates it (same UID, SEQUENCE+1); cancelling sends CANCEL', async () => {
      const event = await createEvent(t.deps, cliActor, {
        kind: 'webinar',
        title: { ar: 'ندوة عبر الإنترنت بشأن المسودة الأولى؛ الجزء الأول, والثاني', zh: '关于零号草案的网络研讨会：成果文件' },
        description: { ar: 'نقاش حول **المسودة الأولى** لوثيقة النتائج.\nسطر ثانٍ.' },
        startsAt: '2027-01-14T14:00:00Z',
        endsAt: '2027-01-14T15:30:00Z',
        timeZone: 'Europe/Zurich',
        venue: 'Palais des Nations, Salle XVII; Genève',
        onlineUrl: 'https://meet.example.org/zero-draft',
        visibility: 'public',
        status: 'published',
      });
      const client = new TestClient(t.app);
      const download = await client.get(`/ar/events/${event.id}.ics`);
      assert.equal(download.statusCode, 200, download.body);
      assert.match(String(download.headers['content-type']), /^text\/calendar/);
      const feed = await client.get('/zh/events.ics');
      assert.equal(feed.statusCode, 200);
      const { registration } = await registerFromForm(t.deps, event.id, { email: 'reader@example.org', name: 'Layla Haddad', locale: 'ar' }, null);
      await t.runJobs();
      const mail = await simpleParser(
        (await t.deps.db.selectFrom('captured_mail').select('raw').where('envelope_to', '=', 'reader@example.org').executeTakeFirstOrThrow()).raw,
      );
      const calendarPath = /https?:\/\/[^/\s]+(\/ar\/events\/registration\/[^\s]+\/calendar\.ics)/.exec(mail.text ?? '')?.[1];
      assert.ok(calendarPath, 'the confirmation links the registrant’s calendar entry');
      const request = await client.get(calendarPath);
      assert.equal(request.statusCode, 200);

      await changeEvent(t.deps, cliActor, event.id, { startsAt: '2027-01-21T14:00:00Z', endsAt: '2027-01-21T15:30:00Z' });
      const moved = await client.get(calendarPath);
      await t.runJobs();
      const subjects = (
        await t.deps.db.selectFrom('captured_mail').select('subject').where('envelope_to', '=', 'reader@example.org').orderBy('id').execute()
      ).map((m) => m.subject);
      assert.equal(subjects.length, 2, 'the registrant is told of the move');
      await t.deps.db.updateTable('event_registrations').set({ status: 'cancelled' }).where('id', '=', registration.id).execute();
      const cancelled = await client.get(calendarPath);

      const [publicFile, feedFile, requestFile, movedFile, cancelFile] = parseWithPython([
        download.body,
        feed.body,
        request.body,
        moved.body,
        cancelled.body,
      ]) as Parsed[];
      for (const file of [publicFile, feedFile, requestFile, movedFile, cancelFile]) assert.deepEqual(file?.errors, []);
      const uid = `event-${event.id}@localhost`;
      assert.equal(publicFile?.method, 'PUBLISH');
      assert.deepEqual(
        publicFile?.events.map((e) => [e.uid, e.summary, e.start, e.end]),
        [[uid, 'ندوة عبر الإنترنت بشأن المسودة الأولى؛ الجزء الأول, والثاني', '2027-01-14T14:00:00+00:00', '2027-01-14T15:30:00+00:00']],
      );
      assert.ok(feedFile?.events.some((e) => e.uid === uid && e.summary === '关于零号草案的网络研讨会：成果文件'));
      assert.equal(requestFile?.method, 'REQUEST');
      assert.equal(requestFile?.events[0]?.sequence, 0);
      assert.match(requestFile?.events[0]?.attendee ?? '', /mailto:reader@example\.org/);
      assert.equal(movedFile?.method, 'REQUEST');
      assert.deepEqual([movedFile?.events[0]?.uid, movedFile?.events[0]?.sequence, movedFile?.events[0]?.start], [uid, 1, '2027-01-21T14:00:00+00:00']);
      assert.equal(cancelFile?.method, 'CANCEL');
      assert.equal(cancelFile?.events[0]?.uid, uid);
      assert.equal(cancelFile?.events[0]?.status, 'CANCELLED');
      assert.doesNotMatch(download.body, /meet\.example\.org/, 'the public file has no join link');
      assert.match(request.body.replace(/\r\n /g, ''), /meet\.example\.org\/zero-draft/, 'a confirmed registrant’s entry has it');
    });
  });
}
