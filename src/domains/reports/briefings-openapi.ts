/**
 * The briefing operations of the OpenAPI document (`analytics-openapi.ts` includes them, as `analytics-api.ts`
 * includes the routes); the API test checks them against the route table.
 */
import { locales } from '../../i18n/i18n.ts';
import type { Json, JsonSchema, OpenApiOperation, OpenApiParameter } from '../api/openapi.ts';
import { eventKinds } from '../events/event.table.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import { briefingSections, briefingStatuses, periodKinds } from './briefing.table.ts';
import { briefingFormats, briefingMediaTypes } from './briefing-output.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, example: Json) => ({ 'application/json': { schema, example } });
const date: JsonSchema = { type: 'string', format: 'date' };
const timestamp: JsonSchema = { type: 'string', format: 'date-time' };
const byLocale: JsonSchema = { type: 'object', additionalProperties: { type: 'string' }, propertyNames: { enum: [...locales] } };

export const briefingApiTag = {
  name: 'briefings',
  description:
    'Briefings for the Board: their metadata, their figures (the snapshot once published, live figures for a draft) and their files — the web page, the PDF, the slides and the data annex.',
};

const idParameter: OpenApiParameter = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The briefing’s id.',
  schema: { type: 'integer', minimum: 1 },
  example: 7,
};

const exampleSummary = {
  id: 7,
  title: { en: 'November briefing' },
  displayTitle: 'November briefing',
  period: { kind: 'last_month', from: '2026-11-01', to: '2026-11-30' },
  status: 'published',
  createdAt: '2026-12-01T08:30:00.000Z',
  publishedAt: '2026-12-01T09:00:00.000Z',
  publishedBy: 'lena@example.org',
  links: {
    self: '/api/v1/briefings/7',
    page: '/en/admin/reports/briefings/7',
    files: Object.fromEntries(briefingFormats.map((f) => [f, `/api/v1/briefings/7/files/${f}`])),
  },
};

const notFound = { $ref: '#/components/responses/NotFound' };
const unauthorized = { $ref: '#/components/responses/Unauthorized' };

/** The `paths` entries of the briefing operations. */
export function briefingApiPaths(): Record<string, { get?: OpenApiOperation }> {
  const binary = Object.fromEntries(
    briefingFormats.map((f) => [
      briefingMediaTypes[f].split(';')[0] as string,
      { schema: { type: 'string', format: f === 'csv' || f === 'html' ? 'text' : 'binary' } },
    ]),
  );
  return {
    '/briefings': {
      get: {
        operationId: 'listBriefings',
        summary: 'List briefings',
        description: 'Drafts and published briefings, newest first, keyset-paged. `displayTitle` is in the language of `Accept-Language`.',
        tags: ['briefings'],
        'x-plenary-role': 'viewer',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            description: 'At most this many (1–100, default 20).',
            schema: { type: 'integer', minimum: 1, maximum: 100 },
            example: 20,
          },
          { $ref: '#/components/parameters/Before' },
        ],
        responses: {
          '200': {
            description: 'A page of briefings.',
            content: json(
              {
                type: 'object',
                required: ['data', 'next'],
                properties: { data: { type: 'array', items: ref('BriefingSummary') }, next: { type: ['string', 'null'] } },
              },
              { data: [exampleSummary], next: null },
            ),
          },
          '400': { $ref: '#/components/responses/InvalidInput' },
          '401': unauthorized,
        },
      },
    },
    '/briefings/{id}': {
      get: {
        operationId: 'getBriefing',
        summary: 'A briefing with its figures',
        description:
          'The metadata, the narrative per section and language (Markdown), the sections in order, and the figures: for a published briefing its snapshot, stored at publication and never changed; for a draft the live figures, computed now. A snapshot published before events existed has no `events` section.',
        tags: ['briefings'],
        'x-plenary-role': 'viewer',
        parameters: [idParameter],
        responses: {
          '200': {
            description: 'The briefing.',
            content: json(ref('Briefing'), {
              ...exampleSummary,
              sections: [...briefingSections],
              narrative: { picture: { en: 'The network grew by **37 members** in November.' } },
              figures: {
                version: 2,
                from: '2026-11-01',
                to: '2026-11-30',
                computedAt: '2026-12-01T09:00:00.000Z',
                picture: { members: 451, memberStates: 78, evennessIndex: 0.953 },
                events: {
                  events: [
                    {
                      id: 12,
                      kind: 'webinar',
                      title: { en: 'WSIS+20: the zero draft explained' },
                      startsAt: '2026-11-12T14:00:00.000Z',
                      date: '2026-11-12',
                      status: 'held',
                      confirmed: 64,
                      attended: 41,
                    },
                  ],
                  totals: { events: 1, confirmed: 64, attended: 41 },
                  byRegionalGroup: [{ group: 'african', confirmed: 20, attended: 14 }],
                },
              },
            }),
          },
          '400': { $ref: '#/components/responses/InvalidInput' },
          '401': unauthorized,
          '404': notFound,
        },
      },
    },
    '/briefings/{id}/files/{format}': {
      get: {
        operationId: 'getBriefingFile',
        summary: 'A briefing as a file',
        description:
          'The briefing in one language as `html` (a self-contained page, the stylesheet inlined), `pdf` (A4, printed by headless Chromium), `pptx` (PowerPoint slides: a title slide and one per section with three key figures), `csv` or `xlsx` (the data annex: one row per figure with the columns section, figure, item, point, value). Sent as an attachment.',
        tags: ['briefings'],
        'x-plenary-role': 'viewer',
        parameters: [
          idParameter,
          {
            name: 'format',
            in: 'path',
            required: true,
            description: 'The file format.',
            schema: { type: 'string', enum: [...briefingFormats] },
            example: 'pdf',
          },
          {
            name: 'locale',
            in: 'query',
            description: 'The language of the file; by default that of `Accept-Language`, else English.',
            schema: { type: 'string', enum: [...locales] },
            example: 'fr',
          },
        ],
        responses: {
          '200': { description: 'The file, with `Content-Disposition: attachment`.', content: binary },
          '400': { $ref: '#/components/responses/InvalidInput' },
          '401': unauthorized,
          '404': notFound,
          '503': {
            description: 'The PDF cannot be printed: headless Chromium could not start (`briefing_pdf_unavailable`).',
            content: json(ref('Error'), {
              error: {
                code: 'briefing_pdf_unavailable',
                message:
                  'The PDF cannot be printed right now: the browser that prints it could not be started. Try again later, or ask an owner to check the installation.',
              },
            }),
          },
        },
      },
    },
  };
}

