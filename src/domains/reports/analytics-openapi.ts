/**
 * The analytics operations of the OpenAPI document (`openapi.ts` includes them); the API test checks them
 * against the route table.
 */
import type { Json, JsonSchema, OpenApiOperation, OpenApiParameter } from '../api/openapi.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import { breakdowns, intervals, maxPoints } from './analytics.service.ts';
import { briefingApiPaths, briefingApiSchemas } from './briefings-openapi.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, example: Json) => ({ 'application/json': { schema, example } });
const groupCounts: JsonSchema = { type: 'object', additionalProperties: { type: 'integer' }, propertyNames: { enum: [...regionalGroups, 'outside'] } };

export const analyticsApiTag = {
  name: 'analytics',
  description: 'Growth and reach over time: members, member states, the evenness index, and what announcements reached.',
};

/** The definition of the evenness index, as the documentation and the stats schema give it. */
export const evennessIndexDefinition =
  'The evenness index: 1 − the total variation distance between the network’s member states by regional group and the 193 UN Member States by regional group (54 African, 54 Asia-Pacific, 23 Eastern European, 33 Latin American and Caribbean, 29 Western European and Others). For each group, p is its share of the UN Member States with at least one subscribed member and q its share of the 193; the index is 1 − ½ Σ |p − q|, from 0 to 1 (3 decimals): 1 when the network’s member states are spread over the groups exactly as the UN’s are; 0 when the network has no member state.';

const period: OpenApiParameter[] = [
  {
    name: 'from',
    in: 'query',
    description: 'The first day (YYYY-MM-DD, UTC); by default 30 days, 12 weeks or 12 months before `to`.',
    schema: { type: 'string', format: 'date' },
    example: '2025-12-01',
  },
  {
    name: 'to',
    in: 'query',
    description: 'The last day (YYYY-MM-DD, UTC), inclusive; by default today. Before `from`: `report_period_range`.',
    schema: { type: 'string', format: 'date' },
    example: '2026-11-30',
  },
];

const invalid = (what: string) => ({
  description: `The query is not valid: \`invalid_input\` (naming the field), \`report_period_range\` (\`to\` before \`from\`)${what}.`,
  content: json(ref('Error'), { error: { code: 'report_period_range', message: 'The period ends before it starts: choose an end on or after the start.' } }),
});

/** The `paths` entries of the reports operations: analytics, then briefings. */
export function analyticsApiPaths(): Record<string, { get?: OpenApiOperation }> {
  return {
    ...briefingApiPaths(),
    '/analytics/members': {
      get: {
        operationId: 'getMemberAnalytics',
        summary: 'Members and member states over time',
        description: `Subscribed members at the end of each day, week (from Monday) or month, with the members who joined and left in it, the UN Member States represented and the evenness index; by regional group, stakeholder group, language or source when asked. Members are counted under their member state, stakeholder group, language and source as they are now. At most ${maxPoints} points.`,
        tags: ['analytics'],
        'x-plenary-role': 'viewer',
        parameters: [
          {
            name: 'interval',
            in: 'query',
            description: 'The length of each point (default `month`).',
            schema: { type: 'string', enum: [...intervals] },
            example: 'month',
          },
          ...period,
          {
            name: 'by',
            in: 'query',
            description: 'A breakdown of each point’s members.',
            schema: { type: 'string', enum: [...breakdowns] },
            example: 'regional_group',
          },
        ],
        responses: {
          '200': {
            description: 'The series, oldest first.',
            content: json(ref('MemberSeries'), {
              interval: 'month',
              from: '2026-10-01',
              to: '2026-11-30',
              by: 'regional_group',
              evenness: {
                index: 0.953,
                memberStates: 78,
                byRegionalGroup: { african: { memberStates: 20, unMemberStates: 54, share: 0.2564, unShare: 0.2798 } },
              },
              series: [
                {
                  at: '2026-11-01',
                  until: '2026-11-30',
                  joined: 37,
                  left: 2,
                  members: 451,
                  memberStates: 78,
                  evennessIndex: 0.953,
                  byRegionalGroup: {
                    african: 92,
                    asia_pacific: 90,
                    eastern_european: 88,
                    latin_american_caribbean: 89,
                    western_european_others: 87,
                    outside: 5,
                  },
                },
              ],
            }),
          },
          '400': invalid(`, \`report_period_too_long\` (more than ${maxPoints} points)`),
          '401': { $ref: '#/components/responses/Unauthorized' },
        },
      },
    },
    '/analytics/announcements': {
      get: {
        operationId: 'getAnnouncementReach',
        summary: 'What the announcements of a period reached',
        description:
          'The announcements started in the period: messages delivered, bounced and failed, and recipients who unsubscribed after their message, by the recipients’ regional group and for each announcement (the latest 50).',
        tags: ['analytics'],
        'x-plenary-role': 'viewer',
        parameters: period,
        responses: {
          '200': {
            description: 'The reach.',
            content: json(ref('AnnouncementReach'), {
              from: '2026-11-01',
              to: '2026-11-30',
              byRegionalGroup: [{ group: 'african', delivered: 90, bounced: 2, failed: 0, unsubscribedAfter: 1 }],
              announcements: [
                {
                  id: 42,
                  subject: 'WSIS+20: the zero draft',
                  startedAt: '2026-11-12T09:00:00.000Z',
                  delivered: 440,
                  bounced: 9,
                  failed: 0,
                  unsubscribedAfter: 3,
                },
              ],
              totals: { delivered: 440, bounced: 9, failed: 0, unsubscribedAfter: 3 },
            }),
          },
          '400': invalid(''),
          '401': { $ref: '#/components/responses/Unauthorized' },
        },
      },
    },
  };
}

