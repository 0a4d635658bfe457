import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { assertConsoleBuilt } from './support/console-build';
import { preparedDataDir, removeDataDir, ServiceProcess } from './support/service-process';

// The console in a real browser: Debian's chromium driven by playwright-core (no browser download), against the
// compiled service as a user runs it. Screenshots go to test-artifacts/console/ (gitignored).
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const REQUIRED = process.env.REQUIRE_BROWSER === '1';
const AVAILABLE = existsSync(CHROMIUM);
const ARTIFACTS = join(__dirname, '..', 'test-artifacts', 'console');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!AVAILABLE && !REQUIRED) {
  process.stdout.write(`\nconsole browser suite skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH; REQUIRE_BROWSER=1 makes this a failure)\n`);
}

(AVAILABLE || REQUIRED ? describe : describe.skip)('Console in a browser (playwright-core + chromium)', () => {
  const token = randomBytes(24).toString('hex');
  let dataDir: string;
  let service: ServiceProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    if (!AVAILABLE) throw new Error(`REQUIRE_BROWSER=1 but there is no chromium at ${CHROMIUM}`);
    assertConsoleBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = preparedDataDir();
    [service, browser] = await Promise.all([
      ServiceProcess.start({ DATA_DIR: dataDir, LOCAL_AUTH_TOKEN: token, LOG_LEVEL: 'warn' }),
      chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true }),
    ]);
  }, 120_000);

  /** Every page as the test left it (last-state-1.png, …): after a failure, where it stopped. */
  afterEach(async () => {
    await Promise.all(pages.map((page, i) => page.screenshot({ path: join(ARTIFACTS, `last-state-${i + 1}.png`), fullPage: true }).catch(() => undefined)));
  });

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    await browser?.close();
    await service?.stop();
    if (dataDir) removeDataDir(dataDir);
  });

  async function newPage(locale: string, loggedIn = false): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    if (loggedIn) await context.addInitScript({ content: `sessionStorage.setItem('mc.token', ${JSON.stringify(token)})` });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    pages.push(page);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const api = async (path: string, body?: unknown) =>
    (
      await fetch(`${service.baseUrl}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    ).json();

  /**
   * A pointer drag the way a user does it: press on the card, move in steps (dnd-kit starts after 6 px), and
   * release once the column shows the card is over it (on a loaded machine React may not have caught up yet).
   */
  async function drag(page: Page, card: Locator, column: Locator): Promise<void> {
    const from = (await card.boundingBox())!;
    const to = (await column.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 12 });
    await column.and(page.locator('[data-over="true"]')).waitFor();
    await page.mouse.up();
  }

  const card = (page: Page, status: string, title: string) => page.locator(`[data-testid="column-${status}"] [data-testid="task-card"]`, { hasText: title });

  it('logs in, creates an organisation, a board and tasks, moves a task live to a second browser, snaps a refused move back, switches language and theme', async () => {
    // first browser: English, through the login page
    const page = await newPage('en-US');
    await page.goto(`${service.baseUrl}/boards`);
    await page.waitForURL(/\/login$/);
    await page.getByText('Sign in to Mission Control').waitFor();
    await shot(page, '01-login');
    await page.getByTestId('token-input').fill('not-the-token');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await page.getByTestId('token-input').fill(token);
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
    const tasks = (await api(`/api/v1/tasks?board_id=${boardId}&limit=100`)) as { items: { title: string; status: string }[] };
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
    await page.getByTestId('task-drawer').getByText('Started on the release notes').waitFor();
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
    await page.getByTestId('empty-state').getByText('POST /api/v1/agents', { exact: false }).waitFor();
    const organizationId = ((await api(`/api/v1/boards/${boardId}`)) as { organization_id: string }).organization_id;
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
    await page.goto(`${service.baseUrl}/organizations`);
    await page.waitForURL(/\/login$/);
    await page.getByText('Your session ended', { exact: false }).waitFor();
    await shot(page, '10-session-ended');
  }, 120_000);
});
