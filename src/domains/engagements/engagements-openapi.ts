/**
 * The engagement operations of the OpenAPI document (`openapi.ts` includes them). Enumerations come from the
 * code, so they cannot drift; the API test checks the operations against the route table and sends the examples.
 */
import type { Json, JsonSchema, OpenApiOperation } from '../api/openapi.ts';
import { memberStatuses, stakeholderGroups } from '../members/member.table.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import { confidentialities, engagementKinds, engagementStatuses, submissionStatuses } from './engagement.table.ts';
import { maxNotesLength } from './engagement-input.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, example: Json) => ({ 'application/json': { schema, example } });
const date: JsonSchema = { type: 'string', format: 'date' };
const nullableDate: JsonSchema = { type: ['string', 'null'], format: 'date' };
const timestamp: JsonSchema = { type: 'string', format: 'date-time' };
const staffRef: JsonSchema = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'integer' }, name: { type: 'string' } } };
const responses = (codes: string[]) =>
  Object.fromEntries(
    codes.map((c) => [c, { $ref: `#/components/responses/${{ '400': 'InvalidInput', '401': 'Unauthorized', '403': 'Forbidden', '404': 'NotFound' }[c]}` }]),
  );

export const engagementApiTag = {
  name: 'engagements',
  description: 'What the team did outside (events, bilateral meetings, briefings, submissions), and a dossier per member state.',
};

const exampleInput = {
  kind: 'bilateral_meeting',
  title: 'Meeting with the Permanent Mission of Brazil',
  startDate: '2026-10-02',
  endDate: null,
  status: 'done',
  memberStates: ['BR'],
  confidentiality: 'internal',
  notes: 'The mission supports an Internet-friendly WSIS+20 outcome. **Follow up** with the fact sheet on IDNs.',
};
const exampleSummary = {
  id: 17,
  kind: 'bilateral_meeting',
  title: exampleInput.title,
  startDate: '2026-10-02',
  endDate: null,
  ongoing: false,
  place: 'Geneva',
  online: false,
  status: 'done',
  confidentiality: 'internal',
  restricted: false,
  memberStates: ['BR'],
  organisations: [],
  owner: { id: 3, name: 'Lena Fischer' },
  topics: ['Multistakeholder model of Internet governance'],
  submission: null,
  createdBy: 'api:crm',
  createdAt: '2026-10-02T16:10:00.000Z',
  updatedAt: '2026-10-02T16:10:00.000Z',
};
const exampleEngagement = {
  ...exampleSummary,
  notes: exampleInput.notes,
  members: [{ id: 1207, name: 'Ana Souza', memberState: 'BR', erased: false }],
  participants: [{ id: 5, name: 'Omar Haddad' }],
  followUps: [{ id: 40, action: 'Send the fact sheet on IDNs', owner: { id: 5, name: 'Omar Haddad' }, dueDate: '2026-10-16', done: false, doneAt: null }],
  links: [{ url: 'https://example.org/readout', label: 'Read-out' }],
};
const zeroStatuses = Object.fromEntries(memberStatuses.map((s) => [s, 0]));

const idParameter = {
  name: 'id',
  in: 'path' as const,
  required: true,
  description: 'The engagement’s id.',
  schema: { type: 'integer', minimum: 1 },
  example: 17,
};

