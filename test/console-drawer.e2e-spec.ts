import type { Page } from 'playwright-core';
import { describeConsole, readmeShot } from './support/console-browser';


describeConsole('Console task drawer', (b) => {
  const { newPage, shot, api } = b;

  const card = (page: Page, title: string) => page.locator('[data-testid="task-card"]', { hasText: title });
  const drawer = (page: Page) => page.getByTestId('task-drawer');
  /** Types into a searching select and picks the option once the server's answer lists it. */
  async function pick(page: Page, testId: string, search: string, option: string): Promise<void> {
    await drawer(page).getByTestId(testId).fill(search);
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  it('shows a realistic board, then edits a task in the drawer: details, a refused cycle and a dependency, tags, custom fields, an approval, its activity; and in Chinese', async () => {
    // a small board as a team uses it: agents, coloured tags, custom fields, a dozen tasks across the columns
    const org = await api('/api/v1/organizations', { name: 'Northwind Labs' });
    const board = await api('/api/v1/boards', { organization_id: org.id, name: 'Website relaunch' });
    const agents: Record<string, string> = {};
    for (const name of ['Ada', 'Grace', 'Linus', 'Margaret']) agents[name] = (await api('/api/v1/agents', { organization_id: org.id, name })).id;
    const colors: Record<string, string> = { design: '#9333ea', frontend: '#2563eb', backend: '#0891b2', marketing: '#d97706', bug: '#dc2626' };
    for (const [name, color] of Object.entries(colors)) await api('/api/v1/tags', { organization_id: org.id, name, color });
    await api('/api/v1/task-custom-fields', { organization_id: org.id, board_id: board.id, key: 'story_points', label: 'Story points', type: 'number' });
    await api('/api/v1/task-custom-fields', { organization_id: org.id, board_id: board.id, key: 'release', label: 'Release', type: 'enum', options: ['2.0', '2.1'] });
    await api('/api/v1/task-custom-fields', { organization_id: org.id, key: 'customer_facing', label: 'Customer-facing', type: 'boolean' });
    const seeds: [string, string, string, string | null, string[]][] = [
      ['Collect feedback from the beta group', 'inbox', 'low', null, ['marketing']],
      ['Fix the broken footer links', 'inbox', 'high', 'Linus', ['bug', 'frontend']],
      ['Translate the pricing page', 'inbox', 'medium', null, ['frontend']],
      ['Write the launch blog post', 'todo', 'medium', 'Ada', ['marketing']],
      ['Set up redirects from the old URLs', 'todo', 'high', 'Linus', ['backend']],
      ['Choose the hero illustrations', 'todo', 'low', 'Margaret', ['design']],
      ['Design the landing page', 'in_progress', 'urgent', 'Margaret', ['design', 'frontend']],
      ['Move the CMS to the new host', 'in_progress', 'high', 'Linus', ['backend']],
      ['Review the accessibility audit', 'review', 'medium', 'Grace', ['frontend']],
      ['Proofread the launch blog post', 'review', 'medium', 'Grace', ['marketing']],
      ['Agree the launch date', 'done', 'high', 'Ada', []],
      ['Pick the new colour palette', 'done', 'low', 'Margaret', ['design']],
    ];
    const ids: Record<string, string> = {};
    for (const [title, status, priority, assignee, tags] of seeds) {
      ids[title] = (await api('/api/v1/tasks', { board_id: board.id, title, status, priority, assignee_id: assignee ? agents[assignee] : null, tags })).id;
    }
    const target = ids['Write the launch blog post'];
    // the proofreading waits for the post: making the post wait for the proofreading would be a cycle
    await api(`/api/v1/tasks/${ids['Proofread the launch blog post']}`, { depends_on: [target] }, 'PATCH');
    await api('/api/v1/approvals', { task_id: target, action_type: 'publish.blog', payload: { channel: 'website' }, confidence: 0.82 });

    const page = await newPage('en-US', true);
    await page.goto(`${b.service.baseUrl}/boards/${board.id}`);
    await page.locator('[data-testid="sync-status"][data-state="live"]').waitFor();
    await page.getByTestId('column-count-done').getByText('2', { exact: true }).waitFor();
    await card(page, 'Design the landing page').getByTestId('card-assignee').waitFor();
    await shot(page, 'drawer-00-board');
    await readmeShot(page, 'console-board');

    // details: title, description, priority, assignee, due date
    await card(page, 'Write the launch blog post').click();
    await drawer(page).getByTestId('task-edit-title').fill('Write the launch blog post (v2)');
    await drawer(page).getByTestId('task-edit-description').fill('Announce the relaunch: what is new, who it is for, and a link to the pricing page.');
    await drawer(page).getByTestId('task-edit-priority').click();
    await page.getByRole('option', { name: 'High', exact: true }).click();
    await pick(page, 'task-edit-assignee', 'Gra', 'Grace');
    await drawer(page).getByTestId('task-edit-due').fill('2026-12-24T17:00');
    await drawer(page).getByTestId('task-edit-save').click();
    await card(page, 'Write the launch blog post (v2)').waitFor();
    await drawer(page).getByTestId('task-priority').getByText('High').waitFor();
    let task = await api(`/api/v1/tasks/${target}`);
    expect(task).toMatchObject({ title: 'Write the launch blog post (v2)', priority: 'high', assignee_id: agents.Grace });
    expect(new Date(task.due_at).getDate()).toBe(24);
    await shot(page, 'drawer-01-details');

    // dependencies: a cycle is refused with the API's reason; a fair one is added
    await drawer(page).getByTestId('tab-dependencies').click();
    await drawer(page).getByTestId('dependencies-empty').waitFor();
    await pick(page, 'dependency-search', 'Proofread', 'Proofread the launch blog post');
    await drawer(page).getByTestId('dependency-error').getByText('These dependencies would form a cycle').waitFor();
    await shot(page, 'drawer-02-cycle-refused');
    await pick(page, 'dependency-search', 'landing', 'Design the landing page');
    await drawer(page).getByTestId('dependency').filter({ hasText: 'Design the landing page' }).waitFor();
    await drawer(page).getByTestId('dependent').filter({ hasText: 'Proofread the launch blog post' }).waitFor();
    await shot(page, 'drawer-03-dependencies');

    // tags: one from the catalogue, one created on the spot
    await drawer(page).getByTestId('tab-tags').click();
    await pick(page, 'tag-search', 'front', 'frontend');
    await drawer(page).getByTestId('task-tag').filter({ hasText: 'frontend' }).waitFor();
    await drawer(page).getByTestId('tag-search').fill('press');
    await drawer(page).getByTestId('tag-colors').getByLabel('#16a34a').click();
    await drawer(page).getByTestId('tag-search').click();
    await page.getByRole('option', { name: 'Create tag “press”', exact: true }).click();
    await drawer(page).getByTestId('task-tag').filter({ hasText: 'press' }).waitFor();
    await card(page, 'Write the launch blog post (v2)').getByTestId('card-tag').filter({ hasText: 'press' }).waitFor();
    await drawer(page).getByTestId('tag-remove-marketing').click();
    await drawer(page).getByTestId('task-tag').filter({ hasText: 'marketing' }).waitFor({ state: 'detached' });
    await shot(page, 'drawer-04-tags');

    // custom fields: a number, a choice from a list, a yes/no
    await drawer(page).getByTestId('tab-fields').click();
    await drawer(page).getByTestId('field-story_points').fill('5');
    await drawer(page).getByTestId('field-release').click();
    await page.getByRole('option', { name: '2.1', exact: true }).click();
    await drawer(page).getByRole('switch', { name: 'Customer-facing' }).click();
    // a new field, defined from the drawer, then filled in
    await drawer(page).getByTestId('field-new').click();
    await page.getByTestId('field-label').fill('Launch checklist');
    await page.getByTestId('field-type').click();
    await page.getByRole('option', { name: 'Link', exact: true }).click();
    await page.getByTestId('field-create').click();
    await drawer(page).getByTestId('field-launch_checklist').fill('https://example.com/launch-checklist');
    await drawer(page).getByTestId('fields-save').click();
    await drawer(page).locator('[data-testid="fields-save"]:disabled').waitFor();
    task = await api(`/api/v1/tasks/${target}`);
    expect(task.custom_fields).toEqual({ story_points: 5, release: '2.1', customer_facing: true, launch_checklist: 'https://example.com/launch-checklist' });
    expect(task.depends_on).toEqual([ids['Design the landing page']]);
    expect(task.tags.map((tag: { name: string }) => tag.name).sort()).toEqual(['frontend', 'press']);
    await shot(page, 'drawer-05-fields');

    // the approval an agent asked for: approve it
    await drawer(page).getByTestId('tab-approvals').click();
    await drawer(page).locator('[data-testid="approval"][data-status="pending"]').getByText('publish.blog').waitFor();
    await drawer(page).getByTestId('approval-note').fill('Good to go after the landing page ships');
    await drawer(page).getByTestId('approval-approve').click();
    await drawer(page).locator('[data-testid="approval"][data-status="approved"]').waitFor();
    await shot(page, 'drawer-06-approvals');

    // the activity of those edits, newest first
    await drawer(page).getByTestId('tab-activity').click();
    const entries = drawer(page).getByTestId('activity-entry');
    await entries.filter({ hasText: 'untagged "marketing"' }).waitFor();
    await entries.filter({ hasText: 'tagged "press"' }).first().waitFor();
    await entries.filter({ hasText: 'story_points' }).waitFor();
    // ids in the changes read as the names of the board's tasks and agents
    await entries.filter({ hasText: 'depends_on' }).filter({ hasText: 'Design the landing page' }).waitFor();
    await entries.filter({ hasText: 'assignee_id: Ada → Grace' }).waitFor();
    await entries.filter({ hasText: 'priority' }).waitFor();
    await shot(page, 'drawer-07-activity');

    // the same task in Chinese
    const zh = await newPage('zh-CN', true);
    await zh.goto(`${b.service.baseUrl}/boards/${board.id}`);
    await card(zh, 'Write the launch blog post (v2)').click();
    await drawer(zh).getByText('保存修改').waitFor();
    await drawer(zh).getByTestId('tab-fields').click();
    await drawer(zh).getByTestId('field-story_points').waitFor();
    await shot(zh, 'drawer-08-fields-zh');
    await zh.keyboard.press('Escape');
    await drawer(zh).waitFor({ state: 'hidden' });
    await zh.getByTestId('theme-toggle').click();
    await zh.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });
    await card(zh, 'Write the launch blog post (v2)').click();
    await drawer(zh).getByTestId('tab-approvals').click();
    await drawer(zh).getByText('已批准').waitFor();
    await shot(zh, 'drawer-09-approvals-zh-dark');
  }, 90_000);
});
