import { createHmac, randomUUID } from 'node:crypto';
import { createBoard, createOrganization, organizationAdmin } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('Board webhooks', () => {
  let t: TestApp;
  let org: { id: string };
  let board: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
    board = await createBoard(t, org.id);
  });
  afterAll(() => t.close());

  const createWebhook = async (name = 'GitHub') =>
    (await t.http.post(`/api/v1/boards/${board.id}/webhooks`).set(t.admin).send({ name }).expect(201)).body;
  const deliver = (webhook: { inbound_path: string }, body: string, headers: Record<string, string> = {}) =>
    t.http.post(webhook.inbound_path).set({ 'Content-Type': 'application/json', ...headers }).send(body);

  it('shows the secret once and keeps it sealed at rest', async () => {
    const webhook = await createWebhook();
    expect(webhook.secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ board_id: board.id, enabled: true, secret_hint: webhook.secret.slice(0, 8), deliveries_accepted: 0 });
    const read = await t.http.get(`/api/v1/boards/${board.id}/webhooks/${webhook.id}`).set(t.admin).expect(200);
    expect(read.body.secret).toBeUndefined();
    const [row] = await t.dataSource.query('SELECT secret_sealed FROM board_webhooks WHERE id = $1', [webhook.id]);
    expect(row.secret_sealed).not.toContain(webhook.secret);
    const listed = await t.http.get(`/api/v1/boards/${board.id}/webhooks`).set(t.admin).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(webhook.secret);
  });

  it('accepts a signed delivery: stores it, counts it, records it as activity', async () => {
    const webhook = await createWebhook('CI');
    const body = JSON.stringify({ action: 'completed', run: 42 });
    const accepted = await deliver(webhook, body, { 'X-Signature-256': sign(webhook.secret, body), 'X-Event-Type': 'workflow_run' }).expect(202);
    expect(accepted.body).toEqual({ delivery_id: expect.any(String) });
    await deliver(webhook, body, { 'X-Hub-Signature-256': sign(webhook.secret, body) }).expect(202);

    const deliveries = await t.http.get(`/api/v1/boards/${board.id}/webhooks/${webhook.id}/deliveries`).set(t.admin).expect(200);
    expect(deliveries.body.total).toBe(2);
    expect(deliveries.body.items[1]).toMatchObject({ id: accepted.body.delivery_id, event_type: 'workflow_run', payload: { action: 'completed', run: 42 } });
    const counted = await t.http.get(`/api/v1/boards/${board.id}/webhooks/${webhook.id}`).set(t.admin).expect(200);
    expect(counted.body).toMatchObject({ deliveries_accepted: 2, deliveries_rejected: 0, last_delivery_at: expect.any(String) });
    const trail = await t.http.get('/api/v1/activity').query({ target_id: webhook.id, action: 'webhook.delivery_received' }).set(t.admin).expect(200);
    expect(trail.body.items[0]).toMatchObject({ actor: { type: 'system', id: null }, board_id: board.id });
  });

  it('refuses unsigned, wrongly signed, tampered, non-JSON and disabled deliveries, counting each', async () => {
    const webhook = await createWebhook('strict');
    const body = JSON.stringify({ hello: 'world' });
    expect((await deliver(webhook, body).expect(401)).body).toEqual({ detail: 'The delivery is not signed' });
    await deliver(webhook, body, { 'X-Signature-256': sign('whsec_wrong', body) }).expect(401);
    await deliver(webhook, JSON.stringify({ hello: 'tampered' }), { 'X-Signature-256': sign(webhook.secret, body) }).expect(401);
    await deliver(webhook, body, { 'X-Signature-256': 'md5=abc' }).expect(401);
    await t.http.post(webhook.inbound_path).set('Content-Type', 'text/plain').set('X-Signature-256', sign(webhook.secret, 'x')).send('x').expect(415);
    await t.http.patch(`/api/v1/boards/${board.id}/webhooks/${webhook.id}`).set(t.admin).send({ enabled: false }).expect(200);
    await deliver(webhook, body, { 'X-Signature-256': sign(webhook.secret, body) }).expect(403);

    const counted = await t.http.get(`/api/v1/boards/${board.id}/webhooks/${webhook.id}`).set(t.admin).expect(200);
    expect(counted.body).toMatchObject({ deliveries_accepted: 0, deliveries_rejected: 6 });
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1', [webhook.id]);
    expect(n).toBe(0);
    await t.http.post(`/api/v1/webhooks/inbound/${randomUUID()}`).set('Content-Type', 'application/json').send('{}').expect(404);
  });

  it('rotates the secret: the old one stops working at once', async () => {
    const webhook = await createWebhook('rotating');
    const rotated = await t.http.post(`/api/v1/boards/${board.id}/webhooks/${webhook.id}/rotate-secret`).set(t.admin).expect(200);
    expect(rotated.body.secret).not.toBe(webhook.secret);
    const body = '{"n":1}';
    await deliver(webhook, body, { 'X-Signature-256': sign(webhook.secret, body) }).expect(401);
    await deliver(webhook, body, { 'X-Signature-256': sign(rotated.body.secret, body) }).expect(202);
  });

  it('keeps webhooks to their board and organization', async () => {
    const webhook = await createWebhook('scoped');
    const otherBoard = await createBoard(t, org.id);
    await t.http.get(`/api/v1/boards/${otherBoard.id}/webhooks/${webhook.id}`).set(t.admin).expect(404);
    const outsider = await organizationAdmin(t, (await createOrganization(t)).id);
    await t.http.get(`/api/v1/boards/${board.id}/webhooks`).set(outsider.headers).expect(403);
    await t.http.post(`/api/v1/boards/${board.id}/webhooks`).set(outsider.headers).send({ name: 'x' }).expect(403);
    await t.http.delete(`/api/v1/boards/${board.id}/webhooks/${webhook.id}`).set(t.admin).expect(204);
    await t.http.get(`/api/v1/boards/${board.id}/webhooks/${webhook.id}`).set(t.admin).expect(404);
  });
});
