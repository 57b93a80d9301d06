/**
 * The discussion list's operations of the OpenAPI document (`openapi.ts` includes them); the API test checks them
 * against the route table.
 */
import type { Json, JsonSchema, OpenApiOperation } from '../api/openapi.ts';
import { holdReasons } from './discussion.table.ts';
import { maxReasonLength } from './moderation.service.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, example: Json) => ({ 'application/json': { schema, example } });
const unauthorized = { $ref: '#/components/responses/Unauthorized' };
const forbidden = { $ref: '#/components/responses/Forbidden' };
const notFound = { $ref: '#/components/responses/NotFound' };
const invalid = { $ref: '#/components/responses/InvalidInput' };
const postId = { name: 'id', in: 'path' as const, required: true, description: 'The held post’s id.', schema: { type: 'integer', minimum: 1 }, example: 7 };

export const discussionApiTag = {
  name: 'discussion',
  description: 'The discussion list: threads of published posts, and the moderation queue of held ones.',
};

const examplePost = {
  id: 7,
  messageId: 'rev2@mission.example',
  inReplyTo: null,
  from: { name: 'Amina Diallo', address: 'amina.diallo@mission.example' },
  subject: 'Revision 2 of the outcome document',
  sentAt: '2026-11-20T09:30:00.000Z',
  text: 'Has everyone seen the second revision?',
};

const decided = (status: string): { description: string; content: ReturnType<typeof json> } => ({
  description: 'What became of the post, and whether its author was written to.',
  content: json(ref('ModerationDecision'), { id: 7, status, authorTold: status === 'rejected' }),
});
const alreadyDecided = {
  description: 'The post is no longer held (`discussion_post_decided`): another moderator decided, or it expired.',
  content: json(ref('Error'), {
    error: { code: 'discussion_post_decided', message: 'This post has already been decided by another moderator or has expired.' },
  }),
};

function decision(operationId: string, summary: string, description: string, status: string, body?: OpenApiOperation['requestBody']): OpenApiOperation {
  return {
    operationId,
    summary,
    description,
    tags: ['discussion'],
    'x-plenary-role': 'editor',
    parameters: [postId],
    ...(body ? { requestBody: body } : {}),
    responses: { '200': decided(status), '400': invalid, '401': unauthorized, '403': forbidden, '404': notFound, '409': alreadyDecided },
  };
}

