import { randomUUID } from 'node:crypto';
import { OpenClawGatewayClient, skillsStatus } from '../src/integrations/openclaw-gateway';
import { FakeModelServer } from './fakes/openai-model-server';
import { createAgent, createOrganization, organizationAdmin } from './support/fixtures';
import { describeWithOpenClaw, OpenClawGatewayHandle } from './support/openclaw';
import { freePort } from './support/service-process';
import { startRealGatewayRig, RealGatewayRig } from './support/real-gateway-rig';
import { startTestApp, TestApp } from './support/test-app';

const SKILL_MD = '# Release notes\n\nCollect merged pull requests and write the notes.\n';

describe('Skills marketplace /api/v1/skills-marketplace', () => {
  let t: TestApp;
  let org: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await createOrganization(t);
  });
  afterAll(() => t.close());

  const post = (body: Record<string, unknown>, headers = t.admin) =>
    t.http.post('/api/v1/skills-marketplace').set(headers).send({ organization_id: org.id, slug: `s-${randomUUID().slice(0, 8)}`, name: 'A skill', content: SKILL_MD, ...body });

  it('keeps a catalogue of bundle and ClawHub skills with slugs unique per organization', async () => {
    const created = await post({
      slug: 'release-notes',
      name: 'Release notes writer',
      description: 'Writes release notes',
      files: { 'scripts/collect.sh': '#!/bin/sh\ngit log --oneline\n', 'templates/notes.md': '## Notes\n' },
    }).expect(201);
    expect(created.body).toMatchObject({
      organization_id: org.id,
      slug: 'release-notes',
      name: 'Release notes writer',
      description: 'Writes release notes',
      version: '1.0.0',
      source: 'bundle',
      content: SKILL_MD,
      files: { 'scripts/collect.sh': '#!/bin/sh\ngit log --oneline\n', 'templates/notes.md': '## Notes\n' },
      file_names: ['scripts/collect.sh', 'templates/notes.md'],
      clawhub_slug: null,
      content_size: Buffer.byteLength(SKILL_MD),
    });
    const duplicate = await post({ slug: 'release-notes' }).expect(409);
    expect(duplicate.body.detail).toContain('release-notes');
    await post({ slug: 'release-notes', organization_id: (await createOrganization(t)).id }).expect(201);

    const hub = await post({ slug: 'weather', source: 'clawhub', clawhub_slug: 'someone/weather', version: '2.1.0', content: undefined }).expect(201);
    expect(hub.body).toMatchObject({ source: 'clawhub', clawhub_slug: 'someone/weather', version: '2.1.0', content: null, files: {} });

    const got = await t.http.get(`/api/v1/skills-marketplace/${created.body.id}`).set(t.admin).expect(200);
    expect(got.body).toEqual(created.body);

    const patched = await t.http
      .patch(`/api/v1/skills-marketplace/${created.body.id}`)
      .set(t.admin)
      .send({ version: '1.1.0', content: '# Release notes v2\n', files: {} })
      .expect(200);
    expect(patched.body).toMatchObject({ slug: 'release-notes', version: '1.1.0', content: '# Release notes v2\n', files: {}, file_names: [] });
    // the slug is the install key: it cannot change
    await t.http.patch(`/api/v1/skills-marketplace/${created.body.id}`).set(t.admin).send({ slug: 'other' }).expect(422);
    // a bundle cannot lose its SKILL.md, and a ClawHub skill needs its slug
    expect((await t.http.patch(`/api/v1/skills-marketplace/${created.body.id}`).set(t.admin).send({ content: null }).expect(422)).body.errors[0].field).toBe('content');
    expect((await t.http.patch(`/api/v1/skills-marketplace/${created.body.id}`).set(t.admin).send({ source: 'clawhub' }).expect(422)).body.errors[0].field).toBe('clawhub_slug');

    await t.http.delete(`/api/v1/skills-marketplace/${created.body.id}`).set(t.admin).expect(204);
    await t.http.get(`/api/v1/skills-marketplace/${created.body.id}`).set(t.admin).expect(404);
    await t.http.delete(`/api/v1/skills-marketplace/${created.body.id}`).set(t.admin).expect(404);

    const trail = await t.http.get('/api/v1/activity').query({ target_id: created.body.id }).set(t.admin).expect(200);
    expect(trail.body.items.map((entry: { action: string }) => entry.action)).toEqual(['skill.deleted', 'skill.updated', 'skill.created']);
    expect(trail.body.items[1].changes).toMatchObject({ version: { from: '1.0.0', to: '1.1.0' }, content: { from: '…', to: '…' } });
  });

  it('lists without contents, searches, filters by source, and pages with the headers', async () => {
    const listOrg = await createOrganization(t);
    for (const [slug, name] of [['b-skill', 'Bravo'], ['a-skill', 'Alpha'], ['c-skill', 'Charlie']]) {
      await post({ organization_id: listOrg.id, slug, name, description: slug === 'c-skill' ? 'reads the tide tables' : null }).expect(201);
    }
    await post({ organization_id: listOrg.id, slug: 'hub-one', name: 'Delta', source: 'clawhub', clawhub_slug: 'x/hub-one', content: undefined }).expect(201);

    const page = await t.http.get('/api/v1/skills-marketplace').query({ organization_id: listOrg.id, limit: 2, offset: 2 }).set(t.admin).expect(200);
    expect(page.headers['x-total-count']).toBe('4');
    expect(page.headers['x-limit']).toBe('2');
    expect(page.headers['x-offset']).toBe('2');
    expect(page.body).toMatchObject({ total: 4, page: 2, size: 2 });
    expect(page.body.items.map((skill: { name: string }) => skill.name)).toEqual(['Charlie', 'Delta']);
    expect(page.body.items[0]).not.toHaveProperty('content');
    expect(page.body.items[0]).not.toHaveProperty('files');

    const search = await t.http.get('/api/v1/skills-marketplace').query({ organization_id: listOrg.id, search: 'TIDE' }).set(t.admin).expect(200);
    expect(search.body.items.map((skill: { slug: string }) => skill.slug)).toEqual(['c-skill']);
    const hubs = await t.http.get('/api/v1/skills-marketplace').query({ organization_id: listOrg.id, source: 'clawhub' }).set(t.admin).expect(200);
    expect(hubs.body.items.map((skill: { slug: string }) => skill.slug)).toEqual(['hub-one']);
    const bySlug = await t.http.get('/api/v1/skills-marketplace').query({ organization_id: listOrg.id, sort: 'slug', order: 'desc' }).set(t.admin).expect(200);
    expect(bySlug.body.items.map((skill: { slug: string }) => skill.slug)).toEqual(['hub-one', 'c-skill', 'b-skill', 'a-skill']);
  });

  it('refuses bad slugs, oversized content, unsafe file paths and missing parts with 422 and the field', async () => {
    for (const slug of ['Upper', 'with space', '-leading', 'a'.repeat(65), 'under_score', '../etc']) {
      expect((await post({ slug }).expect(422)).body.errors[0].field).toBe('slug');
    }
    const big = await post({ content: 'x'.repeat(256 * 1024 + 1) }).expect(422);
    expect(big.body.errors[0]).toEqual({ field: 'content', message: expect.stringContaining('256 KiB') });
    await post({ content: 'x'.repeat(256 * 1024) }).expect(201);

    for (const path of ['../escape.sh', 'scripts/../../escape.sh', '/etc/passwd', 'C:/windows/x', 'a\\b.txt', 'a//b', './x', '', 'SKILL.md', 'skill.md']) {
      const response = await post({ files: { [path]: 'text' } }).expect(422);
      expect(response.body.errors[0].field).toBe('files');
    }
    // a NUL is refused at the edge, before validation, naming where in the body it is
    const nul = await post({ files: { 'nul\u0000byte': 'text' } }).expect(422);
    expect(nul.body.errors[0].field).toMatch(/^body\.files\./);
    expect((await post({ files: { 'ok.txt': 42 } }).expect(422)).body.errors[0].field).toBe('files');
    expect((await post({ files: ['a.txt'] }).expect(422)).body.errors[0].field).toBe('files');
    await post({ files: { 'docs/deep/ok..txt': 'fine', '.hidden/x': 'fine' } }).expect(201);

    expect((await post({ content: undefined }).expect(422)).body.errors[0]).toEqual({ field: 'content', message: expect.stringContaining('required for bundle') });
    expect((await post({ source: 'clawhub', content: undefined }).expect(422)).body.errors[0]).toEqual({ field: 'clawhub_slug', message: expect.stringContaining('required for ClawHub') });
    expect((await post({ source: 'npm' }).expect(422)).body.errors[0].field).toBe('source');
    expect((await post({ version: 'not a version' }).expect(422)).body.errors[0].field).toBe('version');
    expect((await post({ organization_id: randomUUID() }).expect(422)).body.errors[0].field).toBe('organization_id');
    await t.http.get('/api/v1/skills-marketplace/nope').set(t.admin).expect(422);
    await t.http.get(`/api/v1/skills-marketplace/${randomUUID()}`).set(t.admin).expect(404);
  });

  it('keeps an organization admin inside its organization', async () => {
    const skill = (await post({}).expect(201)).body;
    const outsider = await organizationAdmin(t, (await createOrganization(t)).id);
    await t.http.get(`/api/v1/skills-marketplace/${skill.id}`).set(outsider.headers).expect(403);
    await t.http.patch(`/api/v1/skills-marketplace/${skill.id}`).set(outsider.headers).send({ name: 'mine' }).expect(403);
    await t.http.delete(`/api/v1/skills-marketplace/${skill.id}`).set(outsider.headers).expect(403);
    await post({}, outsider.headers).expect(403);
    await t.http.get('/api/v1/skills-marketplace').query({ organization_id: org.id }).set(outsider.headers).expect(403);
    await t.http.get('/api/v1/skills-marketplace/installed').query({ organization_id: org.id }).set(outsider.headers).expect(403);
    const own = await t.http.get('/api/v1/skills-marketplace').set(outsider.headers).expect(200);
    expect(own.body.total).toBe(0);
    const agent = await createAgent(t, org.id);
    await t.http.post(`/api/v1/skills-marketplace/${skill.id}/install`).set(outsider.headers).send({ agent_id: agent.id }).expect(403);
    await t.http.post(`/api/v1/skills-marketplace/${skill.id}/uninstall`).set(outsider.headers).send({ agent_id: agent.id }).expect(403);
  });

  it('refuses to install on an agent without a gateway or from another organization (409), or an unknown agent (422)', async () => {
    const skill = (await post({}).expect(201)).body;
    const noGateway = await createAgent(t, org.id);
    const refused = await t.http.post(`/api/v1/skills-marketplace/${skill.id}/install`).set(t.admin).send({ agent_id: noGateway.id }).expect(409);
    expect(refused.body.detail).toMatch(/no gateway/);
    const foreign = await createAgent(t, (await createOrganization(t)).id);
    const other = await t.http.post(`/api/v1/skills-marketplace/${skill.id}/install`).set(t.admin).send({ agent_id: foreign.id }).expect(409);
    expect(other.body.detail).toMatch(/another organization/);
    expect((await t.http.post(`/api/v1/skills-marketplace/${skill.id}/install`).set(t.admin).send({ agent_id: randomUUID() }).expect(422)).body.errors[0].field).toBe('agent_id');
    await t.http.post(`/api/v1/skills-marketplace/${randomUUID()}/install`).set(t.admin).send({ agent_id: noGateway.id }).expect(404);
    await t.http.post(`/api/v1/skills-marketplace/${skill.id}/uninstall`).set(t.admin).send({ agent_id: noGateway.id }).expect(409);
    await t.http.get(`/api/v1/skills-marketplace/gateways/${randomUUID()}/live`).set(t.admin).expect(404);
    const installed = await t.http.get('/api/v1/skills-marketplace/installed').query({ organization_id: org.id }).set(t.admin).expect(200);
    expect(installed.body).toMatchObject({ items: [], total: 0 });
  });
});

