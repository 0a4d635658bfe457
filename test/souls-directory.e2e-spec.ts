import { randomUUID } from 'node:crypto';
import { getAgentFile, OpenClawGatewayClient } from '../src/integrations/openclaw-gateway';
import { SoulsService } from '../src/mission-control/souls/souls.service';
import { BUILT_IN_SOULS } from '../src/mission-control/souls/templates';
import { FakeModelServer } from './fakes/openai-model-server';
import { createAgent, createOrganization, organizationAdmin } from './support/fixtures';
import { describeWithOpenClaw, OpenClawGatewayHandle } from './support/openclaw';
import { freePort } from './support/service-process';
import { startRealGatewayRig, RealGatewayRig } from './support/real-gateway-rig';
import { startTestApp, TestApp } from './support/test-app';

describe('Souls directory /api/v1/souls-directory', () => {
  let t: TestApp;
  let org: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
  });
  afterAll(() => t.close());

  const newSoul = async (organizationId = org.id, extra: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/api/v1/souls-directory')
        .set(t.admin)
        .send({ organization_id: organizationId, slug: `soul-${randomUUID().slice(0, 8)}`, name: 'Calm analyst', content: '# SOUL.md\n\nYou are calm.\n', ...extra })
        .expect(201)
    ).body;

  const builtIns = async () =>
    (await t.http.get('/api/v1/souls-directory').query({ built_in: true, limit: 100 }).set(t.admin).expect(200)).body.items as Array<{
      id: string;
      slug: string;
      built_in: boolean;
      organization_id: string | null;
      name: string;
    }>;

  it('ships five distinct built-in templates, stored once and listed for every organization', async () => {
    const items = await builtIns();
    expect(items.map((soul) => soul.slug).sort()).toEqual(BUILT_IN_SOULS.map((soul) => soul.slug).sort());
    expect(new Set(BUILT_IN_SOULS.map((soul) => soul.content)).size).toBe(5);
    expect(items.every((soul) => soul.built_in && soul.organization_id === null)).toBe(true);
    const tutor = items.find((soul) => soul.slug === 'patient-tutor')!;
    const full = await t.http.get(`/api/v1/souls-directory/${tutor.id}`).set(t.admin).expect(200);
    expect(full.body.content).toBe(BUILT_IN_SOULS.find((soul) => soul.slug === 'patient-tutor')!.content);
    expect(full.body.content_size).toBe(Buffer.byteLength(full.body.content));

    // a fresh organization's admin sees the built-ins with nothing else
    const fresh = await createOrganization(t);
    const outsider = await organizationAdmin(t, fresh.id);
    const listed = await t.http.get('/api/v1/souls-directory').query({ limit: 100 }).set(outsider.headers).expect(200);
    expect(listed.body.items.map((soul: { slug: string }) => soul.slug).sort()).toEqual(BUILT_IN_SOULS.map((soul) => soul.slug).sort());
    expect(listed.body.items[0]).not.toHaveProperty('content');
  });

  it('upserts the built-ins at every start: same ids, changed text updated, templates no longer shipped removed', async () => {
    const before = await builtIns();
    const souls = t.app.get(SoulsService);
    await souls.onApplicationBootstrap();
    expect((await builtIns()).map((soul) => soul.id).sort()).toEqual(before.map((soul) => soul.id).sort());

    const [first, ...rest] = BUILT_IN_SOULS;
    try {
      await souls.syncBuiltIns([{ ...first, name: 'Renamed in a later build' }, ...rest.slice(1)]);
      const changed = await builtIns();
      expect(changed).toHaveLength(4);
      expect(changed.find((soul) => soul.slug === first.slug)).toMatchObject({ id: before.find((soul) => soul.slug === first.slug)!.id, name: 'Renamed in a later build' });
    } finally {
      await souls.syncBuiltIns(BUILT_IN_SOULS);
    }
    const restored = await builtIns();
    expect(restored).toHaveLength(5);
    expect(restored.find((soul) => soul.slug === first.slug)).toMatchObject({ name: first.name });
  });

  it('keeps the built-ins read-only', async () => {
    const [builtIn] = await builtIns();
    const patch = await t.http.patch(`/api/v1/souls-directory/${builtIn.id}`).set(t.admin).send({ name: 'Mine now' }).expect(403);
    expect(patch.body.detail).toMatch(/read-only/);
    const remove = await t.http.delete(`/api/v1/souls-directory/${builtIn.id}`).set(t.admin).expect(403);
    expect(remove.body.detail).toMatch(/read-only/);
    expect((await t.http.get(`/api/v1/souls-directory/${builtIn.id}`).set(t.admin).expect(200)).body.name).toBe(BUILT_IN_SOULS.find((soul) => soul.slug === builtIn.slug)!.name);
  });

  it('creates, reads, edits and deletes organization templates, recording each in the activity trail', async () => {
    const created = await t.http
      .post('/api/v1/souls-directory')
      .set(t.admin)
      .send({ organization_id: org.id, slug: 'night-shift', name: 'Night shift', description: 'Quiet and brief', content: '# Night shift\n\nSpeak softly.\n' })
      .expect(201);
    expect(created.body).toMatchObject({ organization_id: org.id, built_in: false, slug: 'night-shift', name: 'Night shift', description: 'Quiet and brief', content: '# Night shift\n\nSpeak softly.\n' });
    const duplicate = await t.http.post('/api/v1/souls-directory').set(t.admin).send({ organization_id: org.id, slug: 'night-shift', name: 'x', content: 'y' }).expect(409);
    expect(duplicate.body.detail).toContain('night-shift');
    // the same slug in another organization, and a slug a built-in uses, are fine
    await newSoul((await createOrganization(t)).id, { slug: 'night-shift' });
    await newSoul(org.id, { slug: 'patient-tutor' });

    const edited = await t.http.patch(`/api/v1/souls-directory/${created.body.id}`).set(t.admin).send({ name: 'Late shift', content: '# Late\n' }).expect(200);
    expect(edited.body).toMatchObject({ name: 'Late shift', content: '# Late\n', slug: 'night-shift' });
    await t.http.delete(`/api/v1/souls-directory/${created.body.id}`).set(t.admin).expect(204);
    await t.http.get(`/api/v1/souls-directory/${created.body.id}`).set(t.admin).expect(404);
    await t.http.patch(`/api/v1/souls-directory/${created.body.id}`).set(t.admin).send({ name: 'gone' }).expect(404);

    const trail = await t.http.get('/api/v1/activity').query({ target_id: created.body.id }).set(t.admin).expect(200);
    expect(trail.body.items.map((entry: { action: string }) => entry.action)).toEqual(['soul.deleted', 'soul.updated', 'soul.created']);
    expect(trail.body.items[1].changes).toMatchObject({ name: { from: 'Night shift', to: 'Late shift' } });
  });

  it('lists built-ins with the organization templates, searches, and pages with the headers', async () => {
    const listOrg = await createOrganization(t);
    await newSoul(listOrg.id, { slug: 'zeta-helper', name: 'Zeta helper', description: 'a lighthouse keeper' });
    await newSoul(listOrg.id, { slug: 'alpha-helper', name: 'Alpha helper' });
    await newSoul(org.id, { slug: 'not-listed', name: 'Other org' });

    const all = await t.http.get('/api/v1/souls-directory').query({ organization_id: listOrg.id, limit: 100 }).set(t.admin).expect(200);
    expect(all.body.total).toBe(7);
    const names = all.body.items.map((soul: { name: string }) => soul.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    expect(names).toEqual(expect.arrayContaining(['Zeta helper', 'Alpha helper']));
    expect(names).not.toContain('Other org');

    const page = await t.http.get('/api/v1/souls-directory').query({ organization_id: listOrg.id, limit: 2, offset: 2 }).set(t.admin).expect(200);
    expect(page.headers['x-total-count']).toBe('7');
    expect(page.headers['x-limit']).toBe('2');
    expect(page.headers['x-offset']).toBe('2');
    expect(page.body).toMatchObject({ total: 7, page: 2, size: 2 });
    expect(page.body.items).toHaveLength(2);

    const found = await t.http.get('/api/v1/souls-directory').query({ organization_id: listOrg.id, search: 'LIGHTHOUSE' }).set(t.admin).expect(200);
    expect(found.body.items.map((soul: { slug: string }) => soul.slug)).toEqual(['zeta-helper']);
    const ownOnly = await t.http.get('/api/v1/souls-directory').query({ organization_id: listOrg.id, built_in: false }).set(t.admin).expect(200);
    expect(ownOnly.body.items.map((soul: { slug: string }) => soul.slug)).toEqual(['alpha-helper', 'zeta-helper']);
  });

  it('refuses bad input with 422 and the field', async () => {
    const post = (body: Record<string, unknown>) => t.http.post('/api/v1/souls-directory').set(t.admin).send({ organization_id: org.id, slug: 'ok-slug', name: 'n', content: 'c', ...body });
    for (const slug of ['Upper', 'with space', '-leading', 'a'.repeat(65), 'dots.not.allowed']) {
      const response = await post({ slug }).expect(422);
      expect(response.body.errors[0].field).toBe('slug');
    }
    const big = await post({ content: 'x'.repeat(64 * 1024 + 1) }).expect(422);
    expect(big.body.errors[0]).toEqual({ field: 'content', message: expect.stringContaining('64 KiB') });
    // bytes, not characters: 22k three-byte characters are over 64 KiB
    await post({ content: '界'.repeat(22_000) }).expect(422);
    await post({ content: 'x'.repeat(64 * 1024), slug: `max-${randomUUID().slice(0, 6)}` }).expect(201);
    expect((await post({ content: '' }).expect(422)).body.errors[0].field).toBe('content');
    expect((await post({ organization_id: randomUUID() }).expect(422)).body.errors[0].field).toBe('organization_id');
    await post({ extra: true }).expect(422);
    await t.http.get('/api/v1/souls-directory/not-a-uuid').set(t.admin).expect(422);
    await t.http.get(`/api/v1/souls-directory/${randomUUID()}`).set(t.admin).expect(404);
  });

  it('keeps an organization admin inside its organization', async () => {
    const soul = await newSoul();
    const outsider = await organizationAdmin(t, (await createOrganization(t)).id);
    await t.http.get(`/api/v1/souls-directory/${soul.id}`).set(outsider.headers).expect(403);
    await t.http.patch(`/api/v1/souls-directory/${soul.id}`).set(outsider.headers).send({ name: 'mine' }).expect(403);
    await t.http.delete(`/api/v1/souls-directory/${soul.id}`).set(outsider.headers).expect(403);
    await t.http.post('/api/v1/souls-directory').set(outsider.headers).send({ organization_id: org.id, slug: 'x', name: 'x', content: 'x' }).expect(403);
    await t.http.get('/api/v1/souls-directory').query({ organization_id: org.id }).set(outsider.headers).expect(403);
    const ownList = await t.http.get('/api/v1/souls-directory').query({ limit: 100 }).set(outsider.headers).expect(200);
    expect(ownList.body.items.map((x: { id: string }) => x.id)).not.toContain(soul.id);
    // applying to an agent the admin cannot reach
    const agent = await createAgent(t, org.id);
    const [builtIn] = await builtIns();
    await t.http.post(`/api/v1/souls-directory/${builtIn.id}/apply`).set(outsider.headers).send({ agent_id: agent.id }).expect(403);
  });

  it('refuses to apply a template to an agent without a gateway or from another organization (409), or an unknown agent (422)', async () => {
    const soul = await newSoul();
    const noGateway = await createAgent(t, org.id);
    const refused = await t.http.post(`/api/v1/souls-directory/${soul.id}/apply`).set(t.admin).send({ agent_id: noGateway.id }).expect(409);
    expect(refused.body.detail).toMatch(/no gateway/);
    const foreign = await createAgent(t, (await createOrganization(t)).id);
    const other = await t.http.post(`/api/v1/souls-directory/${soul.id}/apply`).set(t.admin).send({ agent_id: foreign.id }).expect(409);
    expect(other.body.detail).toMatch(/another organization/);
    const unknown = await t.http.post(`/api/v1/souls-directory/${soul.id}/apply`).set(t.admin).send({ agent_id: randomUUID() }).expect(422);
    expect(unknown.body.errors[0].field).toBe('agent_id');
    await t.http.post(`/api/v1/souls-directory/${soul.id}/apply`).set(t.admin).send({}).expect(422);
    await t.http.post(`/api/v1/souls-directory/${randomUUID()}/apply`).set(t.admin).send({ agent_id: noGateway.id }).expect(404);
  });
});