/** The schemas the briefing operations refer to. */
export function briefingApiSchemas(): Record<string, JsonSchema> {
  const summary: Record<string, JsonSchema> = {
    id: { type: 'integer' },
    title: { ...byLocale, description: 'The titles staff wrote, by language (may be empty).' },
    displayTitle: { type: 'string', description: 'The title in the request’s language, else “Briefing for the Board, <period>”.' },
    period: {
      type: 'object',
      required: ['kind', 'from', 'to'],
      properties: { kind: { type: 'string', enum: [...periodKinds] }, from: date, to: date },
    },
    status: { type: 'string', enum: [...briefingStatuses] },
    createdAt: timestamp,
    publishedAt: { ...timestamp, type: ['string', 'null'] },
    publishedBy: { type: ['string', 'null'] },
    links: {
      type: 'object',
      properties: {
        self: { type: 'string' },
        page: { type: 'string', description: 'The briefing’s page in the admin area (staff sign-in).' },
        files: { type: 'object', properties: Object.fromEntries(briefingFormats.map((f) => [f, { type: 'string' }])) },
      },
    },
  };
  return {
    BriefingSummary: { type: 'object', required: ['id', 'title', 'displayTitle', 'period', 'status', 'publishedAt', 'links'], properties: summary },
    Briefing: {
      type: 'object',
      required: ['id', 'period', 'status', 'sections', 'narrative', 'figures'],
      properties: {
        ...summary,
        sections: { type: 'array', items: { type: 'string', enum: [...briefingSections] } },
        narrative: {
          type: 'object',
          description: 'Markdown by section, then by language.',
          additionalProperties: byLocale,
          propertyNames: { enum: [...briefingSections] },
        },
        figures: ref('BriefingFigures'),
      },
    },
    BriefingFigures: {
      type: 'object',
      description:
        'The figures by section. `picture`: members, UN Member States and the evenness index at the end of the period, by regional group, and their `change` since the last published briefing (or since the period began). `growth`: the member series (weeks up to three months, months beyond), joined and left. `announcements`: the reach of the announcements started in the period (as `/analytics/announcements`). `events`: the events that started in the period (published or held), with confirmed registrations and attendance, totals and by the registrants’ regional group. `engagements`: those shareable with the Board. `register`: every item at the end of the period against the day before it began. `upcoming`: milestones and submission deadlines in the 90 days after the period.',
      required: ['version', 'from', 'to', 'computedAt', 'picture', 'growth', 'announcements', 'engagements', 'register', 'upcoming'],
      properties: {
        version: { type: 'integer', description: '1 for snapshots published before the events section existed, 2 since.' },
        from: date,
        to: date,
        computedAt: timestamp,
        picture: { type: 'object' },
        growth: { type: 'object' },
        announcements: ref('AnnouncementReach'),
        events: {
          type: 'object',
          required: ['events', 'totals', 'byRegionalGroup'],
          properties: {
            events: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'integer' },
                  kind: { type: 'string', enum: [...eventKinds] },
                  title: byLocale,
                  startsAt: timestamp,
                  date: { ...date, description: 'The day it started in the time zone it was planned in.' },
                  status: { type: 'string', enum: ['published', 'held'] },
                  confirmed: { type: 'integer' },
                  attended: { type: 'integer' },
                },
              },
            },
            totals: { type: 'object', properties: { events: { type: 'integer' }, confirmed: { type: 'integer' }, attended: { type: 'integer' } } },
            byRegionalGroup: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  group: { type: 'string', enum: [...regionalGroups, 'outside'] },
                  confirmed: { type: 'integer' },
                  attended: { type: 'integer' },
                },
              },
            },
          },
        },
        engagements: { type: 'array', items: { type: 'object' } },
        register: { type: 'array', items: { type: 'object' } },
        upcoming: { type: 'object' },
      },
    },
  };
}
