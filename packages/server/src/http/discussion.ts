import type {
  DiscussionPost,
  ModeratedPost,
  PostCreated,
  PostReportAck,
  ReactionAck,
  TopicList,
  TopicModerationView,
  TopicSummary,
  TopicView,
} from '@tori/protocol';
import {
  editPostBodySchema,
  entityIdSchema,
  newPostBodySchema,
  postModerationBodySchema,
  reactionSchema,
  reportBodySchema,
  topicBodySchema,
  topicIdSchema,
} from '@tori/protocol/schemas';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from './app.js';
import { adminKeyOf, emptyBodySchema, moderatorOf, optionalParticipantOf, parseBody, parseInput, participantOf, spaceOf } from './requests.js';

const topicIdOf = (request: FastifyRequest) => parseInput(topicIdSchema, (request.params as { topicId?: unknown }).topicId, 'topic id');
const postIdOf = (request: FastifyRequest) => parseInput(entityIdSchema, (request.params as { postId?: unknown }).postId, 'post id');

export function discussionRoutes(app: FastifyInstance, { spaces, discussion, participants }: Services): void {
  app.get('/api/spaces/:spaceId/topics', async (request): Promise<TopicList> => discussion.topics(spaceOf(request)));

  /** The facilitator creates a topic (201) or changes it, e.g. locks it (200). */
  app.put('/api/spaces/:spaceId/topics/:topicId', async (request, reply) => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    const topicId = topicIdOf(request);
    const actor = moderatorOf(request);
    const body = parseBody(topicBodySchema, request.body);
    const { topic, created } = await discussion.putTopic(space, topicId, body, actor);
    return reply.code(created ? 201 : 200).send(topic);
  });

  /** Anyone may read; with a participant token the answer marks their posts and reactions, and gives their name. */
  app.get('/api/spaces/:spaceId/topics/:topicId', async (request): Promise<TopicView> => {
    const space = spaceOf(request);
    const viewerId = await optionalParticipantOf(request, participants);
    return discussion.view(space, topicIdOf(request), viewerId);
  });

  app.post('/api/spaces/:spaceId/topics/:topicId/posts', async (request, reply) => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    const topicId = topicIdOf(request);
    const body = parseBody(newPostBodySchema, request.body);
    const created: PostCreated = await discussion.post(space, topicId, participantId, body);
    return reply.code(created.duplicate ? 200 : 201).send(created);
  });

  app.patch('/api/spaces/:spaceId/posts/:postId', async (request): Promise<DiscussionPost> => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    const postId = postIdOf(request);
    const body = parseBody(editPostBodySchema, request.body);
    return discussion.edit(space, postId, participantId, body);
  });

  app.delete('/api/spaces/:spaceId/posts/:postId', async (request): Promise<DiscussionPost> => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    const postId = postIdOf(request);
    if (request.body !== undefined) parseBody(emptyBodySchema, request.body);
    return discussion.remove(space, postId, participantId);
  });

  const react = (on: boolean) => async (request: FastifyRequest): Promise<ReactionAck> => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    const postId = postIdOf(request);
    const reaction = parseInput(reactionSchema, (request.params as { reaction?: unknown }).reaction, 'reaction');
    if (request.body !== undefined) parseBody(emptyBodySchema, request.body);
    return discussion.react(space, postId, participantId, reaction, on);
  };
  app.put('/api/spaces/:spaceId/posts/:postId/reactions/:reaction', react(true));
  app.delete('/api/spaces/:spaceId/posts/:postId/reactions/:reaction', react(false));

  app.post('/api/spaces/:spaceId/posts/:postId/reports', async (request, reply) => {
    const space = spaceOf(request);
    const participantId = await participantOf(request, participants);
    const postId = postIdOf(request);
    const body = parseBody(reportBodySchema, request.body);
    const ack: PostReportAck = await discussion.report(space, postId, participantId, body);
    return reply.code(ack.duplicate ? 200 : 201).send(ack);
  });

  app.patch('/api/spaces/:spaceId/posts/:postId/moderation', async (request): Promise<ModeratedPost> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    const postId = postIdOf(request);
    const actor = moderatorOf(request);
    const body = parseBody(postModerationBodySchema, request.body);
    return discussion.moderate(space, postId, body, actor);
  });

  app.get('/api/spaces/:spaceId/topics/:topicId/moderation', async (request): Promise<TopicModerationView> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    return discussion.moderation(space, topicIdOf(request));
  });

  app.get('/api/spaces/:spaceId/topics/:topicId/summary', async (request): Promise<TopicSummary> => {
    const space = spaceOf(request);
    spaces.checkKey(space, adminKeyOf(request));
    return discussion.summary(space, topicIdOf(request));
  });
}
