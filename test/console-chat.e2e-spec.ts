/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { FakeModelServer } from './fakes/openai-model-server';
import { describeConsole } from './support/console-browser';
import { ensureOpenClawRuntimeSync, OpenClawGatewayHandle, startOpenClawGateway } from './support/openclaw';

const NAME = 'Console chat through a real OpenClaw gateway';
// REQUIRE_OPENCLAW=1 makes a missing runtime throw here; otherwise the suite is skipped with the reason
const runtime = ensureOpenClawRuntimeSync();

if (typeof runtime === 'string') {
  console.warn(`[skipped] ${NAME}: ${runtime}`);
  describe.skip(NAME, () => it('needs the OpenClaw runtime', () => undefined));
} else {
  let model: FakeModelServer | undefined;
  let gateway: Promise<OpenClawGatewayHandle> | undefined;
  // the gateway starts while the service does; words come slowly enough to watch the answer grow
  const startGateway = async () => {
    model = await FakeModelServer.start({ wordDelayMs: 200 });
    gateway = startOpenClawGateway({ modelBaseUrl: model.baseUrl });
    gateway.catch(() => undefined);
    return { GATEWAY_HEARTBEAT_SECONDS: '1' };
  };

  describeConsole(
    NAME,
    (b) => {
      const { newPage, shot, api } = b;
      let handle: OpenClawGatewayHandle;

      beforeAll(async () => {
        handle = await gateway!;
      }, 120_000);

      afterAll(async () => {
        await (await gateway?.catch(() => undefined))?.stop();
        await model?.close();
      });

      async function pick(page: Page, testId: string, search: string, option: string): Promise<void> {
        await page.getByTestId(testId).fill(search);
        await page.getByRole('option', { name: option, exact: true }).click();
      }

      it('creates an H5 user on the spot, watches the answer stream in from the gateway, shows the gateway going offline, and the history in Chinese', async () => {
        const org = await api('/api/v1/organizations', { name: 'Shenzhen Office' });
        const gw = await api('/api/v1/gateways', { organization_id: org.id, name: 'Shenzhen gateway', url: handle.url, token: handle.token });
        await api('/api/v1/agents', { organization_id: org.id, name: 'Aurora', description: 'Front-desk assistant', gateway_id: gw.id });

        const page = await newPage('en-US', true);
        await page.goto(`${b.service.baseUrl}/chat`);
        await page.getByTestId('nav-chat').waitFor();
        await page.getByTestId('chat-pick-first').waitFor();
        await pick(page, 'chat-agent', 'Aur', 'Aurora');
        await page.getByTestId('chat-agent-status').waitFor();

        // no H5 user yet: typing a name offers to create one, which signs the console in as them
        await pick(page, 'chat-user', 'amy.chen', 'Create H5 user “amy.chen”');
        await page.getByTestId('chat-new-user-display-name').fill('Amy Chen');
        await page.getByTestId('chat-new-user-password').fill('amy-secret-42');
        await page.getByTestId('chat-new-user-create').click();
        await page.getByTestId('chat-signed-in').getByText('Signed in as Amy Chen').waitFor();
        await page.locator('[data-testid="chat-connection"][data-state="live"]').waitFor();
        await page.getByTestId('chat-session-draft').waitFor();
        await page.getByTestId('chat-empty').waitFor();
        await shot(page, 'chat-01-ready');

        // every text the answer shows on its way, recorded in the page
        await page.evaluate(() => {
          const seen: string[] = [];
          (window as unknown as { answerTexts: string[] }).answerTexts = seen;
          new MutationObserver(() => {
            const text = document.querySelector('[data-testid="chat-message-agent"] [data-testid="chat-message-text"]')?.textContent ?? '';
            if (text && seen[seen.length - 1] !== text) seen.push(text);
          }).observe(document.body, { subtree: true, childList: true, characterData: true });
        });
        const question = 'Which floor is the design review on this afternoon, and who should bring the printed drafts?';
        await page.getByTestId('chat-input').fill(question);
        await page.getByTestId('chat-input').press('Enter');
        await page.locator('[data-testid="chat-message-user"]', { hasText: question }).waitFor();
        await page.getByTestId('chat-streaming').waitFor();
        // the gateway's first run (workspace, model catalogue) can take a while on a loaded machine
        await page.locator('[data-testid="chat-message-agent"][data-state="streaming"]').waitFor({ timeout: 90_000 });
        await shot(page, 'chat-02-streaming');

        const answer = FakeModelServer.answerFor(question);
        await page.locator('[data-testid="chat-message-agent"][data-state="complete"]', { hasText: answer }).waitFor({ timeout: 90_000 });
        await page.getByTestId('chat-streaming').waitFor({ state: 'hidden' });
        const texts = await page.evaluate(() => (window as unknown as { answerTexts: string[] }).answerTexts);
        const partial = texts.map((t) => t.replace('▍', '')).filter((t) => t.length > 0 && t.length < answer.length);
        expect(partial.length).toBeGreaterThan(0);
        for (const text of partial) expect(answer.startsWith(text.trimEnd())).toBe(true);
        // the first answer saved the conversation: it is listed now
        await page.locator('[data-testid="chat-session"][data-active="true"]').waitFor();
        await shot(page, 'chat-03-answered');

        // the gateway dies: the next message is refused with the service's reason, and can be tried again
        await handle.kill();
        await page.getByTestId('chat-input').fill('Are you still there?');
        await page.getByTestId('chat-send').click();
        await page.locator('[data-testid="chat-message-user"][data-state="failed"]', { hasText: 'Are you still there?' }).waitFor({ timeout: 30_000 });
        await page.getByTestId('chat-error').getByText('Gateway offline', { exact: false }).waitFor();
        await page.getByTestId('chat-retry').waitFor();
        await shot(page, 'chat-04-gateway-offline');

        // in Chinese, as another admin tab: an existing H5 user signs in with their password and sees the history
        const zh = await newPage('zh-CN', true);
        await zh.goto(`${b.service.baseUrl}/chat`);
        await zh.getByText('请先在左侧选择智能体').waitFor();
        await pick(zh, 'chat-agent', 'Aur', 'Aurora');
        await pick(zh, 'chat-user', 'amy', 'Amy Chen (amy.chen)');
        await zh.getByTestId('chat-password').fill('wrong password');
        await zh.getByTestId('chat-sign-in').click();
        await zh.getByTestId('chat-sign-in-error').waitFor();
        await zh.getByTestId('chat-password').fill('amy-secret-42');
        await zh.getByTestId('chat-sign-in').click();
        await zh.getByTestId('chat-signed-in').getByText('已登录为 Amy Chen').waitFor();
        await zh.locator('[data-testid="chat-message-agent"][data-state="complete"]', { hasText: answer }).waitFor();
        await shot(zh, 'chat-05-history-zh');
        await zh.getByTestId('theme-toggle').click();
        await zh.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });
        await shot(zh, 'chat-06-history-zh-dark');
      }, 180_000);
    },
    startGateway,
  );
}
