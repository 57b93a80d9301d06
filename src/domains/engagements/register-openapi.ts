/**
 * The register operations of the OpenAPI document (`openapi.ts` includes them). The API test checks them against
 * the route table and sends their examples.
 */
import { locales } from '../../i18n/i18n.ts';
import type { Json, JsonSchema, OpenApiOperation } from '../api/openapi.ts';
import { registerKinds, scaleMax, trends } from './register.table.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, example: Json) => ({ 'application/json': { schema, example } });
const refs = (codes: Record<string, string>) =>
  Object.fromEntries(Object.entries(codes).map(([code, name]) => [code, { $ref: `#/components/responses/${name}` }]));
const scale: JsonSchema = { type: 'integer', minimum: 1, maximum: scaleMax };

export const registerApiTag = {
  name: 'register',
  description: 'The risk/opportunity register: topics, their risks and opportunities, and how each moved over time.',
};

const exampleItem = {
  id: 3,
  topic: 'Multistakeholder model of Internet governance',
  kind: 'risk',
  statement: { en: 'The multistakeholder model is replaced by a multilateral one.' },
  likelihood: 3,
  impact: 5,
  trend: 'rising',
  owner: { id: 3, name: 'Lena Fischer' },
  actions: 'Brief the co-facilitators on the zero draft.',
  engagementIds: [17],
  createdAt: '2025-09-01T08:55:00.000Z',
  updatedAt: '2025-10-15T14:02:00.000Z',
};
const itemId = { name: 'id', in: 'path' as const, required: true, description: 'The item’s id.', schema: { type: 'integer', minimum: 1 }, example: 3 };

/** The `paths` entries of the register operations. */
export function registerApiPaths(): Record<string, { get?: OpenApiOperation; post?: OpenApiOperation; patch?: OpenApiOperation }> {
  return {
    '/register': {
      get: {
        operationId: 'getRegister',
        summary: 'The register by topic',
        description:
          'Every topic with its risks and opportunities. With `at`, the register as it stood then: each item as its last change by then left it (a date means the end of that day, UTC); items made later are left out.',
        tags: ['register'],
        'x-plenary-role': 'viewer',
        parameters: [
          {
            name: 'at',
            in: 'query',
            description: 'A date (YYYY-MM-DD) or a time with its offset.',
            schema: { type: 'string' },
            example: '2025-10-01',
          },
        ],
        responses: {
          '200': {
            description: 'The register.',
            content: json(ref('Register'), {
              at: null,
              topics: [{ name: 'Multistakeholder model of Internet governance', risks: [exampleItem], opportunities: [] }],
            }),
          },
          ...refs({ '400': 'InvalidInput', '401': 'Unauthorized' }),
        },
      },
    },
    '/register/items': {
      post: {
        operationId: 'createRegisterItem',
        summary: 'Add a risk or an opportunity',
        description:
          'Adds an item under `topic`; a topic named for the first time is created. A risk has a `likelihood` and an `impact`; for an opportunity the same fields hold its readiness and its potential. Its creation is the first entry of its history (with `reason` if given).',
        tags: ['register'],
        'x-plenary-role': 'editor',
        requestBody: {
          required: true,
          content: json(ref('RegisterItemInput'), {
            topic: 'Multistakeholder model of Internet governance',
            kind: 'risk',
            statement: { en: 'The multistakeholder model is replaced by a multilateral one.' },
            likelihood: 3,
            impact: 5,
          }),
        },
        responses: {
          '201': { description: 'Added.', content: json(ref('RegisterItem'), exampleItem) },
          ...refs({ '400': 'InvalidInput', '401': 'Unauthorized', '403': 'Forbidden' }),
        },
      },
    },
    '/register/items/{id}': {
      patch: {
        operationId: 'updateRegisterItem',
        summary: 'Change an item, with the reason',
        description:
          'Changes the fields given; `reason` is required (`register_reason_required`) and kept in the item’s history with who changed it and when. A statement in a language replaces that language’s; an empty one removes it. A change that changes nothing is not recorded.',
        tags: ['register'],
        'x-plenary-role': 'editor',
        parameters: [itemId],
        requestBody: {
          required: true,
          content: json(
            { ...ref('RegisterItemInput'), description: 'Any of the fields, and `reason`.' },
            { likelihood: 4, trend: 'rising', reason: 'The zero draft moves follow-up to an intergovernmental body.' },
          ),
        },
        responses: {
          '200': { description: 'The item as it now is.', content: json(ref('RegisterItem'), { ...exampleItem, likelihood: 4 }) },
          ...refs({ '400': 'InvalidInput', '401': 'Unauthorized', '403': 'Forbidden', '404': 'NotFound' }),
        },
      },
    },
    '/register/items/{id}/history': {
      get: {
        operationId: 'getRegisterItemHistory',
        summary: 'An item’s history',
        description:
          'Every change of the item, oldest first: when, who (a staff address or `api:<token name>`), why, what changed, and the item as it then stood.',
        tags: ['register'],
        'x-plenary-role': 'viewer',
        parameters: [itemId],
        responses: {
          '200': {
            description: 'The history.',
            content: json({ type: 'array', items: ref('RegisterChange') }, [
              {
                at: '2025-09-01T08:55:00.000Z',
                actor: 'api:crm',
                reason: '',
                changes: { likelihood: { from: null, to: 3 } },
                state: {
                  topic: exampleItem.topic,
                  kind: 'risk',
                  statement: exampleItem.statement,
                  likelihood: 3,
                  impact: 5,
                  trend: 'rising',
                  ownerStaffId: 3,
                  actions: exampleItem.actions,
                  engagementIds: [17],
                },
              },
            ]),
          },
          ...refs({ '401': 'Unauthorized', '404': 'NotFound' }),
        },
      },
    },
  };
}