/** The `paths` entries of the engagement operations. */
export function engagementApiPaths(): Record<string, { get?: OpenApiOperation; post?: OpenApiOperation; patch?: OpenApiOperation }> {
  return {
    '/engagements': {
      get: {
        operationId: 'listEngagements',
        summary: 'List engagements',
        description:
          'Newest start date first, filtered, keyset-paged. Rows carry counterparts and topics but never notes: read one engagement for its notes, follow-ups and links. An unknown member state is `unknown_member_state`.',
        tags: ['engagements'],
        'x-plenary-role': 'viewer',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            description: 'Engagements per page, 1 to 100 (default 20).',
            schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          },
          { $ref: '#/components/parameters/Before' },
          {
            name: 'memberState',
            in: 'query',
            description: 'Only engagements with this member state as a counterpart: its ISO 3166-1 alpha-2 code (or its name).',
            schema: { type: 'string' },
            example: 'BR',
          },
          { name: 'kind', in: 'query', description: 'Only engagements of this kind.', schema: { type: 'string', enum: [...engagementKinds] } },
          { name: 'status', in: 'query', description: 'Only engagements in this status.', schema: { type: 'string', enum: [...engagementStatuses] } },
          {
            name: 'confidentiality',
            in: 'query',
            description: 'Only engagements with this confidentiality.',
            schema: { type: 'string', enum: [...confidentialities] },
          },
        ],
        responses: {
          '200': { description: 'One page of engagements.', content: json(ref('EngagementList'), { data: [exampleSummary], next: '2026-10-02_17' }) },
          ...responses(['400', '401']),
        },
      },
      post: {
        operationId: 'createEngagement',
        summary: 'Record an engagement',
        description:
          'Records an engagement with the admin form’s rules: `endDate` on or after `startDate` (`engagement_date_range`), or null for one day; `ongoing: true` for one with no end yet; member states by code or name, UN Member and observer States only (`unknown_member_state`); organisations from the network’s list (`engagement_unknown_organisation`); every follow-up with an owner (`engagement_follow_up_without_owner`); a kind `submission` with its `submission`. A new topic name creates the topic. An unknown key is `invalid_input` naming it. A refused request stores nothing.',
        tags: ['engagements'],
        'x-plenary-role': 'editor',
        requestBody: { required: true, content: json(ref('EngagementInput'), exampleInput) },
        responses: {
          '201': {
            description: 'Recorded.',
            headers: { Location: { description: 'The URL of the new engagement.', schema: { type: 'string' } } },
            content: json({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }, { id: 17 }),
          },
          ...responses(['400', '401', '403']),
        },
      },
    },
    '/engagements/{id}': {
      get: {
        operationId: 'getEngagement',
        summary: 'Get an engagement',
        description:
          'The engagement with its counterparts, staff, topics, follow-ups, links and notes. Restricted notes (`restricted: true`) are there only for an editor token whose creator is the engagement’s staff owner or a participant; otherwise `notes` is absent. Each read of restricted notes is in the audit log.',
        tags: ['engagements'],
        'x-plenary-role': 'viewer',
        parameters: [idParameter],
        responses: { '200': { description: 'The engagement.', content: json(ref('Engagement'), exampleEngagement) }, ...responses(['400', '401', '404']) },
      },
      patch: {
        operationId: 'updateEngagement',
        summary: 'Update an engagement',
        description:
          'Changes the fields given; the others stay. The whole engagement is checked again with the same rules as when it was recorded. `{"restricted": true}` keeps its notes to its staff owner, its participants and owners. On a restricted engagement, a token that may not read the notes may change the rest, but not `notes`, `restricted`, `ownerStaffId` or `participantStaffIds` (`forbidden`). `followUps` replaces the list: give a follow-up’s `id` to keep it. A refused request changes nothing.',
        tags: ['engagements'],
        'x-plenary-role': 'editor',
        parameters: [idParameter],
        requestBody: { required: true, content: json({ ...ref('EngagementInput'), description: 'Any of the fields, at least one.' }, { restricted: true }) },
        responses: {
          '200': { description: 'The engagement as it now is.', content: json(ref('Engagement'), { ...exampleEngagement, restricted: true }) },
          ...responses(['400', '401', '403', '404']),
        },
      },
    },
    '/member-states/{code}/dossier': {
      get: {
        operationId: 'getMemberStateDossier',
        summary: 'A member state’s dossier',
        description:
          'Everything Plenary knows about one member state: its members by status and stakeholder group, the engagements with it as a counterpart (newest first, at most 200), their open follow-ups, and the last contact (the latest day of an engagement done or under way). Restricted notes are absent unless the token may read them, as for one engagement.',
        tags: ['engagements'],
        'x-plenary-role': 'viewer',
        parameters: [
          {
            name: 'code',
            in: 'path',
            required: true,
            description: 'ISO 3166-1 alpha-2 code of a UN Member State or observer State (any case).',
            schema: { type: 'string', pattern: '^[A-Za-z]{2}$' },
            example: 'BR',
          },
        ],
        responses: {
          '200': {
            description: 'The dossier.',
            content: json(ref('MemberStateDossier'), {
              memberState: 'BR',
              regionalGroup: 'latin_american_caribbean',
              members: {
                total: 12,
                byStatus: { ...zeroStatuses, subscribed: 11, pending: 1 },
                byStakeholderGroup: { government: 7, igo: 0, private_sector: 1, civil_society: 2, technical_community: 1, academia: 1, none: 0 },
                byStakeholderGroupAndStatus: { government: { ...zeroStatuses, subscribed: 7 } },
              },
              engagements: [exampleEngagement],
              openFollowUps: [
                {
                  id: 40,
                  engagementId: 17,
                  engagementTitle: exampleInput.title,
                  action: 'Send the fact sheet on IDNs',
                  owner: { id: 5, name: 'Omar Haddad' },
                  dueDate: '2026-10-16',
                },
              ],
              lastContact: '2026-10-02',
            }),
          },
          ...responses(['401', '404']),
        },
      },
    },
  };
}

