import type { Page } from 'playwright-core';
import { describeConsole, dragCard as drag } from './support/console-browser';

describeConsole('Console in a browser (playwright-core + chromium)', (b) => {
  const { newPage, shot, api } = b;

  const card = (page: Page, status: string, title: string) => page.locator(`[data-testid="column-${status}"] [data-testid="task-card"]`, { hasText: title });

  it('logs in, creates an organisation, a board and tasks, moves a task live to a second browser, snaps a refused move back, switches language and theme', async () => {
    // first browser: English, through the login page
    const page = await newPage('en-US');
    await page.goto(`${b.service.baseUrl}/boards`);
    await page.waitForURL(/\/login$/);
    await page.getByText('Sign in to Mission Control').waitFor();
    await shot(page, '01-login');
    await page.getByTestId('token-input').fill('not-the-token');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await page.getByTestId('token-input').fill(b.token);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/boards$/);
    await page.getByTestId('empty-state').waitFor();

    // organisation
    await page.getByTestId('nav-organizations').click();
    await page.getByTestId('empty-state').waitFor();
    await page.getByTestId('new-organization').click();
    await page.getByTestId('organization-name').fill('Shenzhen Office');
    await page.getByTestId('organization-create').click();
    await page.getByTestId('organizations-table').getByText('Shenzhen Office').waitFor();
    await shot(page, '02-organizations');

    // board with a WIP limit of 1, so a second task cannot go in progress
    await page.getByTestId('nav-boards').click();
    await page.getByText('No boards in Shenzhen Office yet', { exact: false }).waitFor();
    await page.getByTestId('new-board').click();
    await page.getByTestId('board-name').fill('Release 2.0');
    await page.getByTestId('board-wip').fill('1');
    await page.getByTestId('board-create').click();
    await page.getByTestId('board-card').filter({ hasText: 'Release 2.0' }).click();
    await page.waitForURL(/\/boards\/[0-9a-f-]{36}$/);
    const boardUrl = page.url();
    const boardId = boardUrl.slice(boardUrl.lastIndexOf('/') + 1);
    await page.locator('[data-testid="sync-status"][data-state="live"]').waitFor();
    await page.getByTestId('empty-state').waitFor();

    for (const title of ['Alpha', 'Beta']) {
      await page.getByTestId('task-title').fill(title);
      await page.getByTestId('task-add').click();
      await card(page, 'inbox', title).waitFor();
    }

    // second browser: its own context (and session), Chinese from navigator.language, straight to the board
    const watcher = await newPage('zh-CN', true);
    await watcher.goto(boardUrl);
    await watcher.locator('[data-testid="sync-status"][data-state="live"]').waitFor();
    await watcher.getByText('收件箱').waitFor();
    await card(watcher, 'inbox', 'Alpha').waitFor();
    await card(watcher, 'inbox', 'Beta').waitFor();

    // a move: the PATCH lands, and the second browser sees it through the board's WebSocket
    await drag(page, card(page, 'inbox', 'Alpha'), page.getByTestId('column-in_progress'));
    await card(page, 'in_progress', 'Alpha').waitFor();
    await card(watcher, 'in_progress', 'Alpha').waitFor();
    const tasks = (await api<any>(`/api/v1/tasks?board_id=${boardId}&limit=100`)) as { items: { title: string; status: string }[] };
    expect(tasks.items.find((t) => t.title === 'Alpha')?.status).toBe('in_progress');
    await shot(page, '03-board-moved');
    await shot(watcher, '04-second-browser-zh');

    // a refused move (the WIP limit): the card returns to its column and the reason shows
    await drag(page, card(page, 'inbox', 'Beta'), page.getByTestId('column-in_progress'));
    const refusal = page.getByTestId('move-refused');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/WIP limit/);
    await card(page, 'inbox', 'Beta').waitFor();
    expect(await card(page, 'in_progress', 'Beta').count()).toBe(0);
    expect(await card(watcher, 'in_progress', 'Beta').count()).toBe(0);
    await shot(page, '05-move-refused');

    // the task drawer: description and comments
    await card(page, 'in_progress', 'Alpha').click();
    await page.getByText('No comments yet', { exact: false }).waitFor();
    await page.getByTestId('comment-input').fill('Started on the release notes');
    await page.getByTestId('comment-send').click();
    await page.getByTestId('task-drawer').getByTestId('comment').filter({ hasText: 'Started on the release notes' }).waitFor();
    await shot(page, '06-task-drawer');
    await page.keyboard.press('Escape');

    // language: to Chinese and back, remembered across a reload
    await page.getByTestId('language-switch').getByText('中文').click();
    await page.getByTestId('nav-boards').getByText('看板').waitFor();
    await page.getByText('进行中').first().waitFor();
    await page.reload();
    await page.getByTestId('nav-boards').getByText('看板').waitFor();
    await shot(page, '07-board-zh');
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByTestId('nav-boards').getByText('Boards').waitFor();
    await watcher.getByTestId('language-switch').getByText('English').click();
    await watcher.getByText('In progress').first().waitFor();

    // light and dark, remembered across a reload
    const scheme = () => page.locator('html').getAttribute('data-mantine-color-scheme');
    const before = await scheme();
    await page.getByTestId('theme-toggle').click();
    const after = before === 'dark' ? 'light' : 'dark';
    await page.locator(`html[data-mantine-color-scheme="${after}"]`).waitFor({ state: 'attached' });
    await page.reload();
    await page.locator(`html[data-mantine-color-scheme="${after}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('column-in_progress').waitFor();
    await shot(page, `08-board-${after}`);

    // agents of the chosen organisation, with their status; an empty list says what to do
    await page.getByTestId('nav-agents').click();
    await page.getByTestId('empty-state').getByText('Create one with “New agent”', { exact: false }).waitFor();
    const organizationId = ((await api<any>(`/api/v1/boards/${boardId}`)) as { organization_id: string }).organization_id;
    await api('/api/v1/agents', { organization_id: organizationId, name: 'Release bot' });
    await page.reload();
    const agents = page.getByTestId('agents-table');
    await agents.getByText('Release bot').waitFor();
    await agents.getByText('Offline').waitFor();

    // lists page: 25 organisations more make two pages of 20
    for (let i = 1; i <= 25; i += 1) await api('/api/v1/organizations', { name: `Branch ${String(i).padStart(2, '0')}` });
    await page.getByTestId('nav-organizations').click();
    await page.getByText('26 in total').waitFor();
    expect(await page.getByTestId('organizations-table').locator('tbody tr').count()).toBe(20);
    await page.getByTestId('pager').getByRole('button', { name: '2' }).click();
    await page.getByTestId('organizations-table').getByText('Shenzhen Office').waitFor();
    expect(await page.getByTestId('organizations-table').locator('tbody tr').count()).toBe(6);
    await shot(page, '09-organizations-page-2');

    // a 401 (a token the service no longer takes) returns to the login page
    await page.evaluate("sessionStorage.setItem('mc.token', 'revoked-token')");
    await page.goto(`${b.service.baseUrl}/organizations`);
    await page.waitForURL(/\/login$/);
    await page.getByText('Your session ended', { exact: false }).waitFor();
    await shot(page, '10-session-ended');
  }, 120_000);
});
