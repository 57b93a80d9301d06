/**
 * The OpenAPI 3.1 description of the API, written by hand so it reads as documentation. Enumerations
 * come from the code (statuses, groups, languages), so they cannot drift; `api.test.ts` checks that
 * every operation here is a route of `api.routes.ts` with the same role, and that the examples pass
 * the same validation as real requests. `/api/docs` is rendered from this object.
 */

import { locales } from '../../i18n/i18n.ts';
import { announcementStatuses } from '../announcements/announcement.table.ts';
import { discussionApiPaths, discussionApiSchemas, discussionApiTag } from '../discussion/discussion-openapi.ts';
import { engagementApiPaths, engagementApiSchemas, engagementApiTag } from '../engagements/engagements-openapi.ts';
import { registerApiPaths, registerApiSchemas, registerApiTag } from '../engagements/register-openapi.ts';
import { eventApiPaths, eventApiSchemas, eventApiTag } from '../events/events-openapi.ts';
import { memberStatuses, stakeholderGroups } from '../members/member.table.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import { analyticsApiPaths, analyticsApiSchemas, analyticsApiTag, evennessIndexDefinition } from '../reports/analytics-openapi.ts';
import { briefingApiTag } from '../reports/briefings-openapi.ts';
import { resourceApiPaths, resourceApiSchemas, resourceApiTag } from '../resources/resources-openapi.ts';
import type { ApiTokenRole } from './api-token.table.ts';

export const apiBasePath = '/api/v1';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchema = { [key: string]: Json };

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  description: string;
  schema: JsonSchema;
  example?: string | number;
}

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  /** By media type: JSON for most operations; files (a briefing's PDF, slides, annex) under their own type. */
  content?: Record<string, { schema: JsonSchema; example?: Json }>;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  /** The least API-token role that may call the operation (the route table enforces it). */
  'x-plenary-role': ApiTokenRole;
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required: boolean; description?: string; content: { 'application/json': { schema: JsonSchema; example: Json } } };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
}

/** The HTTP methods the API uses, in the order the documentation lists them. */
export const httpMethods = ['get', 'post', 'patch', 'delete'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; summary: string; description: string; license: { name: string; identifier: string } };
  servers: { url: string; description: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: {
    securitySchemes: Record<string, Json>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, OpenApiResponse>;
    schemas: Record<string, JsonSchema>;
  };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: JsonSchema): JsonSchema => ({ ...schema, type: [schema.type as string, 'null'] });
const timestamp: JsonSchema = { type: 'string', format: 'date-time' };
const json = (schema: JsonSchema, example: Json) => ({ 'application/json': { schema, example } });

const exampleCounts = { total: 451, queued: 120, sent: 325, deferred: 3, failed: 1, bounced: 2, cancelled: 0 };
const exampleProgress = {
  id: 42,
  status: 'sending',
  subject: 'The WSIS+20 zero draft is out',
  scheduledAt: null,
  startedAt: '2025-09-01T09:00:00.000Z',
  finishedAt: null,
  counts: exampleCounts,
};
const exampleInput = {
  subject: 'The WSIS+20 zero draft is out',
  markdown: 'Dear {{name}},\n\nThe co-facilitators have published the **zero draft**. Comments are due by 15 October.',
  defaultLocale: 'en',
  variants: {
    fr: { subject: "L'avant-projet du SMSI+20 est publié", markdown: 'Madame, Monsieur {{name}},\n\nLes cofacilitateurs ont publié **l’avant-projet**.' },
  },
  audience: { stakeholderGroup: 'government' },
};
const exampleAnnouncement = {
  ...exampleProgress,
  status: 'draft',
  startedAt: null,
  counts: { total: 0, queued: 0, sent: 0, deferred: 0, failed: 0, bounced: 0, cancelled: 0 },
  markdown: exampleInput.markdown,
  defaultLocale: 'en',
  variants: exampleInput.variants,
  audience: exampleInput.audience,
  createdBy: 'api:newsroom',
  createdAt: '2025-09-01T08:55:00.000Z',
  updatedAt: '2025-09-01T08:55:00.000Z',
};
const exampleMember = {
  id: 1207,
  email: 'amina.diallo@example.org',
  name: 'Amina Diallo',
  status: 'subscribed',
  memberState: 'SN',
  regionalGroup: 'african',
  stakeholderGroup: 'government',
  organisation: 'Permanent Mission of Senegal',
  title: 'First Counsellor',
  language: 'fr',
  source: 'hlgm-2024',
  joinedAt: '2024-07-02T14:21:09.000Z',
  erased: false,
};