describeWithOpenClaw('Skills marketplace against a real OpenClaw gateway', () => {
  let t: TestApp;
  let model: FakeModelServer;
  let gateway: OpenClawGatewayHandle;
  let client: OpenClawGatewayClient;
  let org: { id: string };
  let gatewayId: string;
  let agent: { id: string };

  let rig: RealGatewayRig | undefined;

  beforeAll(async () => {
    rig = await startRealGatewayRig('skills-e2e-observer');
    ({ t, model, gateway, client, org, gatewayId, agent } = rig);
  }, 180_000);

  afterAll(() => rig?.close());

  const liveSkill = async (slug: string) => {
    const live = await t.http.get(`/api/v1/skills-marketplace/gateways/${gatewayId}/live`).query({ limit: 100 }).set(t.admin).expect(200);
    return (live.body.items as Array<{ skill_key: string; disabled: boolean; description: string | null; source: string; name: string; eligible: boolean }>).find(
      (skill) => skill.skill_key === slug,
    );
  };
  const gatewaySkill = async (slug: string) => (await skillsStatus(client, 'main')).skills.find((skill) => skill.skillKey === slug);

  it('installs a bundle skill on the agent\'s gateway (201, then 200 with the same row), as the live list and skills.status show', async () => {
    const slug = `notes-${randomUUID().slice(0, 6)}`;
    const skill = (
      await t.http
        .post('/api/v1/skills-marketplace')
        .set(t.admin)
        .send({ organization_id: org.id, slug, name: 'Notes', description: 'Keeps tidy notes', content: '# Notes\n\nWrite tidy notes.\n', files: { 'examples/one.md': '- a note\n' } })
        .expect(201)
    ).body;
    expect(await gatewaySkill(slug)).toBeUndefined();

    const first = await t.http.post(`/api/v1/skills-marketplace/${skill.id}/install`).set(t.admin).send({ agent_id: agent.id }).expect(201);
    expect(first.body).toMatchObject({ gateway_id: gatewayId, agent_id: agent.id, openclaw_agent_id: 'main', skill_id: skill.id, slug, version: '1.0.0', status: 'installed', error: null, uninstalled_at: null });
    expect(first.body.installed_at).toEqual(expect.any(String));
    const again = await t.http.post(`/api/v1/skills-marketplace/${skill.id}/install`).set(t.admin).send({ agent_id: agent.id }).expect(200);
    expect(again.body).toEqual(first.body);

    expect(await liveSkill(slug)).toEqual({ name: slug, skill_key: slug, source: 'openclaw-workspace', disabled: false, eligible: expect.any(Boolean), description: 'Keeps tidy notes' });
    expect(await gatewaySkill(slug)).toMatchObject({ name: slug, disabled: false });

    const byAgent = await t.http.get('/api/v1/skills-marketplace/installed').query({ agent_id: agent.id }).set(t.admin).expect(200);
    expect(byAgent.body.items).toEqual([first.body]);
    const byGateway = await t.http.get('/api/v1/skills-marketplace/installed').query({ gateway_id: gatewayId, status: 'installed' }).set(t.admin).expect(200);
    expect(byGateway.body.items.map((row: { id: string }) => row.id)).toContain(first.body.id);
    expect(byGateway.headers['x-total-count']).toBe(String(byGateway.body.total));

    const trail = await t.http.get('/api/v1/activity').query({ target_id: skill.id, action: 'skill.installed' }).set(t.admin).expect(200);
    expect(trail.body.total).toBe(1);
    expect(trail.body.items[0].changes).toMatchObject({ agent_id: agent.id, gateway_id: gatewayId, slug });
  });

  it('pushes a changed skill again on the next install (200, same row)', async () => {
    const slug = `changing-${randomUUID().slice(0, 6)}`;
    const skill = (await t.http.post('/api/v1/skills-marketplace').set(t.admin).send({ organization_id: org.id, slug, name: 'Changing', description: 'First words', content: '# One\n' }).expect(201)).body;
    const first = await t.http.post(`/api/v1/skills-marketplace/${skill.id}/install`).set(t.admin).send({ agent_id: agent.id }).expect(201);
    await t.http.patch(`/api/v1/skills-marketplace/${skill.id}`).set(t.admin).send({ description: 'Second words', version: '1.1.0' }).expect(200);
    const second = await t.http.post(`/api/v1/skills-marketplace/${skill.id}/install`).set(t.admin).send({ agent_id: agent.id }).expect(200);
    expect(second.body).toMatchObject({ id: first.body.id, version: '1.1.0', status: 'installed' });
    expect((await liveSkill(slug))?.description).toBe('Second words');
  });

  it('uninstalls by disabling the skill on the gateway, and a later install turns it back on', async () => {
    const slug = `removable-${randomUUID().slice(0, 6)}`;
    const skill = (await t.http.post('/api/v1/skills-marketplace').set(t.admin).send({ organization_id: org.id, slug, name: 'Removable', content: '# Removable\n' }).expect(201)).body;
    await t.http.post(`/api/v1/skills-marketplace/${skill.id}/uninstall`).set(t.admin).send({ agent_id: agent.id }).expect(404);
    const installed = await t.http.post(`/api/v1/skills-marketplace/${skill.id}/install`).set(t.admin).send({ agent_id: agent.id }).expect(201);

    const removed = await t.http.post(`/api/v1/skills-marketplace/${skill.id}/uninstall`).set(t.admin).send({ agent_id: agent.id }).expect(200);
    expect(removed.body).toMatchObject({ id: installed.body.id, status: 'uninstalled', uninstalled_at: expect.any(String) });
    expect(await liveSkill(slug)).toMatchObject({ skill_key: slug, disabled: true });
    expect(await gatewaySkill(slug)).toMatchObject({ disabled: true });
    const twice = await t.http.post(`/api/v1/skills-marketplace/${skill.id}/uninstall`).set(t.admin).send({ agent_id: agent.id }).expect(200);
    expect(twice.body).toEqual(removed.body);
    const listed = await t.http.get('/api/v1/skills-marketplace/installed').query({ skill_id: skill.id }).set(t.admin).expect(200);
    expect(listed.body.items.map((row: { status: string }) => row.status)).toEqual(['uninstalled']);

    const back = await t.http.post(`/api/v1/skills-marketplace/${skill.id}/install`).set(t.admin).send({ agent_id: agent.id }).expect(201);
    expect(back.body).toMatchObject({ id: installed.body.id, status: 'installed', uninstalled_at: null });
    expect(await liveSkill(slug)).toMatchObject({ disabled: false });

    const trail = await t.http.get('/api/v1/activity').query({ target_id: skill.id, action: 'skill.' }).set(t.admin).expect(200);
    expect(trail.body.items.map((entry: { action: string }) => entry.action)).toEqual(['skill.installed', 'skill.uninstalled', 'skill.installed', 'skill.created']);
  });

  it('answers 503 for a gateway that is offline, recording the attempt as failed and nothing as installed', async () => {
    const deadUrl = `ws://127.0.0.1:${await freePort()}`;
    const dead = (await t.http.post('/api/v1/gateways').set(t.admin).send({ organization_id: org.id, name: 'switched-off', url: deadUrl, token: 'nobody-listens' }).expect(201)).body;
    const stranded = await createAgent(t, org.id, { gateway_id: dead.id });
    const skill = (await t.http.post('/api/v1/skills-marketplace').set(t.admin).send({ organization_id: org.id, slug: `offline-${randomUUID().slice(0, 6)}`, name: 'Offline', content: '# x\n' }).expect(201)).body;

    const refused = await t.http.post(`/api/v1/skills-marketplace/${skill.id}/install`).set(t.admin).send({ agent_id: stranded.id }).expect(503);
    expect(refused.body).toEqual({ detail: expect.stringContaining('offline') });
    const rows = await t.http.get('/api/v1/skills-marketplace/installed').query({ gateway_id: dead.id }).set(t.admin).expect(200);
    expect(rows.body.items).toEqual([expect.objectContaining({ status: 'failed', installed_at: null, error: expect.stringContaining('offline') })]);
    expect((await t.http.get('/api/v1/skills-marketplace/installed').query({ gateway_id: dead.id, status: 'installed' }).set(t.admin).expect(200)).body.total).toBe(0);
    expect((await t.http.get('/api/v1/activity').query({ target_id: skill.id, action: 'skill.install_failed' }).set(t.admin).expect(200)).body.total).toBe(1);

    await t.http.get(`/api/v1/skills-marketplace/gateways/${dead.id}/live`).set(t.admin).expect(503);
    await t.http.post(`/api/v1/skills-marketplace/${skill.id}/uninstall`).set(t.admin).send({ agent_id: stranded.id }).expect(503);
  });
});
