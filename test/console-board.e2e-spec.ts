/// <reference lib="dom" />
// (functions passed to page.evaluate run in the browser)
import type { Page } from 'playwright-core';
import { describeConsole, dragCard as drag } from './support/console-browser';

const TASKS = 1000;
// most tasks in the inbox, so one column has far more cards than fit on screen
const SPREAD: [string, number][] = [
  ['inbox', 700],
  ['todo', 150],
  ['in_progress', 60],
  ['review', 50],
  ['done', 40],
];

describeConsole('Console board at scale (1 000 tasks)', (b) => {
  const { newPage, shot, api } = b;

  const card = (page: Page, status: string, title: string) => page.locator(`[data-testid="column-${status}"] [data-testid="task-card"]`, { hasText: title });

  /**
   * Scrolls the column to its end until its last card is drawn (the virtualiser measures cards as they appear, so
   * the end moves while it does) and answers that card's title.
   */
  async function scrollToEnd(page: Page, status: string): Promise<string> {
    const handle = await page.waitForFunction((status) => {
      const scroller = document.querySelector<HTMLElement>(`[data-testid="column-scroll-${status}"]`);
      const count = Number(document.querySelector(`[data-testid="column-count-${status}"]`)?.textContent);
      if (!scroller || !count) return false;
      scroller.scrollTop = scroller.scrollHeight;
      const last = scroller.querySelector(`[data-index="${count - 1}"] [data-testid="task-card"]`);
      return last && last.getBoundingClientRect().bottom <= scroller.getBoundingClientRect().bottom + 1 ? last.textContent : false;
    }, status);
    return (await handle.jsonValue()) as string;
  }

  it('loads 1 000 tasks through the paged API, draws few cards, scrolls a column to its end, moves a card live and snaps a refused move back', async () => {
    const organization = await api<{ id: string }>('/api/v1/organizations', { name: 'Scale Lab' });
    const board = await api<{ id: string }>('/api/v1/boards', { organization_id: organization.id, name: 'Migration backlog' });
    const titles: { title: string; status: string }[] = [];
    for (const [status, count] of SPREAD) for (let i = 1; i <= count; i += 1) titles.push({ title: `${status} task ${String(i).padStart(3, '0')}`, status });
    expect(titles).toHaveLength(TASKS);
    const seeding = Date.now();
    for (let i = 0; i < titles.length; i += 50) {
      await Promise.all(titles.slice(i, i + 50).map(({ title, status }) => api('/api/v1/tasks', { board_id: board.id, title, status })));
    }
    const seeded = Date.now() - seeding;

    const page = await newPage('en-US', true);
    await page.goto(`${b.service.baseUrl}/organizations`);
    await page.getByTestId('organizations-table').getByText('Scale Lab').waitFor();
    const offsets: number[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/v1/tasks' && url.searchParams.get('board_id') === board.id) offsets.push(Number(url.searchParams.get('offset')));
    });
    const started = Date.now();
    await page.goto(`${b.service.baseUrl}/boards/${board.id}`);
    await page.getByTestId('task-card').first().waitFor();
    const firstCard = Date.now() - started;
    await page.getByTestId('column-count-inbox').getByText('700', { exact: true }).waitFor();
    await page.locator('[data-testid="board-loading"]').waitFor({ state: 'detached' });
    const allLoaded = Date.now() - started;
    for (const [status, count] of SPREAD) expect(await page.getByTestId(`column-count-${status}`).textContent()).toBe(String(count));
    await page.locator('[data-testid="sync-status"][data-state="live"]').waitFor();
    // every page of the list, not only the first, whichever of the list and the live snapshot came first
    await page.waitForFunction(() => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/v1/tasks?') && entry.name.includes('offset=900')).length > 0);
    expect([...offsets].sort((a, b) => a - b)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    await shot(page, 'board-1000-tasks');

    const scrollStarted = Date.now();
    const lastInbox = await scrollToEnd(page, 'inbox');
    const scrolled = Date.now() - scrollStarted;
    const cardNodes = await page.getByTestId('task-card').count();
    expect(cardNodes).toBeLessThan(200);
    await shot(page, 'board-1000-tasks-scrolled');
    process.stdout.write(
      `\nconsole board: ${TASKS} tasks (seeded in ${seeded} ms), first card after ${firstCard} ms, all loaded after ${allLoaded} ms, inbox (700) scrolled to its end in ${scrolled} ms, ${cardNodes} card DOM nodes\n`,
    );

    // a second browser, in Chinese, sees the move of a card from the scrolled end of the inbox through the live sync
    const watcher = await newPage('zh-CN', true);
    await watcher.goto(`${b.service.baseUrl}/boards/${board.id}`);
    await watcher.getByTestId('column-count-inbox').getByText('700', { exact: true }).waitFor();
    await drag(page, card(page, 'inbox', lastInbox), page.getByTestId('column-review'));
    await card(page, 'review', lastInbox).waitFor();
    await page.getByTestId('column-count-inbox').getByText('699', { exact: true }).waitFor();
    await watcher.getByTestId('column-count-review').getByText('51', { exact: true }).waitFor();
    expect(await scrollToEnd(watcher, 'review')).toBe(lastInbox);
    await shot(watcher, 'board-1000-tasks-zh');

    // a refused move (a WIP limit of 60 on a column that holds 60): the card returns to the inbox and the reason shows
    await api(`/api/v1/boards/${board.id}`, { wip_limit: 60 }, 'PATCH');
    await page.getByTestId('column-scroll-inbox').evaluate((scroller) => scroller.scrollTo({ top: 0 }));
    const first = page.locator('[data-testid="column-scroll-inbox"] [data-index="0"] [data-testid="task-card"]');
    const firstTitle = (await first.textContent())!;
    await drag(page, first, page.getByTestId('column-in_progress'));
    await page.getByTestId('move-refused').waitFor();
    await card(page, 'inbox', firstTitle).waitFor();
    expect(await card(page, 'in_progress', firstTitle).count()).toBe(0);
    expect(await page.getByTestId('column-count-in_progress').textContent()).toBe('60');
    await shot(page, 'board-1000-tasks-refused');

    // the same board in the dark scheme
    await page.getByTestId('theme-toggle').click();
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });
    await shot(page, 'board-1000-tasks-dark');
  }, 180_000);
});