const exampleMemberInput = {
  email: 'amina.diallo@example.org',
  name: 'Amina Diallo',
  memberState: 'SN',
  stakeholderGroup: 'government',
  organisation: 'Permanent Mission of Senegal',
  jobTitle: 'First Counsellor',
  language: 'fr',
  source: 'hlgm-2024',
};
const memberFieldProperties: Record<string, JsonSchema> = {
  email: { type: 'string', maxLength: 1000, description: 'Any valid address, internationalised ones included (用户@例子.广告).' },
  name: { type: 'string', minLength: 1, maxLength: 200 },
  memberState: {
    type: 'string',
    description:
      'ISO 3166-1 alpha-2 code (any case) of a UN Member State or observer State; another ISO code for a place outside the UN list, or ZZ for "Other / not listed"; empty: none.',
    examples: ['SN'],
  },
  stakeholderGroup: { type: 'string', enum: [...stakeholderGroups, ''], description: 'Empty: none.' },
  organisation: { type: 'string', maxLength: 200 },
  jobTitle: { type: 'string', maxLength: 200, description: 'Shown as `title` on the member.' },
  language: { type: 'string', enum: [...locales], description: 'The language mail goes to the member in.' },
  source: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$', description: 'Source tag (a QR code or link); empty: none.' },
};

const errorExample = (code: string, message: string) => ({ error: { code, message } });

