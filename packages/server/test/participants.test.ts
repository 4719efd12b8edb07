import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, call, makeSpace, newParticipant, removeTempDirs, startServer } from './helpers.js';

let running: Running;
let spaceId: string;

beforeAll(async () => {
  running = await startServer();
  spaceId = (await makeSpace(running.server)).space.id;
});
afterAll(async () => {
  await running.close();
  removeTempDirs();
});

const appearances = (token?: string, headers?: Record<string, string>) =>
  call(running.url, `/api/spaces/${spaceId}/appearances`, { method: 'POST', token, headers });

describe('participants', () => {
  it('issues an id and a token that identifies it', async () => {
    const answer = await call(running.url, '/api/participants', { method: 'POST', body: {} });
    expect(answer.status).toBe(201);
    expect(answer.body.participantId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(answer.body.token.split('.')).toHaveLength(3);
    const pair = await appearances(answer.body.token);
    expect(pair.status).toBe(200);
  });

  it('also issues with no body at all', async () => {
    const answer = await call(running.url, '/api/participants', { method: 'POST' });
    expect(answer.status).toBe(201);
  });

  it('asks for a token when none is sent', async () => {
    const answer = await appearances();
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('unauthorized');
    expect(answer.body.error.message).toMatch(/POST \/api\/participants/);
  });

  it('refuses an altered token', async () => {
    const { token } = await newParticipant(running.url);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const altered = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    const answer = await appearances(`${header}.${altered}.${signature}`);
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toMatch(/not valid/);
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('intruder')
      .setAudience('tori:participant')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    const answer = await appearances(forged);
    expect(answer.status).toBe(401);
  });

  it('refuses an unsigned token and garbage', async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","aud":"tori:participant"}').toString('base64url')}.`;
    expect((await appearances(none)).status).toBe(401);
    expect((await appearances('garbage')).status).toBe(401);
    const wrongScheme = await appearances(undefined, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(wrongScheme.status).toBe(401);
    expect(wrongScheme.body.error.message).toMatch(/Bearer/);
  });

  it('refuses a token of another server', async () => {
    const other = await startServer();
    const { token } = await newParticipant(other.url);
    await other.close();
    expect((await appearances(token)).status).toBe(401);
  });

  it('rejects a body with fields', async () => {
    const answer = await call(running.url, '/api/participants', { method: 'POST', body: { name: 'Maija' } });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('invalid_body');
  });

  it('answers health', async () => {
    const answer = await call(running.url, '/api/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
  });
});