const submissionProperties: Record<string, JsonSchema> = {
  externalBody: { type: 'string', minLength: 1, maxLength: 200, description: 'Whom it was submitted to (CSTD, UNGA co-facilitators).' },
  consultation: { type: 'string', maxLength: 300 },
  deadline: nullableDate,
  status: { type: 'string', enum: [...submissionStatuses], default: 'drafting' },
  resourceUrl: { type: ['string', 'null'], format: 'uri', description: 'The final text (http or https).' },
};

const summaryProperties: Record<string, JsonSchema> = {
  id: { type: 'integer' },
  kind: { type: 'string', enum: [...engagementKinds] },
  title: { type: 'string' },
  startDate: date,
  endDate: { ...nullableDate, description: 'Null: one day, or ongoing.' },
  ongoing: { type: 'boolean', description: 'Started, no end yet.' },
  place: { type: 'string' },
  online: { type: 'boolean' },
  status: { type: 'string', enum: [...engagementStatuses] },
  confidentiality: { type: 'string', enum: [...confidentialities], description: 'internal (staff only), board (may be shared with the Board), public.' },
  restricted: { type: 'boolean', description: 'Notes only for the staff owner, participants and owners.' },
  memberStates: { type: 'array', items: { type: 'string', pattern: '^[A-Z]{2}$' } },
  organisations: { type: 'array', items: { type: 'string' } },
  owner: { oneOf: [staffRef, { type: 'null' }], description: 'The staff owner.' },
  topics: { type: 'array', items: { type: 'string' } },
  submission: { oneOf: [{ type: 'object', properties: submissionProperties }, { type: 'null' }], description: 'For kind `submission` only.' },
  createdBy: { type: 'string' },
  createdAt: timestamp,
  updatedAt: timestamp,
};

