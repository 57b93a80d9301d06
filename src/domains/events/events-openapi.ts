/**
 * The event operations of the OpenAPI document (`openapi.ts` includes them). Enumerations come from the code, so
 * they cannot drift; the API test checks the operations against the route table and sends the examples.
 */
import { locales } from '../../i18n/i18n.ts';
import type { HttpMethod, Json, JsonSchema, OpenApiOperation } from '../api/openapi.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import { eventKinds, eventStatuses, eventVisibilities, registrationStatuses } from './event.table.ts';
import { maxCapacity, maxDescriptionLength } from './event-input.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, example: Json) => ({ 'application/json': { schema, example } });
const instant: JsonSchema = { type: 'string', format: 'date-time' };
const nullableInstant: JsonSchema = { type: ['string', 'null'], format: 'date-time' };
const responses = (codes: string[]) =>
  Object.fromEntries(
    codes.map((c) => [c, { $ref: `#/components/responses/${{ '400': 'InvalidInput', '401': 'Unauthorized', '403': 'Forbidden', '404': 'NotFound' }[c]}` }]),
  );
const localized = (max: number): JsonSchema => ({
  type: 'object',
  description: 'Text per locale; a locale left out has none (readers then see the network’s default language).',
  properties: Object.fromEntries(locales.map((l) => [l, { type: 'string', maxLength: max }])),
  additionalProperties: false,
});

export const eventApiTag = {
  name: 'events',
  description: 'Webinars, briefings and meetings, and the registrations for them (places, waitlist, cancellations).',
};

export const exampleEventInput = {
  kind: 'webinar',
  title: { en: 'Webinar on the Zero Draft of the outcome document', ar: 'ندوة عبر الإنترنت بشأن المسودة الأولى للوثيقة الختامية' },
  startsAt: '2027-01-14T14:00:00Z',
  endsAt: '2027-01-14T15:30:00Z',
  timeZone: 'Europe/Zurich',
  capacity: 100,
  visibility: 'public',
  status: 'published',
};
const counts = { confirmed: 100, waitlisted: 12, pendingApproval: 0, cancelled: 4, attended: 0, noShow: 0 };
const exampleEvent = {
  id: 7,
  ...exampleEventInput,
  startsAt: '2027-01-14T14:00:00.000Z',
  endsAt: '2027-01-14T15:30:00.000Z',
  description: {},
  venue: '',
  onlineUrl: 'https://meet.example.org/zero-draft',
  registrationOpensAt: null,
  registrationClosesAt: null,
  interpretation: ['fr', 'es'],
  approval: false,
  sequence: 0,
  counts,
  createdBy: 'api:crm',
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
};
export const exampleRegistrationInput = { email: 'ana.souza@mission-br.example', name: 'Ana Souza', memberState: 'BR', locale: 'es' };
const exampleRegistration = {
  id: 1207,
  status: 'confirmed',
  name: 'Ana Souza',
  email: 'ana.souza@mission-br.example',
  memberId: 88,
  memberState: 'BR',
  regionalGroup: 'latin_american_caribbean',
  organisation: 'Permanent Mission of Brazil',
  locale: 'es',
  attended: null,
  attendedMinutes: null,
  placedAt: '2026-12-02T10:15:00.000Z',
};

const eventId = { name: 'id', in: 'path' as const, required: true, description: 'The event’s id.', schema: { type: 'integer', minimum: 1 }, example: 7 };
const registrationId = {
  name: 'registrationId',
  in: 'path' as const,
  required: true,
  description: 'The registration’s id.',
  schema: { type: 'integer', minimum: 1 },
  example: 1207,
};

const rules =
  'The admin form’s rules: a title in at least one language (`event_title_required`), an IANA time zone (`event_unknown_time_zone`), the end after the start (`event_time_range`), no negative capacity (`event_capacity_negative`), registration closing after it opens and opening before the end (`event_registration_window`). Instants take an offset (`Z` or `+01:00`) and are stored in UTC. An unknown key is `invalid_input` naming it. A refused request stores nothing.';

