/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { describeConsole } from './support/console-browser';

// The skills and souls pages only read the service's own catalogue (GET /skills-marketplace, /souls-directory): no
// remote registry or gateway is called until something is installed or applied, so this suite needs no fakes.
describeConsole('Console knowledge, teams, skills and souls in a browser', (b) => {
  const { newPage, shot, api } = b;

  const pick = async (page: Page, testId: string, option: string, type?: string) => {
    const input = page.getByTestId(testId);
    await input.click();
    if (type !== undefined) await input.fill(type);
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  /** Dialogs and drawers slide in: a screenshot waits until nothing moves. */
  const settled = (page: Page) => page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));

  it('searches knowledge in Chinese with highlights, pins and uploads; builds a team and ranks capabilities; browses skills and souls', async () => {
    const org = await api('/api/v1/organizations', { name: 'Chengdu Platform', slug: 'chengdu-platform' });
    const board = await api('/api/v1/boards', { organization_id: org.id, name: 'Gateway upgrade' });
    const entry = await api('/api/v1/knowledge', {
      organization_id: org.id,
      board_id: board.id,
      title: '网关升级步骤',
      content: '升级网关之前需要先备份数据库，然后逐台重启。',
      category: '运维手册',
      tags: ['网关', '数据库'],
    });
    await api('/api/v1/knowledge', { organization_id: org.id, title: 'Rotate API keys', content: 'Rotate the keys every quarter and revoke the old ones.', category: 'Security', tags: ['keys'] });
    await api('/api/v1/knowledge', { organization_id: org.id, title: 'On-call handbook', content: 'Who to call, and when. Escalate after 15 minutes.' });
    const agents: Record<string, { id: string }> = {};
    for (const [name, proficiency] of [['Ada', 5], ['Grace', 3], ['Linus', 4]] as const) {
      agents[name] = await api('/api/v1/agents', { organization_id: org.id, name });
      await api(`/api/v1/agents/${agents[name].id}/capabilities`, { capability: 'code_review', proficiency });
    }
    await api('/api/v1/skills-marketplace', { organization_id: org.id, slug: 'release-notes', name: 'Release notes writer', description: 'Collects merged pull requests and writes the notes.', content: '# Release notes\n\nCollect merged pull requests and write the notes.\n', files: { 'scripts/collect.sh': '#!/bin/sh\ngit log --oneline\n' } });
    await api('/api/v1/skills-marketplace', { organization_id: org.id, slug: 'incident-summary', name: 'Incident summary', description: 'Summarises an incident channel into a timeline.', content: '# Incident summary\n' });
    await api('/api/v1/skills-marketplace', { organization_id: org.id, slug: 'weather', name: 'Weather', source: 'clawhub', clawhub_slug: 'someone/weather', version: '2.1.0' });

    // knowledge: browse, pin, keyword search in Chinese with the match highlighted, another mode
    const page = await newPage('en-US', true);
    await page.goto(`${b.service.baseUrl}/knowledge`);
    await page.getByTestId('knowledge-table').waitFor();
    expect(await page.getByTestId('knowledge-row').count()).toBe(3);
    const row = page.locator(`[data-testid="knowledge-row"][data-entry-id="${entry.id}"]`);
    await row.getByTestId('knowledge-pin').click();
    await page.locator(`[data-testid="knowledge-row"][data-entry-id="${entry.id}"][data-pinned="true"]`).waitFor();
    await page.getByTestId('knowledge-notice').getByText('is pinned', { exact: false }).waitFor();
    expect(await page.getByTestId('knowledge-row').first().getAttribute('data-entry-id')).toBe(entry.id);
    await shot(page, 'knowledge-browse');

    await page.getByTestId('knowledge-search').fill('备份');
    const hit = page.locator(`[data-testid="knowledge-hit"][data-entry-id="${entry.id}"]`);
    await page.locator('[data-testid="knowledge-results"][data-mode="keyword"]').waitFor();
    await hit.getByTestId('knowledge-snippet').locator('mark', { hasText: '备份' }).waitFor();
    expect(await hit.getByTestId('knowledge-snippet').locator('mark').first().textContent()).toBe('备份');
    await hit.locator('[data-testid="knowledge-pinned"]').waitFor();
    await page.getByTestId('knowledge-mode-hybrid').click();
    await page.locator('[data-testid="knowledge-results"][data-mode="hybrid"]').waitFor();
    await hit.waitFor();
    await shot(page, 'knowledge-search');

    // a document: a refused type shows the API's reason, a Markdown file is attached and becomes searchable
    await hit.getByTestId('knowledge-hit-open').click();
    await page.getByTestId('knowledge-documents-empty').waitFor();
    await page.getByTestId('knowledge-upload-input').setInputFiles({ name: 'diagram.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
    await page.getByTestId('knowledge-upload-error').getByText('cannot be read', { exact: false }).waitFor();
    await page.getByTestId('knowledge-upload-input').setInputFiles({ name: 'rollback.md', mimeType: 'text/markdown', buffer: Buffer.from('# Rollback\n\nIf the upgrade fails, restore the snapshot and verify the checksum.\n') });
    await page.getByTestId('knowledge-document').getByText('rollback.md').waitFor();
    await page.getByTestId('knowledge-upload-notice').waitFor();
    await settled(page);
    await shot(page, 'knowledge-editor');
    await page.keyboard.press('Escape');
    await page.getByTestId('knowledge-documents').waitFor({ state: 'detached' });
    await page.getByTestId('knowledge-mode-keyword').click();
    await page.getByTestId('knowledge-search').fill('checksum');
    await page.locator(`[data-testid="knowledge-hit"][data-entry-id="${entry.id}"]`).getByTestId('knowledge-snippet').locator('mark', { hasText: 'checksum' }).waitFor();

    // the same search in Chinese
    const zh = await newPage('zh-CN', true);
    await zh.goto(`${b.service.baseUrl}/knowledge?q=${encodeURIComponent('备份')}`);
    await zh.getByTestId('knowledge-snippet').locator('mark', { hasText: '备份' }).waitFor();
    await zh.getByText('共有 1 条结果').waitFor();
    await shot(zh, 'knowledge-search-zh');
    await zh.getByTestId('theme-toggle').click();
    await zh.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });
    await shot(zh, 'knowledge-search-zh-dark');

    // teams: create one with a lead, add a member with a role, capability search ranked
    await page.getByTestId('nav-teams').click();
    await page.getByTestId('empty-state').getByText('No teams in Chengdu Platform yet', { exact: false }).waitFor();
    await page.getByTestId('capability-prompt').waitFor();
    await page.getByTestId('teams-new').click();
    await page.getByTestId('team-name').fill('Release task force');
    await page.getByTestId('team-description').fill('Ships the gateway upgrade.');
    await pick(page, 'team-type-input', 'Task force');
    await pick(page, 'team-lead-input', 'Ada', 'Ada');
    await page.getByTestId('team-create').click();
    const team = page.getByTestId('team-card').filter({ hasText: 'Release task force' });
    await team.getByTestId('team-lead').getByText('Lead: Ada', { exact: false }).waitFor();
    await pick(page, 'team-add-role', 'Reviewer');
    await pick(page, 'team-add-member', 'Grace');
    await team.locator(`[data-testid="team-member"][data-agent-id="${agents.Grace.id}"]`).getByText('Reviewer').waitFor();
    expect(await team.getByTestId('team-member').count()).toBe(2);
    await page.getByTestId('capability-search').fill('code_review');
    await page.getByTestId('capability-results').waitFor();
    expect(await page.getByTestId('capability-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-agent-id')))).toEqual([agents.Ada.id, agents.Linus.id, agents.Grace.id]);
    await shot(page, 'teams');

    // skills: browse, filter, search, details
    await page.getByTestId('nav-skills').click();
    await page.getByTestId('skills-list').waitFor();
    expect(await page.getByTestId('skills-card').count()).toBe(3);
    await page.getByTestId('skills-filter-clawhub').click();
    await page.locator('[data-testid="skills-card"]').first().and(page.locator('[data-slug="weather"]')).waitFor();
    await page.getByTestId('skills-filter-all').click();
    await page.getByTestId('skills-search').fill('release');
    await page.locator('[data-testid="skills-card"][data-slug="incident-summary"]').waitFor({ state: 'detached' });
    await page.locator('[data-testid="skills-card"][data-slug="release-notes"]').click();
    await page.getByTestId('skills-content').getByText('Collect merged pull requests', { exact: false }).waitFor();
    await page.getByText('scripts/collect.sh').waitFor();
    await settled(page);
    await shot(page, 'skills');
    await page.keyboard.press('Escape');

    // souls: the built-in templates, details, and the directory in Chinese
    await page.getByTestId('nav-souls').click();
    await page.getByTestId('souls-list').waitFor();
    await page.getByTestId('souls-card').first().click();
    await page.getByTestId('souls-content').waitFor();
    await settled(page);
    await shot(page, 'souls');
    await zh.getByTestId('nav-souls').click();
    await zh.getByTestId('souls-list').waitFor();
    await zh.getByText('灵魂目录').first().waitFor();
    await shot(zh, 'souls-zh');
  }, 120_000);
});