/** The `components.schemas` entries the engagement operations use. */
export function engagementApiSchemas(): Record<string, JsonSchema> {
  return {
    EngagementInput: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'title', 'startDate'],
      properties: {
        kind: summaryProperties.kind!,
        title: { type: 'string', minLength: 1, maxLength: 300 },
        startDate: date,
        endDate: { ...nullableDate, description: 'On or after `startDate`; null (the default) for one day.' },
        ongoing: { type: 'boolean', default: false, description: 'Started and not yet ended: `endDate` must be null.' },
        place: { type: 'string', maxLength: 200 },
        online: { type: 'boolean', default: false },
        status: { type: 'string', enum: [...engagementStatuses], default: 'planned' },
        confidentiality: { type: 'string', enum: [...confidentialities], default: 'internal' },
        restricted: { type: 'boolean', default: false },
        notes: { type: 'string', maxLength: maxNotesLength, description: 'Outcome notes in Markdown (raw HTML is shown as text).' },
        memberStates: { type: 'array', items: { type: 'string' }, description: 'Codes or names of UN Member and observer States.', examples: [['BR', 'KE']] },
        organisations: { type: 'array', items: { type: 'string' }, description: 'Names from the network’s list of counterpart organisations.' },
        memberIds: { type: 'array', items: { type: 'integer' }, description: 'Members of the network the engagement was with.' },
        ownerStaffId: { type: ['integer', 'null'], description: 'The staff owner’s account id.' },
        participantStaffIds: { type: 'array', items: { type: 'integer' } },
        topics: { type: 'array', items: { type: 'string', maxLength: 200 }, description: 'Topic names; a new name creates the topic.' },
        followUps: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['action', 'ownerStaffId'],
            properties: {
              id: { type: 'integer', description: 'An existing follow-up to keep (PATCH).' },
              action: { type: 'string', minLength: 1, maxLength: 500 },
              ownerStaffId: { type: 'integer' },
              dueDate: nullableDate,
              done: { type: 'boolean' },
            },
          },
        },
        links: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['url'],
            properties: { url: { type: 'string', format: 'uri' }, label: { type: 'string', maxLength: 200 } },
          },
        },
        submission: {
          oneOf: [{ type: 'object', additionalProperties: false, required: ['externalBody'], properties: submissionProperties }, { type: 'null' }],
        },
      },
    },
    EngagementSummary: { type: 'object', required: Object.keys(summaryProperties), properties: summaryProperties },
    Engagement: {
      allOf: [
        ref('EngagementSummary'),
        {
          type: 'object',
          required: ['members', 'participants', 'followUps', 'links'],
          properties: {
            notes: { type: 'string', description: 'Absent when the notes are restricted and the token may not read them.' },
            members: {
              type: 'array',
              items: {
                type: 'object',
                properties: { id: { type: 'integer' }, name: { type: 'string' }, memberState: { type: ['string', 'null'] }, erased: { type: 'boolean' } },
              },
            },
            participants: { type: 'array', items: staffRef },
            followUps: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'integer' },
                  action: { type: 'string' },
                  owner: { oneOf: [staffRef, { type: 'null' }] },
                  dueDate: nullableDate,
                  done: { type: 'boolean' },
                  doneAt: { type: ['string', 'null'], format: 'date-time' },
                },
              },
            },
            links: { type: 'array', items: { type: 'object', properties: { url: { type: 'string' }, label: { type: 'string' } } } },
          },
        },
      ],
    },
    EngagementList: {
      type: 'object',
      required: ['data', 'next'],
      properties: {
        data: { type: 'array', items: ref('EngagementSummary') },
        next: { type: ['string', 'null'], description: 'Pass as `before` for the next page.' },
      },
    },
    MemberStateDossier: {
      type: 'object',
      required: ['memberState', 'regionalGroup', 'members', 'engagements', 'openFollowUps', 'lastContact', 'events', 'announcements'],
      properties: {
        memberState: { type: 'string', pattern: '^[A-Z]{2}$' },
        regionalGroup: { type: ['string', 'null'], enum: [...regionalGroups, null] },
        members: {
          type: 'object',
          description: 'Members from the member state (erased ones not counted), whatever their status.',
          properties: {
            total: { type: 'integer' },
            byStatus: { type: 'object', additionalProperties: { type: 'integer' }, propertyNames: { enum: [...memberStatuses] } },
            byStakeholderGroup: { type: 'object', additionalProperties: { type: 'integer' }, propertyNames: { enum: [...stakeholderGroups, 'none'] } },
            byStakeholderGroupAndStatus: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } } },
          },
        },
        engagements: { type: 'array', items: ref('Engagement') },
        openFollowUps: { type: 'array', items: { type: 'object' } },
        lastContact: { ...nullableDate, description: 'Null: no engagement done or under way yet.' },
        events: {
          type: 'array',
          description: 'The latest 20 events its people registered for (confirmed) or attended, the latest first.',
          items: {
            type: 'object',
            required: ['id', 'title', 'startsAt', 'status', 'registered', 'attended'],
            properties: {
              id: { type: 'integer' },
              title: { type: 'object', additionalProperties: { type: 'string' }, description: 'By locale.' },
              startsAt: { type: 'string', format: 'date-time' },
              status: { type: 'string' },
              registered: { type: 'integer', description: 'Confirmed registrations from the member state.' },
              attended: { type: 'integer', description: 'Registrants from the member state who attended.' },
            },
          },
        },
        announcements: {
          type: 'array',
          description: 'The latest 10 sent announcements, the latest first.',
          items: {
            type: 'object',
            required: ['id', 'subject', 'sentAt', 'deliveredToRegionalGroup'],
            properties: {
              id: { type: 'integer' },
              subject: { type: 'string' },
              sentAt: { type: ['string', 'null'], format: 'date-time' },
              deliveredToRegionalGroup: {
                type: ['integer', 'null'],
                description:
                  'Deliveries sent to members of the member state’s regional group (the summed reach, not per member state); null while the send is not summed yet or the member state is in no regional group.',
              },
            },
          },
        },
      },
    },
  };
}
