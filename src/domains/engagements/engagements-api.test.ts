import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../../../test/dialects.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { apiRoutes } from '../api/api.routes.ts';
import { createApiToken } from '../api/api-token.service.ts';
import { type OpenApiDocument, operationsOf } from '../api/openapi.ts';
import { cliActor } from '../audit/audit.service.ts';
import { createStaffAccount } from '../auth/auth.service.ts';
import { createEvent } from '../events/event.service.ts';
import { registerByStaff } from '../events/event-registration.service.ts';
import { addMember } from '../members/member.service.ts';

type Json = Record<string, any>;

function call(t: TestApp, method: 'GET' | 'POST' | 'PATCH', url: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

function assertError(response: LightMyRequestResponse, status: number, code: string): Json {
  assert.equal(response.statusCode, status, response.body);
  const body = response.json() as { error: { code: string; message: string } };
  assert.equal(body.error.code, code);
  return body.error;
}

// The issue's own example request.
const brazilMeeting = {
  kind: 'bilateral_meeting',
  title: 'Meeting with the Permanent Mission of Brazil',
  startDate: '2026-10-02',
  endDate: null,
  status: 'done',
  memberStates: ['BR'],
  confidentiality: 'internal',
  notes: 'The mission supports the multistakeholder model.',
};

for (const dialect of dialects) {
  describe(`engagements API on ${dialect}`, () => {
    let t: TestApp;
    let viewer: string;
    let editor: string;
    let participantToken: string;
    let participantViewerToken: string;
    let participantId: number;
    const count = async () =>
      Number(
        (
          await t.deps.db
            .selectFrom('engagements')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      t = await createTestApp(dialect);
      t.clock.set(new Date('2026-10-20T09:00:00Z'));
      viewer = (await createApiToken(t.deps, cliActor, { name: 'dashboard', role: 'viewer' })).token;
      editor = (await createApiToken(t.deps, cliActor, { name: 'crm', role: 'editor' })).token;
      const { account } = await createStaffAccount(t.deps, cliActor, { email: 'omar@example.org', name: 'Omar Haddad', role: 'editor' });
      participantId = account.id;
      const asOmar = { staffId: account.id, label: account.email };
      participantToken = (await createApiToken(t.deps, asOmar, { name: 'omar-laptop', role: 'editor' })).token;
      participantViewerToken = (await createApiToken(t.deps, asOmar, { name: 'omar-phone', role: 'viewer' })).token;
      for (const [i, group] of ['government', 'government', 'civil_society'].entries()) {
        await addMember(
          t.deps,
          cliActor,
          { email: `br${i}@example.org`, name: `Brazil ${i}`, memberState: 'BR', stakeholderGroup: group, language: 'en' },
          { status: 'subscribed', basis: 'test' },
        );
      }
    });
    after(() => t.close());

    test('POST /api/v1/engagements: an editor token records the issue’s example (201 {id}); a viewer token may not', async () => {
      const created = await call(t, 'POST', '/api/v1/engagements', editor, brazilMeeting);
      assert.equal(created.statusCode, 201, created.body);
      const { id } = created.json() as { id: number };
      assert.deepEqual(created.json(), { id });
      assert.equal(created.headers.location, `/api/v1/engagements/${id}`);
      assertError(await call(t, 'POST', '/api/v1/engagements', viewer, brazilMeeting), 403, 'forbidden');
      assertError(await call(t, 'POST', '/api/v1/engagements', null, brazilMeeting), 401, 'unauthorized');

      const read = await call(t, 'GET', `/api/v1/engagements/${id}`, viewer);
      assert.equal(read.statusCode, 200);
      const body = read.json() as Json;
      assert.equal(body.kind, 'bilateral_meeting');
      assert.equal(body.startDate, '2026-10-02');
      assert.equal(body.endDate, null);
      assert.deepEqual(body.memberStates, ['BR']);
      assert.equal(body.confidentiality, 'internal');
      assert.equal(body.restricted, false);
      assert.equal(body.notes, brazilMeeting.notes);
      assert.equal(body.createdBy, 'api:crm');
      assert.deepEqual(body.followUps, []);
      assertError(await call(t, 'GET', '/api/v1/engagements/999999', viewer), 404, 'not_found');
      assertError(await call(t, 'GET', '/api/v1/engagements/abc', viewer), 400, 'invalid_input');
    });

    test('bad input: clear, translated errors, and nothing is stored', async () => {
      const before = await count();
      const range = assertError(
        await call(t, 'POST', '/api/v1/engagements', editor, { ...brazilMeeting, endDate: '2026-09-30' }, { 'accept-language': 'fr' }),
        400,
        'engagement_date_range',
      );
      assert.match(range.message, /date de fin est antérieure/);
      const state = assertError(
        await call(t, 'POST', '/api/v1/engagements', editor, { ...brazilMeeting, memberStates: ['BR', 'XX'] }, { 'accept-language': 'es' }),
        400,
        'unknown_member_state',
      );
      assert.match(state.message, /«XX» no es un Estado Miembro/);
      const owner = assertError(
        await call(t, 'POST', '/api/v1/engagements', editor, { ...brazilMeeting, followUps: [{ action: 'Send the fact sheet' }] }, { 'accept-language': 'ru' }),
        400,
        'engagement_follow_up_without_owner',
      );
      assert.match(owner.message, /нет ответственного/);
      const unknownKey = assertError(await call(t, 'POST', '/api/v1/engagements', editor, { ...brazilMeeting, country: 'BR' }), 400, 'invalid_input');
      assert.match(unknownKey.message, /country/);
      assertError(await call(t, 'POST', '/api/v1/engagements', editor, { ...brazilMeeting, kind: 'dinner' }), 400, 'invalid_input');
      assertError(await call(t, 'POST', '/api/v1/engagements', editor, { ...brazilMeeting, notes: 'x'.repeat(50_001) }), 400, 'engagement_notes_too_long');
      assertError(await call(t, 'GET', '/api/v1/engagements?memberState=XX', viewer), 400, 'unknown_member_state');
      assertError(await call(t, 'GET', '/api/v1/engagements?before=17', viewer), 400, 'invalid_input');
      assert.equal(await count(), before);
    });

    test('GET /api/v1/engagements?memberState=BR: newest first, paged, each engagement once', async () => {
      for (let i = 1; i <= 5; i++) {
        const response = await call(t, 'POST', '/api/v1/engagements', editor, {
          kind: 'event_attended',
          title: `CSTD session ${i}`,
          startDate: `2026-0${i}-1${i % 2}`,
          memberStates: i % 2 ? ['BR', 'Kenya'] : ['KE'],
          topics: ['WSIS+20'],
        });
        assert.equal(response.statusCode, 201, response.body);
      }
      const seen: Json[] = [];
      let url = '/api/v1/engagements?memberState=br&limit=2';
      for (let pages = 0; pages < 10 && url; pages++) {
        const page = (await call(t, 'GET', url, viewer)).json() as { data: Json[]; next: string | null };
        seen.push(...page.data);
        url = page.next ? `/api/v1/engagements?memberState=BR&limit=2&before=${page.next}` : '';
      }
      assert.deepEqual(
        seen.map((e) => e.title),
        [brazilMeeting.title, 'CSTD session 5', 'CSTD session 3', 'CSTD session 1'],
      );
      assert.ok(seen.every((e) => e.memberStates.includes('BR')));
      assert.ok(
        seen.every((e) => !('notes' in e)),
        'a list never carries notes',
      );
      assert.deepEqual(seen[1]?.topics, ['WSIS+20']);
      const kenya = (await call(t, 'GET', '/api/v1/engagements?memberState=Kenia&kind=event_attended', viewer)).json() as { data: Json[] };
      assert.equal(kenya.data.length, 5, 'a name in any language');
    });

    test('PATCH {"restricted":true}: the notes are then only for the staff owner, participants and owners', async () => {
      const created = await call(t, 'POST', '/api/v1/engagements', editor, {
        ...brazilMeeting,
        title: 'Closed meeting with Brazil',
        startDate: '2026-10-06',
        participantStaffIds: [participantId],
      });
      const { id } = created.json() as { id: number };
      const patched = await call(t, 'PATCH', `/api/v1/engagements/${id}`, editor, { restricted: true });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal((patched.json() as Json).restricted, true);
      assert.ok(!('notes' in (patched.json() as Json)), 'the command-line token stands for no named staff member');

      const notesFor = async (token: string) => (await call(t, 'GET', `/api/v1/engagements/${id}`, token)).json() as Json;
      assert.ok(!('notes' in (await notesFor(viewer))));
      assert.ok(!('notes' in (await notesFor(participantViewerToken))), 'a viewer token, even of a participant');
      assert.equal((await notesFor(participantToken)).notes, brazilMeeting.notes);
      const reads = await t.deps.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'engagement.read_restricted')
        .where('subject', '=', `engagement:${id}`)
        .execute();
      assert.deepEqual(
        reads.map((r) => r.actor_label),
        ['api:omar-laptop'],
        'the audit log records who read it',
      );

      assertError(await call(t, 'PATCH', `/api/v1/engagements/${id}`, editor, { restricted: false }), 403, 'forbidden');
      assertError(await call(t, 'PATCH', `/api/v1/engagements/${id}`, editor, { notes: 'overwritten' }), 403, 'forbidden');
      assertError(await call(t, 'PATCH', `/api/v1/engagements/${id}`, viewer, { title: 'x' }), 403, 'forbidden');
      assertError(await call(t, 'PATCH', `/api/v1/engagements/${id}`, editor, {}), 400, 'invalid_input');
      assertError(await call(t, 'PATCH', `/api/v1/engagements/${id}`, editor, { endDate: '2026-10-01' }), 400, 'engagement_date_range');
      const retitled = await call(t, 'PATCH', `/api/v1/engagements/${id}`, editor, { title: 'Closed meeting with the mission of Brazil' });
      assert.equal((retitled.json() as Json).title, 'Closed meeting with the mission of Brazil');
      assert.equal((await notesFor(participantToken)).notes, brazilMeeting.notes, 'the other change left the notes alone');

      const dossier = (await call(t, 'GET', '/api/v1/member-states/BR/dossier', viewer)).json() as Json;
      const restricted = dossier.engagements.find((e: Json) => e.id === id);
      assert.equal(restricted.restricted, true);
      assert.ok(!('notes' in restricted), 'restricted notes are absent from the dossier for a viewer token');
      assert.ok(dossier.engagements.some((e: Json) => e.notes === brazilMeeting.notes && !e.restricted));
      const forParticipant = (await call(t, 'GET', '/api/v1/member-states/br/dossier', participantToken)).json() as Json;
      assert.equal(forParticipant.engagements.find((e: Json) => e.id === id).notes, brazilMeeting.notes);
    });

    test('GET /api/v1/member-states/{code}/dossier: members, engagements, open follow-ups and the last contact', async () => {
      const created = await call(t, 'POST', '/api/v1/engagements', editor, {
        kind: 'diplomat_briefing',
        title: 'Briefing for GRULAC diplomats',
        startDate: '2026-11-20',
        status: 'planned',
        memberStates: ['BR', 'MX'],
        followUps: [{ action: 'Send the invitation', ownerStaffId: participantId, dueDate: '2026-11-01' }],
      });
      assert.equal(created.statusCode, 201, created.body);
      const event = await createEvent(t.deps, cliActor, {
        kind: 'briefing',
        title: { en: 'Briefing on the Zero Draft', es: 'Sesión informativa sobre el borrador cero' },
        startsAt: '2026-11-14T14:00:00Z',
        endsAt: '2026-11-14T15:00:00Z',
        timeZone: 'America/Sao_Paulo',
        onlineUrl: 'https://meet.example.org/zero-draft',
        visibility: 'public',
        status: 'published',
      });
      await registerByStaff(t.deps, cliActor, event.id, { email: 'delegate@mission-br.example', name: 'Delegate', memberState: 'BR' });
      const response = await call(t, 'GET', '/api/v1/member-states/br/dossier', viewer);
      assert.equal(response.statusCode, 200);
      const dossier = response.json() as Json;
      assert.equal(dossier.memberState, 'BR');
      assert.equal(dossier.regionalGroup, 'latin_american_caribbean');
      assert.equal(dossier.members.total, 3);
      assert.equal(dossier.members.byStatus.subscribed, 3);
      assert.equal(dossier.members.byStakeholderGroup.government, 2);
      assert.equal(dossier.members.byStakeholderGroupAndStatus.civil_society.subscribed, 1);
      assert.equal(dossier.engagements[0].title, 'Briefing for GRULAC diplomats', 'newest first');
      assert.ok(dossier.engagements.every((e: Json) => e.memberStates.includes('BR')));
      assert.equal(dossier.lastContact, '2026-10-06', 'the last meeting done; the planned briefing is no contact yet');
      assert.deepEqual(
        dossier.openFollowUps.map((f: Json) => [f.action, f.owner.name, f.dueDate]),
        [['Send the invitation', 'Omar Haddad', '2026-11-01']],
      );
      assert.deepEqual(
        dossier.events.map((e: Json) => [e.title.es, e.registered, e.attended]),
        [['Sesión informativa sobre el borrador cero', 1, 0]],
        'the events its people registered for, titles by locale',
      );
      assert.deepEqual(dossier.announcements, [], 'no announcement sent yet');
      assertError(await call(t, 'GET', '/api/v1/member-states/XX/dossier', viewer), 404, 'not_found');
      assertError(await call(t, 'GET', '/api/v1/member-states/BR/dossier', null), 401, 'unauthorized');
      const empty = (await call(t, 'GET', '/api/v1/member-states/VA/dossier', viewer)).json() as Json;
      assert.deepEqual([empty.members.total, empty.engagements, empty.lastContact, empty.events], [0, [], null, []]);
    });

    test('the OpenAPI document has every engagement operation with its role, and its examples are accepted', async () => {
      const document = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body) as OpenApiDocument;
      const ops = operationsOf(document).map((op) => `${op.method.toUpperCase()} ${op.path} ${op.operation['x-plenary-role']}`);
      for (const op of [
        'POST /engagements editor',
        'GET /engagements viewer',
        'GET /engagements/{id} viewer',
        'PATCH /engagements/{id} editor',
        'GET /member-states/{code}/dossier viewer',
      ]) {
        assert.ok(ops.includes(op), op);
        const [method, path, role] = op.split(' ');
        assert.ok(apiRoutes(t.deps).some((r) => r.method === method && r.path.replace(/:(\w+)/g, '{$1}') === path && r.role === role));
      }
      const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
      for (const ref of refs) {
        let node: unknown = document;
        for (const part of ref.split('/')) node = (node as Record<string, unknown>)?.[part];
        assert.ok(node, ref);
      }
      const createExample = document.paths['/engagements']!.post!.requestBody!.content['application/json'].example;
      const created = await call(t, 'POST', '/api/v1/engagements', editor, createExample);
      assert.equal(created.statusCode, 201, created.body);
      const patchExample = document.paths['/engagements/{id}']!.patch!.requestBody!.content['application/json'].example;
      const patched = await call(t, 'PATCH', `/api/v1/engagements/${(created.json() as Json).id}`, editor, patchExample);
      assert.equal(patched.statusCode, 200, patched.body);
      const docs = (await t.app.inject({ method: 'GET', url: '/api/docs' })).body;
      assert.ok(docs.includes('GET /api/v1/member-states/{code}/dossier'));
      assert.ok(docs.includes("curl -sS -X PATCH '"));
    });
  });
}