describeWithOpenClaw('Souls directory against a real OpenClaw gateway', () => {
  let t: TestApp;
  let model: FakeModelServer;
  let gateway: OpenClawGatewayHandle;
  let client: OpenClawGatewayClient;
  let org: { id: string };
  let gatewayId: string;
  let agent: { id: string };

  let rig: RealGatewayRig | undefined;

  beforeAll(async () => {
    rig = await startRealGatewayRig('souls-e2e-observer');
    ({ t, model, gateway, client, org, gatewayId, agent } = rig);
  }, 180_000);

  afterAll(() => rig?.close());

  const soulOnGateway = async () => (await getAgentFile(client, { agentId: 'main', name: 'SOUL.md' })).file;

  it("writes a built-in template as the agent's SOUL.md, as agents.files.get shows, and records it", async () => {
    const builtIn = (await t.http.get('/api/v1/souls-directory').query({ built_in: true, search: 'meticulous' }).set(t.admin).expect(200)).body.items[0];
    const template = BUILT_IN_SOULS.find((soul) => soul.slug === 'meticulous-reviewer')!;
    expect(builtIn.slug).toBe(template.slug);
    expect((await soulOnGateway()).content).not.toBe(template.content);

    const applied = await t.http.post(`/api/v1/souls-directory/${builtIn.id}/apply`).set(t.admin).send({ agent_id: agent.id }).expect(200);
    expect(applied.body).toEqual({
      agent_id: agent.id,
      gateway_id: gatewayId,
      soul_id: builtIn.id,
      file: { name: 'SOUL.md', size: Buffer.byteLength(template.content), hash: expect.any(String) },
    });
    const file = await soulOnGateway();
    expect(file).toMatchObject({ missing: false, content: template.content, hash: applied.body.file.hash });

    const trail = await t.http.get('/api/v1/activity').query({ organization_id: org.id, action: 'soul.applied' }).set(t.admin).expect(200);
    expect(trail.body.items[0]).toMatchObject({ target: { type: 'agent', id: agent.id }, changes: { soul_id: builtIn.id, soul_slug: 'meticulous-reviewer', hash: applied.body.file.hash } });
  });

  it('replaces it with an organization template, unicode intact', async () => {
    const content = `# SOUL.md\n\nYou are the night-shift operator: calm, brief, 有礼貌. ${randomUUID()}\n`;
    const soul = (await t.http.post('/api/v1/souls-directory').set(t.admin).send({ organization_id: org.id, slug: `night-${randomUUID().slice(0, 6)}`, name: 'Night operator', content }).expect(201)).body;
    const applied = await t.http.post(`/api/v1/souls-directory/${soul.id}/apply`).set(t.admin).send({ agent_id: agent.id }).expect(200);
    expect(applied.body.file.size).toBe(Buffer.byteLength(content));
    expect(await soulOnGateway()).toMatchObject({ content, hash: applied.body.file.hash });
  });

  it('answers 503 when the agent\'s gateway is offline, and records nothing', async () => {
    const dead = (await t.http.post('/api/v1/gateways').set(t.admin).send({ organization_id: org.id, name: 'switched-off', url: `ws://127.0.0.1:${await freePort()}`, token: 'nobody-listens' }).expect(201)).body;
    const stranded = await createAgent(t, org.id, { gateway_id: dead.id });
    const [builtIn] = (await t.http.get('/api/v1/souls-directory').query({ built_in: true }).set(t.admin).expect(200)).body.items;
    const refused = await t.http.post(`/api/v1/souls-directory/${builtIn.id}/apply`).set(t.admin).send({ agent_id: stranded.id }).expect(503);
    expect(refused.body).toEqual({ detail: expect.stringContaining('offline') });
    const trail = await t.http.get('/api/v1/activity').query({ target_id: stranded.id, action: 'soul.applied' }).set(t.admin).expect(200);
    expect(trail.body.total).toBe(0);
  });
});