const statement: JsonSchema = {
  type: 'object',
  propertyNames: { enum: [...locales] },
  additionalProperties: { type: 'string', maxLength: 1000 },
  description: 'The statement by language; at least one.',
};

/** The `components.schemas` entries the register operations use. */
export function registerApiSchemas(): Record<string, JsonSchema> {
  return {
    RegisterItemInput: {
      type: 'object',
      additionalProperties: false,
      required: ['topic', 'kind', 'statement', 'likelihood', 'impact'],
      properties: {
        topic: { type: 'string', minLength: 1, maxLength: 200, description: 'The topic’s name; a new name creates the topic.' },
        kind: { type: 'string', enum: [...registerKinds] },
        statement,
        likelihood: { ...scale, description: 'A risk’s likelihood, or an opportunity’s readiness.' },
        impact: { ...scale, description: 'A risk’s impact, or an opportunity’s potential.' },
        trend: { type: 'string', enum: [...trends], default: 'steady' },
        ownerStaffId: { type: ['integer', 'null'] },
        actions: { type: 'string', maxLength: 5000 },
        engagementIds: { type: 'array', items: { type: 'integer' }, description: 'Engagements that address it.' },
        reason: { type: 'string', maxLength: 500, description: 'Why: optional when adding, required when changing.' },
      },
    },
    RegisterItem: {
      type: 'object',
      required: ['id', 'topic', 'kind', 'statement', 'likelihood', 'impact', 'trend', 'owner', 'actions', 'engagementIds', 'createdAt', 'updatedAt'],
      properties: {
        id: { type: 'integer' },
        topic: { type: 'string' },
        kind: { type: 'string', enum: [...registerKinds] },
        statement,
        likelihood: scale,
        impact: scale,
        trend: { type: 'string', enum: [...trends] },
        owner: { oneOf: [{ type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } }, { type: 'null' }] },
        actions: { type: 'string' },
        engagementIds: { type: 'array', items: { type: 'integer' } },
        createdAt: { type: 'string', format: 'date-time' },
        updatedAt: { type: 'string', format: 'date-time', description: 'With `at`: the time of the change the item stood at.' },
      },
    },
    Register: {
      type: 'object',
      required: ['at', 'topics'],
      properties: {
        at: { type: ['string', 'null'] },
        topics: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'risks', 'opportunities'],
            properties: {
              name: { type: 'string' },
              risks: { type: 'array', items: ref('RegisterItem') },
              opportunities: { type: 'array', items: ref('RegisterItem') },
            },
          },
        },
      },
    },
    RegisterChange: {
      type: 'object',
      required: ['at', 'actor', 'reason', 'changes', 'state'],
      properties: {
        at: { type: 'string', format: 'date-time' },
        actor: { type: 'string' },
        reason: { type: 'string' },
        changes: { type: 'object', additionalProperties: { type: 'object', properties: { from: {}, to: {} } } },
        state: { type: 'object', description: 'The item as it stood after the change.' },
      },
    },
  };
}