/** The API's OpenAPI document; `publicUrl` is where this deployment answers. */
export function openApiDocument(publicUrl: string): OpenApiDocument {
  const announcementId = { $ref: '#/components/parameters/AnnouncementId' };
  const transition = (verb: 'pause' | 'resume' | 'cancel', summary: string, description: string): OpenApiOperation => ({
    operationId: `${verb}Announcement`,
    summary,
    description,
    tags: ['announcements'],
    'x-plenary-role': 'editor',
    parameters: [announcementId],
    responses: {
      '202': { description: 'Done; the announcement’s progress.', content: json(ref('AnnouncementProgress'), exampleProgress) },
      '401': { $ref: '#/components/responses/Unauthorized' },
      '403': { $ref: '#/components/responses/Forbidden' },
      '404': { $ref: '#/components/responses/NotFound' },
      '409': { $ref: '#/components/responses/Locked' },
    },
  });

  return {
    openapi: '3.1.0',
    info: {
      title: 'Plenary API',
      version: '1',
      summary:
        'Create and send announcements, follow their delivery, read members and the network’s picture, record engagements and read member-state dossiers.',
      description:
        'Every request carries an API token: `Authorization: Bearer plen_…`. An owner creates tokens in the admin area (API tokens) or with `plenary token create --name NAME --role viewer|editor`. A viewer token reads announcements, the network’s picture and members without their addresses; an editor token also reads addresses, creates and sends. A token made in the admin area never does more than its creator’s current staff role allows, checked at every request: a creator demoted to viewer makes it a viewer token, and a removed creator ends it (`unauthorized`). A token made with `plenary token` belongs to the operator and keeps its role. Errors are JSON `{"error":{"code","message"}}`; `code` is stable, `message` is for people (in the language of `Accept-Language`). Lists are keyset-paged: pass `next` back as `before` until it is `null`.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: `${publicUrl}${apiBasePath}`, description: 'This Plenary' }],
    security: [{ bearerToken: [] }],
    tags: [
      { name: 'announcements', description: 'Messages from staff to members, and their delivery.' },
      { name: 'members', description: 'People in the network, with their consent and status.' },
      { name: 'stats', description: 'The network’s picture: who the subscribed members are and where they come from.' },
      engagementApiTag,
      eventApiTag,
      registerApiTag,
      analyticsApiTag,
      briefingApiTag,
      discussionApiTag,
      resourceApiTag,
    ],
    paths: {
      '/announcements': {
        get: {
          operationId: 'listAnnouncements',
          summary: 'List announcements',
          description: 'Newest first, keyset-paged.',
          tags: ['announcements'],
          'x-plenary-role': 'viewer',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              description: 'Announcements per page, 1 to 100 (default 20).',
              schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            },
            { $ref: '#/components/parameters/Before' },
            {
              name: 'status',
              in: 'query',
              description: 'Only announcements in this status.',
              schema: { type: 'string', enum: [...announcementStatuses] },
              example: 'sent',
            },
          ],
          responses: {
            '200': {
              description: 'One page of announcements.',
              content: json(ref('AnnouncementList'), {
                data: [
                  {
                    id: 42,
                    status: 'sent',
                    subject: 'The WSIS+20 zero draft is out',
                    scheduledAt: null,
                    startedAt: '2025-09-01T09:00:00.000Z',
                    finishedAt: '2025-09-01T09:04:12.000Z',
                    total: 451,
                    createdAt: '2025-09-01T08:55:00.000Z',
                  },
                ],
                next: '42',
              }),
            },
            '400': { $ref: '#/components/responses/InvalidInput' },
            '401': { $ref: '#/components/responses/Unauthorized' },
          },
        },
        post: {
          operationId: 'createAnnouncement',
          summary: 'Create an announcement',
          description:
            'Creates a draft. `markdown` may use `{{name}}`. `variants` gives the subject and text in other languages: each member receives their language’s variant, or the default. `audience` narrows the recipients with member filters; without it, every subscribed member receives it.',
          tags: ['announcements'],
          'x-plenary-role': 'editor',
          requestBody: { required: true, content: json(ref('AnnouncementInput'), exampleInput) },
          responses: {
            '201': {
              description: 'Created, as a draft.',
              headers: { Location: { description: 'The URL of the new announcement.', schema: { type: 'string' } } },
              content: json(ref('Announcement'), exampleAnnouncement),
            },
            '400': { $ref: '#/components/responses/InvalidInput' },
            '401': { $ref: '#/components/responses/Unauthorized' },
            '403': { $ref: '#/components/responses/Forbidden' },
          },
        },
      },
      '/announcements/{id}': {
        get: {
          operationId: 'getAnnouncement',
          summary: 'Get an announcement and its progress',
          description: 'Its text, its status, and how many deliveries are in each state. Poll it to follow a send.',
          tags: ['announcements'],
          'x-plenary-role': 'viewer',
          parameters: [announcementId],
          responses: {
            '200': { description: 'The announcement.', content: json(ref('Announcement'), { ...exampleAnnouncement, ...exampleProgress }) },
            '401': { $ref: '#/components/responses/Unauthorized' },
            '404': { $ref: '#/components/responses/NotFound' },
          },
        },
      },
      '/announcements/{id}/send': {
        post: {
          operationId: 'sendAnnouncement',
          summary: 'Send or schedule an announcement',
          description:
            'Sends a draft (or a scheduled announcement) now, or at `at` when it is in the future. The answer comes at once; sending runs in the background, so poll the announcement for its progress. The body is optional.',
          tags: ['announcements'],
          'x-plenary-role': 'editor',
          parameters: [announcementId],
          requestBody: { required: false, content: json(ref('SendInput'), { at: '2025-09-02T07:00:00Z' }) },
          responses: {
            '202': {
              description: 'Accepted: status `sending`, or `scheduled` with `scheduledAt`.',
              content: json(ref('AnnouncementProgress'), { ...exampleProgress, status: 'scheduled', scheduledAt: '2025-09-02T07:00:00.000Z', startedAt: null }),
            },
            '400': { $ref: '#/components/responses/InvalidInput' },
            '401': { $ref: '#/components/responses/Unauthorized' },
            '403': { $ref: '#/components/responses/Forbidden' },
            '404': { $ref: '#/components/responses/NotFound' },
            '409': { $ref: '#/components/responses/Locked' },
          },
        },
      },
      '/announcements/{id}/pause': {
        post: transition('pause', 'Pause a send', 'Senders stop after their current batch; deliveries already sent stay sent.'),
      },
      '/announcements/{id}/resume': {
        post: transition('resume', 'Resume a paused send', 'Sending continues where it stopped; nobody receives it twice.'),
      },
      '/announcements/{id}/cancel': {
        post: transition('cancel', 'Cancel an announcement', 'Cancels a scheduled, sending or paused announcement; deliveries not yet sent are cancelled.'),
      },
      '/members': {
        get: {
          operationId: 'listMembers',
          summary: 'List members',
          description:
            'Newest first, filtered, keyset-paged. `total` counts every member matching the filters. An erased member appears as an empty tombstone (`erased: true`). `email` is there for editor tokens only: addresses in bulk are the export, which needs an editor in the admin area too.',
          tags: ['members'],
          'x-plenary-role': 'viewer',
          parameters: [
            {
              name: 'limit',
              in: 'query',
              description: 'Members per page, 1 to 500 (default 100).',
              schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
              example: 100,
            },
            { $ref: '#/components/parameters/Before' },
            {
              name: 'status',
              in: 'query',
              description: 'Only members with this status.',
              schema: { type: 'string', enum: [...memberStatuses] },
              example: 'subscribed',
            },
            {
              name: 'memberState',
              in: 'query',
              description: 'ISO 3166-1 alpha-2 code of the member state (ZZ: "Other / not listed").',
              schema: { type: 'string', pattern: '^[A-Z]{2}$' },
            },
            {
              name: 'regionalGroup',
              in: 'query',
              description: 'UN regional group.',
              schema: { type: 'string', enum: [...regionalGroups] },
              example: 'african',
            },
            { name: 'stakeholderGroup', in: 'query', description: 'Stakeholder group.', schema: { type: 'string', enum: [...stakeholderGroups] } },
            { name: 'language', in: 'query', description: 'Preferred language.', schema: { type: 'string', enum: [...locales] } },
            { name: 'source', in: 'query', description: 'Source tag the member came from (a QR code or link).', schema: { type: 'string' } },
            {
              name: 'q',
              in: 'query',
              description:
                'Text found in the name, email address or organisation, in any script. Editor tokens only (it matches addresses): a viewer token gets `forbidden`.',
              schema: { type: 'string', maxLength: 200 },
            },
          ],
          responses: {
            '200': { description: 'One page of members.', content: json(ref('MemberList'), { data: [exampleMember], next: '1207', total: 118 }) },
            '400': { $ref: '#/components/responses/InvalidInput' },
            '401': { $ref: '#/components/responses/Unauthorized' },
            '403': { $ref: '#/components/responses/Forbidden' },
          },
        },
        post: {
          operationId: 'createMember',
          summary: 'Add a member',
          description:
            'Adds a member as staff do in the admin area, with the same validation. Without `status`, or with `pending`, the member is sent a confirmation email and receives nothing else until they confirm. `subscribed` needs `basis`: the lawful basis you have for mailing them (recorded as their consent, and in the audit log). An address already in the network, in any spelling of it, is `member_exists`.',
          tags: ['members'],
          'x-plenary-role': 'editor',
          requestBody: { required: true, content: json(ref('MemberInput'), exampleMemberInput) },
          responses: {
            '201': {
              description: 'Added.',
              headers: { Location: { description: 'The URL of the new member.', schema: { type: 'string' } } },
              content: json(ref('Member'), { ...exampleMember, status: 'pending', joinedAt: '2025-09-01T08:55:00.000Z' }),
            },
            '400': { $ref: '#/components/responses/InvalidInput' },
            '401': { $ref: '#/components/responses/Unauthorized' },
            '403': { $ref: '#/components/responses/Forbidden' },
            '409': { $ref: '#/components/responses/MemberExists' },
          },
        },
      },
      '/members/{id}': {
        get: {
          operationId: 'getMember',
          summary: 'Get a member',
          description: 'One member, with the same fields as the list (`email` for editor tokens only).',
          tags: ['members'],
          'x-plenary-role': 'viewer',
          parameters: [{ name: 'id', in: 'path', required: true, description: 'The member’s id.', schema: { type: 'integer', minimum: 1 }, example: 1207 }],
          responses: {
            '200': { description: 'The member.', content: json(ref('Member'), exampleMember) },
            '401': { $ref: '#/components/responses/Unauthorized' },
            '404': { $ref: '#/components/responses/NotFound' },
          },
        },
        patch: {
          operationId: 'updateMember',
          summary: 'Update a member',
          description:
            'Changes the fields given; the others stay as they are (an empty string clears an optional field). The rules are the edit form’s: a new address must be free, and a member who is mailed (subscribed, pending, bounced) becomes `pending` until they confirm the new address from the email sent there. `status` applies a status change as the member page does: `unsubscribed` or `removed` at once; `subscribed` again only with `basis` (your lawful basis) or `reconfirm: true` (the member is asked by email and stays as they are until they confirm). A request that is refused changes nothing. An erased member is `not_found`.',
          tags: ['members'],
          'x-plenary-role': 'editor',
          parameters: [{ name: 'id', in: 'path', required: true, description: 'The member’s id.', schema: { type: 'integer', minimum: 1 }, example: 1207 }],
          requestBody: {
            required: true,
            content: json(ref('MemberUpdate'), { organisation: 'Ministry of Communication and Digital Economy', jobTitle: 'Director' }),
          },
          responses: {
            '200': { description: 'The member as it is now.', content: json(ref('Member'), exampleMember) },
            '400': { $ref: '#/components/responses/InvalidInput' },
            '401': { $ref: '#/components/responses/Unauthorized' },
            '403': { $ref: '#/components/responses/Forbidden' },
            '404': { $ref: '#/components/responses/NotFound' },
            '409': { $ref: '#/components/responses/MemberExists' },
          },
        },
      },
      '/stats': {
        get: {
          operationId: 'getStats',
          summary: 'The network’s picture',
          description:
            'Subscribed members only: how many, from how many UN Member States, by regional group, stakeholder group, language, source and member state, with shares, the evenness across the five regional groups (1 is perfectly even) and 12 months of growth.',
          tags: ['stats'],
          'x-plenary-role': 'viewer',
          responses: {
            '200': {
              description: 'The picture now.',
              content: json(ref('Stats'), {
                members: 451,
                memberStates: 78,
                byRegionalGroup: { african: 92, asia_pacific: 90, eastern_european: 88, latin_american_caribbean: 89, western_european_others: 87 },
                outsideRegionalGroups: 5,
                byStakeholderGroup: { government: 301, igo: 40, private_sector: 22, civil_society: 51, technical_community: 25, academia: 12 },
                byLanguage: { ar: 31, zh: 18, en: 240, fr: 92, ru: 20, es: 50 },
                bySource: { 'hlgm-2024': 210, none: 241 },
                byMemberState: { SN: 12, FR: 11 },
                shares: {
                  byRegionalGroup: {
                    african: 0.2063,
                    asia_pacific: 0.2018,
                    eastern_european: 0.1973,
                    latin_american_caribbean: 0.1996,
                    western_european_others: 0.1951,
                  },
                  byStakeholderGroup: { government: 0.6674 },
                  byLanguage: { en: 0.5322 },
                  bySource: { 'hlgm-2024': 0.4656, none: 0.5344 },
                },
                evenness: 1,
                underRepresented: [],
                evennessIndex: 0.953,
                growth: [{ month: '2025-09', joined: 14, total: 451 }],
              }),
            },
            '401': { $ref: '#/components/responses/Unauthorized' },
          },
        },
      },
      ...engagementApiPaths(),
      ...eventApiPaths(),
      ...registerApiPaths(),
      ...analyticsApiPaths(),
      ...discussionApiPaths(),
      ...resourceApiPaths(),
    },
    components: {
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'plen_ followed by 43 base64url characters',
          description: 'An API token. Owners create and revoke them in the admin area (API tokens) or with `plenary token`.',
        },
      },
      parameters: {
        AnnouncementId: { name: 'id', in: 'path', required: true, description: 'The announcement’s id.', schema: { type: 'integer', minimum: 1 }, example: 42 },
        Before: {
          name: 'before',
          in: 'query',
          description: 'The `next` cursor of the previous page; omit it for the first page.',
          schema: { type: 'string' },
        },
      },
      responses: {
        InvalidInput: {
          description: 'The request is not valid (`invalid_input`, naming the first bad field; a malformed JSON body names `body`).',
          content: json(ref('Error'), errorExample('invalid_input', 'Some of the information sent is missing or not valid (subject).')),
        },
        Unauthorized: {
          description: 'No token, or one that is malformed, unknown or revoked, or whose creator’s staff account is gone (`unauthorized`).',
          headers: { 'WWW-Authenticate': { description: '`Bearer realm="plenary"`', schema: { type: 'string' } } },
          content: json(ref('Error'), errorExample('unauthorized', 'A valid API token is required: send it as “Authorization: Bearer …”.')),
        },
        Forbidden: {
          description:
            'The role the token acts with does not allow this (`forbidden`): a viewer token — or one whose creator is now a viewer — cannot create, send or search by address.',
          content: json(ref('Error'), errorExample('forbidden', 'Your staff role does not allow this. Ask an owner if you need access.')),
        },
        NotFound: {
          description: 'No such announcement, member, engagement, member state or register item (`not_found`).',
          content: json(ref('Error'), errorExample('not_found', 'We could not find this page. Check the address, or start again from the home page.')),
        },
        MemberExists: {
          description: 'Another member of the network has this address, in this or another spelling (`member_exists`).',
          content: json(ref('Error'), errorExample('member_exists', 'A member with this email address already exists.')),
        },
        Locked: {
          description: 'The announcement is not in a status that allows this (`announcement_locked`), e.g. sending one already sent.',
          content: json(ref('Error'), errorExample('announcement_locked', 'This announcement has already been sent or cancelled, or is being sent.')),
        },
      },
      schemas: {
        ...engagementApiSchemas(),
        ...eventApiSchemas(),
        ...registerApiSchemas(),
        ...analyticsApiSchemas(),
        ...discussionApiSchemas(),
        ...resourceApiSchemas(),
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  type: 'string',
                  description: 'Stable; test against it.',
                  examples: ['unauthorized', 'forbidden', 'not_found', 'invalid_input', 'announcement_locked'],
                },
                message: { type: 'string', description: 'For people, in the language of `Accept-Language`.' },
              },
            },
          },
        },
        DeliveryCounts: {
          type: 'object',
          description: 'Deliveries (one per recipient) by state. `queued` includes those being sent.',
          required: ['total', 'queued', 'sent', 'deferred', 'failed', 'bounced', 'cancelled'],
          properties: Object.fromEntries(
            ['total', 'queued', 'sent', 'deferred', 'failed', 'bounced', 'cancelled'].map((k) => [k, { type: 'integer', minimum: 0 }]),
          ),
        },
        AnnouncementProgress: {
          type: 'object',
          required: ['id', 'status', 'subject', 'scheduledAt', 'startedAt', 'finishedAt', 'counts'],
          properties: {
            id: { type: 'integer' },
            status: { type: 'string', enum: [...announcementStatuses] },
            subject: { type: 'string' },
            scheduledAt: nullable(timestamp),
            startedAt: nullable(timestamp),
            finishedAt: nullable(timestamp),
            counts: ref('DeliveryCounts'),
          },
        },
        Announcement: {
          allOf: [
            ref('AnnouncementProgress'),
            {
              type: 'object',
              required: ['markdown', 'defaultLocale', 'variants', 'audience', 'createdBy', 'createdAt', 'updatedAt'],
              properties: {
                markdown: { type: 'string' },
                defaultLocale: { type: 'string', enum: [...locales] },
                variants: ref('Variants'),
                audience: { oneOf: [ref('MemberFilters'), { type: 'null' }] },
                createdBy: { type: 'string', description: 'A staff email address, `cli`, or `api:<token name>`.' },
                createdAt: timestamp,
                updatedAt: timestamp,
              },
            },
          ],
        },
        AnnouncementInput: {
          type: 'object',
          required: ['subject', 'markdown'],
          properties: {
            subject: { type: 'string', minLength: 1, maxLength: 300 },
            markdown: { type: 'string', minLength: 1, maxLength: 100_000, description: 'Markdown; `{{name}}` becomes the member’s name. Raw HTML is escaped.' },
            defaultLocale: { type: 'string', enum: [...locales], default: 'en', description: 'The language of `subject` and `markdown`.' },
            variants: ref('Variants'),
            audience: {
              oneOf: [ref('MemberFilters'), { type: 'null' }],
              description: 'Who receives it, among subscribed members; null or absent: all of them.',
            },
          },
        },
        Variants: {
          type: 'object',
          description: 'The subject and text in other languages, by language code.',
          propertyNames: { enum: [...locales] },
          additionalProperties: {
            type: 'object',
            required: ['subject', 'markdown'],
            properties: { subject: { type: 'string', minLength: 1, maxLength: 300 }, markdown: { type: 'string', minLength: 1, maxLength: 100_000 } },
          },
        },
        MemberFilters: {
          type: 'object',
          description: 'Member filters; all given ones must match.',
          properties: {
            memberState: { type: 'string', pattern: '^[A-Z]{2}$' },
            regionalGroup: { type: 'string', enum: [...regionalGroups] },
            stakeholderGroup: { type: 'string', enum: [...stakeholderGroups] },
            language: { type: 'string', enum: [...locales] },
            source: { type: 'string' },
            q: { type: 'string', maxLength: 200 },
          },
        },
        SendInput: {
          type: 'object',
          properties: { at: { ...timestamp, description: 'When to send (with a time zone offset). Absent or past: now.' } },
        },
        AnnouncementSummary: {
          type: 'object',
          required: ['id', 'status', 'subject', 'scheduledAt', 'startedAt', 'finishedAt', 'total', 'createdAt'],
          properties: {
            id: { type: 'integer' },
            status: { type: 'string', enum: [...announcementStatuses] },
            subject: { type: 'string' },
            scheduledAt: nullable(timestamp),
            startedAt: nullable(timestamp),
            finishedAt: nullable(timestamp),
            total: { type: 'integer', description: 'Recipients, once the send has started.' },
            createdAt: timestamp,
          },
        },
        AnnouncementList: {
          type: 'object',
          required: ['data', 'next'],
          properties: {
            data: { type: 'array', items: ref('AnnouncementSummary') },
            next: { type: ['string', 'null'], description: 'Pass as `before` for the next page.' },
          },
        },
        Member: {
          type: 'object',
          required: ['id', 'name', 'status', 'language', 'joinedAt', 'erased'],
          properties: {
            id: { type: 'integer' },
            email: {
              type: 'string',
              description: 'As the member wrote it (internationalised addresses in Unicode). Editor tokens only; absent for a viewer token.',
            },
            name: { type: 'string' },
            status: { type: 'string', enum: [...memberStatuses] },
            memberState: { type: ['string', 'null'], description: 'ISO 3166-1 alpha-2.' },
            regionalGroup: { type: ['string', 'null'], enum: [...regionalGroups, null] },
            stakeholderGroup: { type: ['string', 'null'], enum: [...stakeholderGroups, null] },
            organisation: { type: 'string' },
            title: { type: 'string' },
            language: { type: 'string', enum: [...locales] },
            source: { type: ['string', 'null'] },
            joinedAt: { ...timestamp, description: 'When consent was recorded, or when the member was added if not yet.' },
            erased: { type: 'boolean', description: 'True for an erased member: the personal fields are empty.' },
          },
        },
        MemberInput: {
          type: 'object',
          additionalProperties: false,
          required: ['email', 'name', 'language'],
          properties: {
            ...memberFieldProperties,
            status: { type: 'string', enum: ['pending', 'subscribed'], default: 'pending', description: '`subscribed` needs `basis`.' },
            basis: { type: 'string', maxLength: 500, description: 'The lawful basis for mailing the member without their confirmation.' },
          },
        },
        MemberUpdate: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            ...memberFieldProperties,
            status: { type: 'string', enum: ['subscribed', 'unsubscribed', 'removed'] },
            basis: { type: 'string', maxLength: 500, description: 'With `status: subscribed`: the lawful basis for mailing the member again.' },
            reconfirm: { type: 'boolean', description: 'With `status: subscribed` and no basis: ask the member to confirm by email.' },
          },
        },
        MemberList: {
          type: 'object',
          required: ['data', 'next', 'total'],
          properties: {
            data: { type: 'array', items: ref('Member') },
            next: { type: ['string', 'null'], description: 'Pass as `before` for the next page.' },
            total: { type: 'integer', description: 'Members matching the filters, on all pages.' },
          },
        },
        Stats: {
          type: 'object',
          required: [
            'members',
            'memberStates',
            'byRegionalGroup',
            'outsideRegionalGroups',
            'byStakeholderGroup',
            'byLanguage',
            'bySource',
            'byMemberState',
            'shares',
            'evenness',
            'underRepresented',
            'evennessIndex',
            'growth',
          ],
          properties: {
            members: { type: 'integer', description: 'Subscribed members.' },
            memberStates: { type: 'integer', description: 'Distinct UN Member States among them.' },
            byRegionalGroup: { type: 'object', additionalProperties: { type: 'integer' }, propertyNames: { enum: [...regionalGroups] } },
            outsideRegionalGroups: { type: 'integer', description: 'No member state, an observer state or a territory.' },
            byStakeholderGroup: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Members who did not say are under `none`.' },
            byLanguage: { type: 'object', additionalProperties: { type: 'integer' } },
            bySource: { type: 'object', additionalProperties: { type: 'integer' }, description: 'Largest first; no source under `none`.' },
            byMemberState: { type: 'object', additionalProperties: { type: 'integer' }, description: 'ISO alpha-2 → members, largest first.' },
            shares: {
              type: 'object',
              description: 'Shares 0..1; regional groups of the members in a group, the others of all members.',
              additionalProperties: { type: 'object', additionalProperties: { type: 'number' } },
            },
            evenness: { type: 'number', minimum: 0, maximum: 1, description: 'Evenness across the five regional groups: 1 is perfectly even.' },
            underRepresented: { type: 'array', items: { type: 'string', enum: [...regionalGroups] } },
            evennessIndex: { type: 'number', minimum: 0, maximum: 1, description: evennessIndexDefinition },
            growth: {
              type: 'array',
              description: 'The last 12 months, oldest first.',
              items: {
                type: 'object',
                required: ['month', 'joined', 'total'],
                properties: { month: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' }, joined: { type: 'integer' }, total: { type: 'integer' } },
              },
            },
          },
        },
      },
    },
  };
}

/** The document's operations in order, with their full path (`/api/v1/…`), for the docs page and tests. */
export function operationsOf(document: OpenApiDocument): { method: HttpMethod; path: string; fullPath: string; operation: OpenApiOperation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    httpMethods.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ method, path, fullPath: `${apiBasePath}${path}`, operation }] : [];
    }),
  );
}

/** Follows a local `$ref` (`#/components/…`) to what it names; anything else is returned as is. */
export function resolveRef<T>(document: OpenApiDocument, value: T | { $ref: string }): T {
  if (typeof value !== 'object' || value === null || !('$ref' in value)) return value as T;
  let node: unknown = document;
  for (const part of value.$ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part];
  return node as T;
}
