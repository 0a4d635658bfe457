import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { assertConsoleBuilt } from './console-build';
import { preparedDataDir, removeDataDir, ServiceProcess } from './service-process';

// The console in a real browser: Debian's chromium driven by playwright-core (no browser download), against the
// compiled service as a user runs it. Screenshots go to test-artifacts/console/ (gitignored).
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const REQUIRED = process.env.REQUIRE_BROWSER === '1';
const AVAILABLE = existsSync(CHROMIUM);
export const CONSOLE_ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'console');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ConsoleBrowser {
  readonly token: string;
  readonly service: ServiceProcess;
  /** A page in its own context (and session); `loggedIn` puts the token in sessionStorage first. */
  newPage(locale: string, loggedIn?: boolean): Promise<Page>;
  /** A full-page screenshot, test-artifacts/console/<name>.png. */
  shot(page: Page, name: string): Promise<unknown>;
  /** The API as the admin: GET without a body, `method` (default POST) with one; the parsed JSON answer. */
  api<T = any>(path: string, body?: unknown, method?: string): Promise<T>;
}

/**
 * A pointer drag of a kanban card the way a user does it: press on the card, move in steps (dnd-kit starts after
 * 6 px), and release once the column shows the card is over it (on a loaded machine React may not have caught up yet).
 */
export async function dragCard(page: Page, card: Locator, column: Locator): Promise<void> {
  await card.scrollIntoViewIfNeeded();
  const from = (await card.boundingBox())!;
  const to = (await column.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 12 });
  await column.and(page.locator('[data-over="true"]')).waitFor();
  await page.mouse.up();
}

/**
 * The README's pictures of the console (docs/images/<name>.png, the window as the user sees it). Tracked files, so
 * they are written only when UPDATE_README_SCREENSHOTS=1 asks for it, never in CI.
 */
export async function readmeShot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_README_SCREENSHOTS !== '1') return;
  const path = join(__dirname, '..', '..', 'docs', 'images', `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
}

/**
 * `describe` for a console suite: one service (a fresh data directory, admin token, `env` or what it resolves to on
 * top) and one chromium per file.
 * Without chromium the suite is skipped with a printed reason, unless REQUIRE_BROWSER=1 makes that a failure.
 */
export function describeConsole(
  name: string,
  body: (browser: ConsoleBrowser) => void,
  env: Record<string, string> | (() => Promise<Record<string, string>>) = {},
): void {
  if (!AVAILABLE && !REQUIRED) {
    process.stdout.write(`\n${name}: skipped, no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH; REQUIRE_BROWSER=1 makes this a failure)\n`);
  }
  (AVAILABLE || REQUIRED ? describe : describe.skip)(name, () => {
    // a browser walk on a busy 2-core machine can trip over its own timeouts once; a second failure is a real one
    jest.retryTimes(1, { logErrorsBeforeRetry: true });
    const token = randomBytes(24).toString('hex');
    let dataDir: string | undefined;
    let service: ServiceProcess | undefined;
    let browser: Browser | undefined;
    const contexts: BrowserContext[] = [];
    const pages: Page[] = [];
    const prefix = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

    beforeAll(async () => {
      if (!AVAILABLE) throw new Error(`REQUIRE_BROWSER=1 but there is no chromium at ${CHROMIUM}`);
      assertConsoleBuilt();
      mkdirSync(CONSOLE_ARTIFACTS, { recursive: true });
      dataDir = preparedDataDir();
      const extra = typeof env === 'function' ? await env() : env;
      // both start at once; whichever fails, the other is still closed in afterAll
      const [started, launched] = await Promise.allSettled([
        ServiceProcess.start({ DATA_DIR: dataDir, LOCAL_AUTH_TOKEN: token, LOG_LEVEL: 'warn', ...extra }),
        chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true }),
      ]);
      if (started.status === 'fulfilled') service = started.value;
      if (launched.status === 'fulfilled') browser = launched.value;
      if (started.status === 'rejected') throw started.reason;
      if (launched.status === 'rejected') throw launched.reason;
    }, 120_000);

    /** Every page as the test left it: after a failure, where it stopped. */
    afterEach(async () => {
      await Promise.all(pages.map((page, i) => page.screenshot({ path: join(CONSOLE_ARTIFACTS, `${prefix}-last-state-${i + 1}.png`), fullPage: true }).catch(() => undefined)));
    });

    afterAll(async () => {
      await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
      await browser?.close();
      await service?.stop();
      if (dataDir) removeDataDir(dataDir);
    });

    body({
      token,
      get service() {
        if (!service) throw new Error('the service has not started');
        return service;
      },
      async newPage(locale, loggedIn = false) {
        const context = await browser!.newContext({ locale, viewport: { width: 1400, height: 900 } });
        contexts.push(context);
        if (loggedIn) await context.addInitScript({ content: `sessionStorage.setItem('mc.token', ${JSON.stringify(token)})` });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        pages.push(page);
        return page;
      },
      shot: (page, shotName) => page.screenshot({ path: join(CONSOLE_ARTIFACTS, `${shotName}.png`), fullPage: true }),
      async api(path, body, method) {
        const response = await fetch(`${service!.baseUrl}${path}`, {
          signal: AbortSignal.timeout(30_000),
          method: method ?? (body === undefined ? 'GET' : 'POST'),
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`${method ?? (body === undefined ? 'GET' : 'POST')} ${path} answered ${response.status}: ${text}`);
        return text ? JSON.parse(text) : undefined;
      },
    });
  });
}
