import { describeConsole, readmeShot } from './support/console-browser';

describeConsole('Console command center (playwright-core + chromium)', (b) => {
  const { newPage, shot, api } = b;

  /** An agent's report, with its own token (X-Agent-Token), as an agent sends it. */
  async function report(agentToken: string, body: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${b.service.baseUrl}/api/v1/agent/events`, {
      method: 'POST',
      headers: { 'X-Agent-Token': agentToken, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`agent event answered ${response.status}: ${await response.text()}`);
  }

  it('shows what to do on an empty organisation, then KPIs, charts, the graph, allocation and live activity of a busy one, in English and Chinese, light and dark', async () => {
    const organization = await api<{ id: string }>('/api/v1/organizations', { name: 'Shenzhen Office' });

    // an organisation with nothing in it: every section says what to do next
    const page = await newPage('en-US', true);
    await page.goto(`${b.service.baseUrl}/boards`);
    await page.getByTestId('nav-command-center').click();
    await page.waitForURL(/\/command-center$/);
    await page.getByTestId('kpi-agents-value').getByText('0 / 0').waitFor();
    await page.getByTestId('throughput-empty').waitFor();
    await page.getByTestId('usage-empty').waitFor();
    await page.getByTestId('graph-empty').waitFor();
    await page.getByTestId('allocation-empty').getByText('POST /api/v1/agents', { exact: false }).waitFor();
    await page.getByTestId('agent-status-empty').waitFor();
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();
    await shot(page, 'insight-command-center-empty');

    // a busy organisation: agents, a board, tasks handed between agents, usage and reports naming each other
    const board = await api<{ id: string }>('/api/v1/boards', { organization_id: organization.id, name: 'Release 2.0' });
    const agents: Record<string, { id: string; agent_token: string }> = {};
    for (const name of ['Atlas', 'Beacon', 'Comet', 'Delta']) agents[name] = await api('/api/v1/agents', { organization_id: organization.id, name });
    const task = (title: string, assignee: string, extra: Record<string, unknown> = {}) =>
      api<{ id: string }>('/api/v1/tasks', { board_id: board.id, title, assignee_id: agents[assignee].id, ...extra });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const notes = await task('Write the release notes', 'Atlas', { priority: 'high' });
    const build = await task('Cut the release build', 'Atlas', { priority: 'urgent', due_at: yesterday });
    await task('Update the changelog', 'Atlas', { priority: 'medium' });
    const deploy = await task('Deploy to staging', 'Beacon', { priority: 'high' });
    await task('Smoke test staging', 'Comet', { priority: 'low' });
    await task('Announce the release', 'Delta', { priority: 'medium' });
    await api(`/api/v1/tasks/${notes.id}`, { assignee_id: agents.Beacon.id }, 'PATCH');
    await api(`/api/v1/tasks/${build.id}`, { assignee_id: agents.Comet.id }, 'PATCH');
    await api(`/api/v1/tasks/${deploy.id}`, { status: 'in_progress' }, 'PATCH');
    await api(`/api/v1/tasks/${deploy.id}`, { status: 'done' }, 'PATCH');
    await report(agents.Atlas.agent_token, { event_type: 'task.progress', task_id: notes.id, usage: { input_tokens: 42_000, output_tokens: 8_000, cost_usd: 0.84 }, payload: { target_agent_id: agents.Beacon.id } });
    await report(agents.Beacon.agent_token, { event_type: 'task.progress', usage: { input_tokens: 12_000, output_tokens: 3_000, cost_usd: 0.21 }, payload: { to_agent_id: agents.Delta.id } });
    await report(agents.Comet.agent_token, { event_type: 'handoff.asked', payload: { target_agent_id: agents.Atlas.id } });

    // the live stream brings the new entries without a reload
    await page.getByTestId('live-list').getByText('Write the release notes', { exact: false }).first().waitFor();
    expect(await page.locator('[data-testid="live-entry"][data-fresh="true"]').count()).toBeGreaterThan(0);
    await page.getByTestId('live-new').waitFor();

    // without a reload: the live entries make every section fetch its figures again
    await page.getByTestId('kpi-agents-value').getByText(/ \/ 4$/).waitFor();
    await page.getByTestId('kpi-tasks-today-value').getByText('6').waitFor();
    await page.getByTestId('kpi-open-tasks-value').getByText('5').waitFor();
    await page.getByTestId('kpi-cost-value').getByText('$1.05').waitFor();
    await page.getByTestId('throughput-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('usage-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('graph-edges').getByText('Handoff', { exact: false }).first().waitFor();
    expect(await page.getByTestId('graph-edge').count()).toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId('graph-node').count()).toBe(4);
    const rows = page.getByTestId('allocation-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(4);
    expect(await rows.first().textContent()).toMatch(/Comet/);
    await page.getByTestId('allocation-table').getByText('$0.84').waitFor();
    const now = page.getByTestId('agent-status-row');
    await now.first().waitFor();
    expect(await now.count()).toBe(4);
    await page.getByTestId('agent-status-table').getByText('Nothing in progress').first().waitFor();
    await page.getByTestId('agent-status-filter').getByText('Online').click();
    await page.getByTestId('agent-status-empty').getByText('No agents with the status “Online”', { exact: false }).waitFor();
    await page.getByTestId('agent-status-filter').getByText('All').click();
    await now.first().waitFor();
    await page.getByTestId('throughput-window').getByText('30 days').click();
    await page.getByTestId('throughput-chart').waitFor();
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();

    // a task created elsewhere shows up live, and the KPI follows
    await task('Hotfix the installer', 'Delta', { priority: 'urgent' });
    await page.locator('[data-testid="live-entry"][data-fresh="true"]', { hasText: 'Hotfix the installer' }).waitFor();
    await page.getByTestId('kpi-tasks-today-value').getByText('7').waitFor();
    await shot(page, 'insight-command-center');
    await readmeShot(page, 'console-command-center');

    // older entries page by cursor
    for (let i = 1; i <= 16; i += 1) await api('/api/v1/tasks', { board_id: board.id, title: `Backlog item ${i}` });
    await page.reload();
    const entries = page.getByTestId('live-entry');
    await entries.nth(19).waitFor();
    expect(await entries.count()).toBe(20);
    await page.getByTestId('live-older').click();
    await entries.nth(20).waitFor();

    // Chinese, dark
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByTestId('nav-command-center').getByText('指挥中心').waitFor();
    await page.getByTestId('allocation').getByText('资源分配').waitFor();
    await page.getByTestId('theme-toggle').click();
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });
    // both are remembered; a fresh load also puts the page back at its top for the screenshot
    await page.reload();
    await page.getByTestId('allocation').getByText('资源分配').waitFor();
    await page.getByTestId('throughput-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('graph-edge').first().waitFor();
    await page.locator('[data-testid="live-status"][data-state="live"]').waitFor();
    await shot(page, 'insight-command-center-zh-dark');
  }, 90_000);
});
