/**
 * The library's operations of the OpenAPI document (`openapi.ts` includes them). The API test checks them
 * against the route table.
 */
import type { Json, JsonSchema, OpenApiOperation } from '../api/openapi.ts';
import { resourceKinds, resourceStatuses } from './resource.table.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, example: Json) => ({ 'application/json': { schema, example } });
const byLocale: JsonSchema = { type: 'object', additionalProperties: { type: 'string' }, description: 'Texts keyed by locale (ar, en, es, fr, ru, zh).' };
const unauthorized = { $ref: '#/components/responses/Unauthorized' };

export const resourceApiTag = {
  name: 'resources',
  description: 'The resource library (submissions, papers, fact sheets, FAQ entries, recordings…) and the site search.',
};

const exampleResource = {
  id: 4,
  type: 'fact_sheet',
  status: 'published',
  sourceLocale: 'en',
  versions: {
    en: {
      title: 'What is the WSIS+20 review?',
      slug: 'what-is-the-wsis-20-review',
      summary: 'Twenty years after the Summit, the General Assembly reviews its outcomes.',
      body: 'The World Summit on the Information Society met in two phases…',
      url: 'https://outreach.example.org/en/resources/what-is-the-wsis-20-review',
    },
  },
  topics: ['WSIS+20 review'],
  externalUrl: null,
  file: { name: 'wsis-20.pdf', type: 'application/pdf', size: 48213 },
  submittedTo: null,
  submittedOn: null,
  publishedAt: '2025-09-01T08:55:00.000Z',
  createdAt: '2025-09-01T08:55:00.000Z',
  updatedAt: '2025-09-01T08:55:00.000Z',
};