/** The `paths` entries of the event operations. */
export function eventApiPaths(): Record<string, Partial<Record<HttpMethod, OpenApiOperation>>> {
  return {
    '/events': {
      get: {
        operationId: 'listEvents',
        summary: 'List events',
        description: 'Upcoming events (not yet ended, soonest first) or past ones (latest first), with their counts.',
        tags: ['events'],
        'x-plenary-role': 'viewer',
        parameters: [
          { name: 'when', in: 'query', description: '`upcoming` (default) or `past`.', schema: { type: 'string', enum: ['upcoming', 'past'] } },
          { name: 'limit', in: 'query', description: 'Events, 1 to 200 (default 50).', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        ],
        responses: {
          '200': {
            description: 'The events.',
            content: json({ type: 'object', required: ['data'], properties: { data: { type: 'array', items: ref('Event') } } }, { data: [exampleEvent] }),
          },
          ...responses(['400', '401']),
        },
      },
      post: {
        operationId: 'createEvent',
        summary: 'Create an event',
        description: `${rules} A published event’s reminders are queued (a day and an hour before).`,
        tags: ['events'],
        'x-plenary-role': 'editor',
        requestBody: { required: true, content: json(ref('EventInput'), exampleEventInput) },
        responses: {
          '201': {
            description: 'Created.',
            headers: { Location: { description: 'The URL of the new event.', schema: { type: 'string' } } },
            content: json({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }, { id: 7 }),
          },
          ...responses(['400', '401', '403']),
        },
      },
    },
    '/events/{id}': {
      get: {
        operationId: 'getEvent',
        summary: 'Get an event',
        description:
          'The event with its counts: confirmed, waitlisted, pending approval, cancelled, attended, and no-shows (confirmed, known not to have come).',
        tags: ['events'],
        'x-plenary-role': 'viewer',
        parameters: [eventId],
        responses: { '200': { description: 'The event.', content: json(ref('Event'), exampleEvent) }, ...responses(['401', '404']) },
      },
      patch: {
        operationId: 'updateEvent',
        summary: 'Change an event',
        description: `Changes the fields given; the others stay. ${rules} Moving the start, end, venue or join link, or cancelling, raises \`sequence\` and tells every registrant (with the updated or cancelling calendar entry); a larger capacity promotes the first on the waitlist.`,
        tags: ['events'],
        'x-plenary-role': 'editor',
        parameters: [eventId],
        requestBody: { required: true, content: json(ref('EventInput'), { capacity: 120 }) },
        responses: {
          '200': { description: 'The event as it now is.', content: json(ref('Event'), { ...exampleEvent, capacity: 120 }) },
          ...responses(['400', '401', '403', '404']),
        },
      },
    },
    '/events/{id}/registrations': {
      get: {
        operationId: 'listRegistrations',
        summary: 'List an event’s registrations',
        description: 'In the order they were made, keyset-paged; `email` only for an editor token.',
        tags: ['events'],
        'x-plenary-role': 'viewer',
        parameters: [
          eventId,
          { name: 'status', in: 'query', description: 'Only registrations in this status.', schema: { type: 'string', enum: [...registrationStatuses] } },
          {
            name: 'limit',
            in: 'query',
            description: 'Registrations per page, 1 to 500 (default 100).',
            schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
          { $ref: '#/components/parameters/Before' },
        ],
        responses: {
          '200': {
            description: 'One page of registrations.',
            content: json(
              {
                type: 'object',
                required: ['data', 'next'],
                properties: { data: { type: 'array', items: ref('Registration') }, next: { type: ['string', 'null'] } },
              },
              { data: [exampleRegistration], next: null },
            ),
          },
          ...responses(['400', '401', '404']),
        },
      },
      post: {
        operationId: 'createRegistration',
        summary: 'Register someone for an event',
        description:
          'Staff register a person: a place, or a place on the waitlist when the event is full, at once (no address confirmation), whatever the visibility or registration window; the event must be published (`event_not_open`). Any valid address (Universal Acceptance: internationalised addresses too); the same address in any spelling answers 200 with the existing registration. The registrant is told by email, with their calendar entry.',
        tags: ['events'],
        'x-plenary-role': 'editor',
        parameters: [eventId],
        requestBody: { required: true, content: json(ref('RegistrationInput'), exampleRegistrationInput) },
        responses: {
          '201': { description: 'Registered.', content: json(ref('Registration'), exampleRegistration) },
          '200': { description: 'Registered already: the existing registration, unchanged.', content: json(ref('Registration'), exampleRegistration) },
          ...responses(['400', '401', '403', '404']),
        },
      },
    },
    '/events/{id}/registrations/{registrationId}/decision': {
      post: {
        operationId: 'decideRegistration',
        summary: 'Approve or decline a registration',
        description:
          'For an event with approval: a registration made from the public page or a member’s link waits as `pending_approval`. Approving places it (a place, or the waitlist when full, in the order of approval); declining cancels it for good (the same person asking again stays declined). The registrant is told by email in their language. One no longer waiting is `event_registration_decided` (409).',
        tags: ['events'],
        'x-plenary-role': 'editor',
        parameters: [eventId, registrationId],
        requestBody: {
          required: true,
          content: json(
            { type: 'object', required: ['decision'], properties: { decision: { type: 'string', enum: ['approve', 'decline'] } }, additionalProperties: false },
            { decision: 'approve' },
          ),
        },
        responses: {
          '200': { description: 'The registration as it now is.', content: json(ref('Registration'), exampleRegistration) },
          '409': { description: 'Decided already (`event_registration_decided`).' },
          ...responses(['400', '401', '403', '404']),
        },
      },
    },
    '/events/{id}/registrations/{registrationId}': {
      delete: {
        operationId: 'cancelRegistration',
        summary: 'Cancel a registration',
        description: 'Cancels it (again: nothing changes); the first on the waitlist gets the place and is told.',
        tags: ['events'],
        'x-plenary-role': 'editor',
        parameters: [eventId, registrationId],
        responses: { '204': { description: 'Cancelled.' }, ...responses(['401', '403', '404']) },
      },
    },
  };
}

/** The schemas the event operations name. */
export function eventApiSchemas(): Record<string, JsonSchema> {
  const fields: Record<string, JsonSchema> = {
    kind: { type: 'string', enum: [...eventKinds] },
    title: localized(300),
    description: { ...localized(maxDescriptionLength), description: 'Markdown per locale.' },
    startsAt: instant,
    endsAt: instant,
    timeZone: { type: 'string', description: 'The IANA time zone the event is planned in, e.g. `Europe/Zurich`.' },
    venue: { type: 'string', maxLength: 500 },
    onlineUrl: { type: 'string', description: 'An http(s) join link, or empty.' },
    capacity: { type: ['integer', 'null'], minimum: 0, maximum: maxCapacity, description: 'Places; null is unlimited.' },
    registrationOpensAt: nullableInstant,
    registrationClosesAt: nullableInstant,
    interpretation: { type: 'array', items: { type: 'string', enum: [...locales] } },
    status: { type: 'string', enum: [...eventStatuses] },
    visibility: { type: 'string', enum: [...eventVisibilities] },
    approval: {
      type: 'boolean',
      description: 'Moderated registration: registrations from the page or a member’s link wait for staff (`pending_approval`); staff registrations do not.',
    },
  };
  return {
    EventInput: { type: 'object', properties: fields, additionalProperties: false },
    Event: {
      type: 'object',
      required: ['id', ...Object.keys(fields), 'sequence', 'counts'],
      properties: {
        id: { type: 'integer' },
        ...fields,
        sequence: { type: 'integer', description: 'The calendar SEQUENCE: grows when the time or place moves, or on cancellation.' },
        counts: {
          type: 'object',
          required: ['confirmed', 'waitlisted', 'pendingApproval', 'cancelled', 'attended', 'noShow'],
          properties: Object.fromEntries(
            ['confirmed', 'waitlisted', 'pendingApproval', 'cancelled', 'attended', 'noShow'].map((k) => [k, { type: 'integer' }]),
          ),
        },
        createdBy: { type: 'string' },
        createdAt: instant,
        updatedAt: instant,
      },
    },
    RegistrationInput: {
      type: 'object',
      required: ['email', 'name'],
      properties: {
        email: { type: 'string' },
        name: { type: 'string', maxLength: 200 },
        memberState: { type: 'string', description: 'ISO 3166-1 alpha-2 code.' },
        organisation: { type: 'string', maxLength: 200 },
        locale: { type: 'string', enum: [...locales] },
        timeZone: { type: 'string', description: 'The registrant’s IANA time zone, for the times in their mail.' },
      },
      additionalProperties: false,
    },
    Registration: {
      type: 'object',
      required: ['id', 'status', 'name'],
      properties: {
        id: { type: 'integer' },
        status: { type: 'string', enum: [...registrationStatuses] },
        name: { type: 'string' },
        email: { type: 'string', description: 'Only for an editor token.' },
        memberId: { type: ['integer', 'null'] },
        memberState: { type: ['string', 'null'] },
        regionalGroup: { type: ['string', 'null'], enum: [...regionalGroups, null] },
        organisation: { type: 'string' },
        locale: { type: 'string' },
        attended: { type: ['boolean', 'null'] },
        attendedMinutes: { type: ['integer', 'null'], description: 'Minutes present, from an imported attendance report.' },
        placedAt: instant,
      },
    },
  };
}