const reachFigures = {
  delivered: { type: 'integer', description: 'Messages sent and accepted by the receiving server.' },
  bounced: { type: 'integer' },
  failed: { type: 'integer', description: 'Messages Plenary gave up on.' },
  unsubscribedAfter: { type: 'integer', description: 'Recipients (each once) who unsubscribed after their message was sent.' },
};

/** The schemas the reports operations refer to. */
export function analyticsApiSchemas(): Record<string, JsonSchema> {
  return {
    ...briefingApiSchemas(),
    EvennessIndex: {
      type: 'object',
      description: evennessIndexDefinition,
      required: ['index', 'memberStates', 'byRegionalGroup'],
      properties: {
        index: { type: 'number', minimum: 0, maximum: 1 },
        memberStates: { type: 'integer', description: 'UN Member States with subscribed members.' },
        byRegionalGroup: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['memberStates', 'unMemberStates', 'share', 'unShare'],
            properties: { memberStates: { type: 'integer' }, unMemberStates: { type: 'integer' }, share: { type: 'number' }, unShare: { type: 'number' } },
          },
        },
      },
    },
    MemberSeries: {
      type: 'object',
      required: ['interval', 'from', 'to', 'by', 'evenness', 'series'],
      properties: {
        interval: { type: 'string', enum: [...intervals] },
        from: { type: 'string', format: 'date' },
        to: { type: 'string', format: 'date' },
        by: { type: ['string', 'null'], enum: [...breakdowns, null] },
        evenness: ref('EvennessIndex'),
        series: {
          type: 'array',
          items: {
            type: 'object',
            required: ['at', 'until', 'joined', 'left', 'members', 'memberStates', 'evennessIndex'],
            properties: {
              at: { type: 'string', format: 'date', description: 'The first day of the point.' },
              until: { type: 'string', format: 'date', description: 'Its last day (today for the point under way).' },
              joined: { type: 'integer', description: 'Members who became subscribed in it.' },
              left: { type: 'integer', description: 'Members who stopped being subscribed in it (unsubscribed, bounced, removed).' },
              members: { type: 'integer', description: 'Subscribed members at its end.' },
              memberStates: { type: 'integer', description: 'UN Member States with subscribed members at its end.' },
              evennessIndex: { type: 'number', minimum: 0, maximum: 1, description: 'The evenness index at its end.' },
              byRegionalGroup: { ...groupCounts, description: 'With `by=regional_group`; `outside` is no member state, an observer state or a territory.' },
              byStakeholderGroup: {
                type: 'object',
                additionalProperties: { type: 'integer' },
                description: 'With `by=stakeholder_group`; `none` for not stated.',
              },
              byLanguage: { type: 'object', additionalProperties: { type: 'integer' }, description: 'With `by=language`.' },
              bySource: { type: 'object', additionalProperties: { type: 'integer' }, description: 'With `by=source`; `none` for no source.' },
            },
          },
        },
      },
    },
    AnnouncementReach: {
      type: 'object',
      required: ['from', 'to', 'byRegionalGroup', 'announcements', 'totals'],
      properties: {
        from: { type: 'string', format: 'date' },
        to: { type: 'string', format: 'date' },
        byRegionalGroup: {
          type: 'array',
          items: { type: 'object', properties: { group: { type: 'string', enum: [...regionalGroups, 'outside'] }, ...reachFigures } },
        },
        announcements: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'integer' }, subject: { type: 'string' }, startedAt: { type: 'string', format: 'date-time' }, ...reachFigures },
          },
        },
        totals: { type: 'object', properties: reachFigures },
      },
    },
  };
}