/** The `paths` entries of the library's operations. */
export function resourceApiPaths(): Record<string, { get?: OpenApiOperation; post?: OpenApiOperation }> {
  return {
    '/resources': {
      get: {
        operationId: 'listResources',
        summary: 'Resources of the library',
        description: 'Every resource, drafts included, the latest change first; `query` finds folded text (case, accents, Arabic vowel signs) in any version.',
        tags: ['resources'],
        'x-plenary-role': 'viewer',
        parameters: [
          { name: 'query', in: 'query', description: 'Text to find in any version.', schema: { type: 'string' }, example: 'General Assembly' },
          { name: 'type', in: 'query', description: 'The kind of resource.', schema: { type: 'string', enum: [...resourceKinds] }, example: 'fact_sheet' },
          { name: 'status', in: 'query', description: 'Draft or published.', schema: { type: 'string', enum: [...resourceStatuses] }, example: 'published' },
          {
            name: 'limit',
            in: 'query',
            description: 'At most this many (1–100, default 20).',
            schema: { type: 'integer', minimum: 1, maximum: 100 },
            example: 20,
          },
          { name: 'offset', in: 'query', description: 'Skip this many.', schema: { type: 'integer', minimum: 0 }, example: 0 },
        ],
        responses: {
          '200': {
            description: 'A page of resources.',
            content: json(
              { type: 'object', properties: { data: { type: 'array', items: ref('Resource') }, more: { type: 'boolean' } } },
              { data: [exampleResource], more: false },
            ),
          },
          '400': { $ref: '#/components/responses/InvalidInput' },
          '401': unauthorized,
        },
      },
      post: {
        operationId: 'createResource',
        summary: 'Add a resource',
        description:
          'Texts are keyed by locale; a slug is made from each title unless given (letters of any script). A taken slug is `resource_slug_taken` (409); no title is `resource_title_required`. Files are uploaded in the admin area.',
        tags: ['resources'],
        'x-plenary-role': 'editor',
        requestBody: {
          required: true,
          content: json(
            {
              type: 'object',
              required: ['type', 'title'],
              properties: {
                type: { type: 'string', enum: [...resourceKinds] },
                status: { type: 'string', enum: [...resourceStatuses] },
                sourceLocale: { type: 'string' },
                title: byLocale,
                summary: byLocale,
                body: { ...byLocale, description: 'Markdown keyed by locale; rendered and sanitised on the site.' },
                slug: byLocale,
                topics: { type: 'array', items: { type: 'string' } },
                externalUrl: { type: 'string', format: 'uri' },
                submittedTo: { type: 'string' },
                submittedOn: { type: 'string', format: 'date' },
              },
            },
            {
              type: 'fact_sheet',
              title: { en: 'Enhanced cooperation', zh: '加强合作' },
              summary: { en: 'What the term means in the Tunis Agenda.' },
              body: { en: 'Markdown…' },
              topics: ['WSIS+20 review'],
              status: 'published',
            },
          ),
        },
        responses: {
          '201': {
            description: 'Added.',
            content: json(
              { type: 'object', properties: { id: { type: 'integer' }, url: { type: ['string', 'null'] } } },
              { id: 7, url: 'https://outreach.example.org/en/resources/enhanced-cooperation' },
            ),
          },
          '400': { $ref: '#/components/responses/InvalidInput' },
          '401': unauthorized,
          '403': { $ref: '#/components/responses/Forbidden' },
          '409': {
            description: 'Another resource has this slug in this locale (`resource_slug_taken`).',
            content: json(ref('Error'), {
              error: {
                code: 'resource_slug_taken',
                message: 'Another resource already has the address “enhanced-cooperation” in this language: choose another.',
              },
            }),
          },
        },
      },
    },
    '/resources/{id}': {
      get: {
        operationId: 'getResource',
        summary: 'One resource',
        description: 'A resource with every version, its topics, file and dates.',
        tags: ['resources'],
        'x-plenary-role': 'viewer',
        parameters: [{ name: 'id', in: 'path', required: true, description: 'The resource’s id.', schema: { type: 'integer', minimum: 1 }, example: 4 }],
        responses: {
          '200': { description: 'The resource.', content: json(ref('Resource'), exampleResource) },
          '401': unauthorized,
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
    },
    '/search': {
      get: {
        operationId: 'searchSite',
        summary: 'Search the public site',
        description:
          'Published resources, public updates and milestones whose folded text holds `q`, in any script; titles first, each in `locale` where there is a version.',
        tags: ['resources'],
        'x-plenary-role': 'viewer',
        parameters: [
          { name: 'q', in: 'query', required: true, description: 'Words to find.', schema: { type: 'string' }, example: 'المجتمع التقني' },
          {
            name: 'type',
            in: 'query',
            description: 'Only this kind.',
            schema: { type: 'string', enum: ['resource', 'update', 'milestone'] },
            example: 'resource',
          },
          { name: 'locale', in: 'query', description: 'The language to show results in (default en).', schema: { type: 'string' }, example: 'ar' },
        ],
        responses: {
          '200': {
            description: 'The results.',
            content: json(
              {
                type: 'object',
                properties: {
                  total: { type: 'integer' },
                  results: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        kind: { type: 'string' },
                        id: { type: 'integer' },
                        title: { type: 'string' },
                        snippet: { type: 'string' },
                        url: { type: 'string' },
                      },
                    },
                  },
                },
              },
              {
                total: 1,
                results: [
                  {
                    kind: 'resource',
                    id: 5,
                    title: 'ما هو منتدى إدارة الإنترنت؟',
                    snippet: '…والمجتمع المدني والمجتمع التقني والأوساط الأكاديمية…',
                    url: 'https://outreach.example.org/ar/resources/ما-هو-منتدى-إدارة-الإنترنت',
                  },
                ],
              },
            ),
          },
          '400': { $ref: '#/components/responses/InvalidInput' },
          '401': unauthorized,
        },
      },
    },
  };
}

/** The schemas the library's operations refer to. */
export function resourceApiSchemas(): Record<string, JsonSchema> {
  return {
    Resource: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        type: { type: 'string', enum: [...resourceKinds] },
        status: { type: 'string', enum: [...resourceStatuses] },
        sourceLocale: { type: 'string' },
        versions: { type: 'object', additionalProperties: { type: 'object' }, description: 'Each locale’s title, slug, summary, body and public URL.' },
        topics: { type: 'array', items: { type: 'string' } },
        externalUrl: { type: ['string', 'null'] },
        file: { type: ['object', 'null'] },
        submittedTo: { type: ['string', 'null'] },
        submittedOn: { type: ['string', 'null'] },
        publishedAt: { type: ['string', 'null'] },
        createdAt: { type: 'string' },
        updatedAt: { type: 'string' },
      },
    },
  };
}