/** The `paths` entries of the discussion operations. */
export function discussionApiPaths(): Record<string, { get?: OpenApiOperation; post?: OpenApiOperation }> {
  return {
    '/threads': {
      get: {
        operationId: 'listThreads',
        summary: 'List threads',
        description: 'Threads with published posts, the latest post first, keyset-paged.',
        tags: ['discussion'],
        'x-plenary-role': 'viewer',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            description: 'Threads per page (1–100, default 20).',
            schema: { type: 'integer', minimum: 1, maximum: 100 },
            example: 20,
          },
          { $ref: '#/components/parameters/Before' },
        ],
        responses: {
          '200': {
            description: 'A page of threads.',
            content: json(
              { type: 'object', required: ['data', 'next'], properties: { data: { type: 'array', items: ref('Thread') }, next: { type: ['string', 'null'] } } },
              {
                data: [
                  {
                    id: 3,
                    subject: 'Revision 2 of the outcome document',
                    postCount: 4,
                    startedAt: '2026-11-20T09:30:00.000Z',
                    lastPostAt: '2026-11-21T16:02:00.000Z',
                  },
                ],
                next: null,
              },
            ),
          },
          '400': invalid,
          '401': unauthorized,
        },
      },
    },
    '/threads/{id}': {
      get: {
        operationId: 'getThread',
        summary: 'A thread and its posts',
        description: 'The thread’s published posts in the order they were written. `from.address` is given to editor tokens only.',
        tags: ['discussion'],
        'x-plenary-role': 'viewer',
        parameters: [{ name: 'id', in: 'path', required: true, description: 'The thread’s id.', schema: { type: 'integer', minimum: 1 }, example: 3 }],
        responses: {
          '200': {
            description: 'The thread.',
            content: json(
              { allOf: [ref('Thread'), { type: 'object', required: ['posts'], properties: { posts: { type: 'array', items: ref('Post') } } }] },
              {
                id: 3,
                subject: 'Revision 2 of the outcome document',
                postCount: 1,
                startedAt: '2026-11-20T09:30:00.000Z',
                lastPostAt: '2026-11-20T09:30:00.000Z',
                posts: [examplePost],
              },
            ),
          },
          '400': invalid,
          '401': unauthorized,
          '404': notFound,
        },
      },
    },
    '/moderation': {
      get: {
        operationId: 'listHeldPosts',
        summary: 'The moderation queue',
        description: 'Held posts, the oldest first, with why each is held and what mailauth found (DKIM, SPF, DMARC). Pass `next` back as `after`.',
        tags: ['discussion'],
        'x-plenary-role': 'editor',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            description: 'Posts per page (1–100, default 50).',
            schema: { type: 'integer', minimum: 1, maximum: 100 },
            example: 50,
          },
          { name: 'after', in: 'query', description: 'The `next` cursor of the previous page.', schema: { type: 'integer', minimum: 1 } },
        ],
        responses: {
          '200': {
            description: 'A page of held posts.',
            content: json(
              {
                type: 'object',
                required: ['data', 'next'],
                properties: { data: { type: 'array', items: ref('HeldPost') }, next: { type: ['string', 'null'] } },
              },
              {
                data: [
                  {
                    ...examplePost,
                    memberId: 12,
                    heldFor: 'first_post',
                    receivedAt: '2026-11-20T09:30:02.000Z',
                    expiresAt: '2026-12-04T09:30:02.000Z',
                    authentication: { dkim: [{ domain: 'mission.example', result: 'pass', aligned: true }], spf: 'pass', dmarc: 'pass', dmarcPolicy: 'reject' },
                  },
                ],
                next: null,
              },
            ),
          },
          '400': invalid,
          '401': unauthorized,
          '403': forbidden,
        },
      },
    },
    '/moderation/{id}/approve': {
      post: decision(
        'approveHeldPost',
        'Approve a held post',
        'Publishes the post (threaded and sent to the members); with `trust`, its author, a member, posts freely from then on.',
        'published',
        {
          required: false,
          content: json({ type: 'object', additionalProperties: false, properties: { trust: { type: 'boolean' } } }, { trust: true }),
        },
      ),
    },
    '/moderation/{id}/reject': {
      post: decision(
        'rejectHeldPost',
        'Reject a held post with a reason',
        'The reason is sent to the author in their language (a member, or a sender DMARC proved). A blank reason is `invalid_input`.',
        'rejected',
        {
          required: true,
          content: json(
            { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', maxLength: maxReasonLength } } },
            { reason: 'Off the topic of the list.' },
          ),
        },
      ),
    },
    '/moderation/{id}/discard': {
      post: decision('discardHeldPost', 'Discard a held post', 'Removes the post from the queue; nothing is sent to anyone.', 'discarded'),
    },
  };
}

/** The schemas the discussion operations refer to. */
export function discussionApiSchemas(): Record<string, JsonSchema> {
  const nullableString = { type: ['string', 'null'] };
  return {
    Thread: {
      type: 'object',
      required: ['id', 'subject', 'postCount', 'startedAt', 'lastPostAt'],
      properties: {
        id: { type: 'integer' },
        subject: { type: 'string' },
        postCount: { type: 'integer' },
        startedAt: { type: 'string', format: 'date-time' },
        lastPostAt: { type: 'string', format: 'date-time' },
      },
    },
    Post: {
      type: 'object',
      required: ['id', 'messageId', 'inReplyTo', 'from', 'subject', 'sentAt', 'text'],
      properties: {
        id: { type: 'integer' },
        messageId: { type: 'string', description: 'Without angle brackets.' },
        inReplyTo: nullableString,
        from: { type: 'object', required: ['name', 'address'], properties: { name: { type: 'string' }, address: nullableString } },
        subject: { type: 'string' },
        sentAt: { type: 'string', format: 'date-time' },
        text: { type: 'string' },
      },
    },
    HeldPost: {
      allOf: [
        ref('Post'),
        {
          type: 'object',
          required: ['memberId', 'heldFor', 'receivedAt', 'expiresAt', 'authentication'],
          properties: {
            memberId: { type: ['integer', 'null'] },
            heldFor: { type: 'string', enum: [...holdReasons] },
            receivedAt: { type: 'string', format: 'date-time' },
            expiresAt: nullableString,
            authentication: {
              type: 'object',
              properties: {
                dkim: {
                  type: 'array',
                  items: { type: 'object', properties: { domain: { type: 'string' }, result: { type: 'string' }, aligned: { type: 'boolean' } } },
                },
                spf: { type: 'string' },
                dmarc: { type: 'string' },
                dmarcPolicy: nullableString,
              },
            },
          },
        },
      ],
    },
    ModerationDecision: {
      type: 'object',
      required: ['id', 'status', 'authorTold'],
      properties: { id: { type: 'integer' }, status: { type: 'string', enum: ['published', 'rejected', 'discarded'] }, authorTold: { type: 'boolean' } },
    },
  };
}
