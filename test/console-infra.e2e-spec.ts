/// <reference lib="dom" />
// (functions passed to page.waitForFunction run in the browser)
import type { Page } from 'playwright-core';
import { describeConsole } from './support/console-browser';

describeConsole(
  'Console infrastructure pages (agents, gateways, H5 users)',
  (b) => {
    const { newPage, shot, api } = b;

    /** Until modals and drawers have finished sliding in or out: a screenshot mid-transition shows a half-drawn page. */
    const settled = (page: Page) => page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));

    it('creates an agent and rotates its token (each shown once), adds an unreachable gateway, creates and revokes a registration token, creates an H5 user and assigns it', async () => {
      const org = await api<{ id: string }>('/api/v1/organizations', { name: 'Shenzhen Office' });
      await api('/api/v1/boards', { organization_id: org.id, name: 'Support desk' });
      const page = await newPage('en-US', true);

      // agents: create, the token shown once with a warning, then a new one after confirming
      await page.goto(`${b.service.baseUrl}/agents`);
      await page.getByText('No agents in Shenzhen Office yet', { exact: false }).waitFor();
      await page.getByTestId('new-agent').click();
      await page.getByTestId('agent-name').fill('Reviewer 01');
      await page.getByTestId('agent-description').fill('Reviews pull requests of the support desk');
      await page.getByTestId('agent-create').click();
      const token = (await page.getByTestId('agent-token').textContent())!.trim();
      expect(token).toMatch(/^agt_/);
      await page.getByTestId('secret-warning').waitFor();
      await settled(page);
      await shot(page, 'infra-agent-token');
      await page.getByTestId('agent-token-done').click();
      await page.getByTestId('agent-token').waitFor({ state: 'hidden' });
      const row = page.getByTestId('agent-row').filter({ hasText: 'Reviewer 01' });
      await row.getByText(`${token.slice(0, 8)}`, { exact: false }).waitFor();
      await row.getByTestId('agent-status').getByText('Offline').waitFor();

      await row.getByTestId('agent-rotate').click();
      await page.getByText('The current token stops working at once', { exact: false }).waitFor();
      await page.getByTestId('agent-rotate-confirm').click();
      await page.getByText('New token of “Reviewer 01”').waitFor();
      const rotated = (await page.getByTestId('agent-token').textContent())!.trim();
      expect(rotated).toMatch(/^agt_/);
      expect(rotated).not.toBe(token);
      await page.getByTestId('agent-token-done').click();
      await page.getByTestId('agent-token').waitFor({ state: 'hidden' });
      await shot(page, 'infra-agents');

      // gateways: a direct gateway where nothing listens is shown as not reached and unreachable
      await page.getByTestId('nav-gateways').click();
      await page.getByTestId('gateways-empty').waitFor();
      await page.getByTestId('registration-tokens-empty').waitFor();
      await page.getByTestId('new-gateway').click();
      await page.getByTestId('gateway-name').fill('office-gateway-shenzhen-01');
      await page.getByTestId('gateway-url').fill('ws://127.0.0.1:9');
      await page.getByTestId('gateway-token').fill('nothing-listens-here');
      await page.getByTestId('gateway-create').click();
      const gateway = page.getByTestId('gateway-row').filter({ hasText: 'office-gateway-shenzhen-01' });
      await gateway.getByTestId('gateway-status').getByText('Not reached yet').waitFor();
      await gateway.getByTestId('gateway-details').click();
      await page.locator('[data-testid="gateway-reachability"][data-state="unreachable"]').waitFor();
      await page.getByTestId('gateway-metrics').waitFor();
      await settled(page);
      await shot(page, 'infra-gateway-details');
      await page.keyboard.press('Escape');
      await page.getByTestId('gateway-metrics').waitFor({ state: 'hidden' });

      // registration token: shown once, listed by its first characters, revoked after confirming
      await page.getByTestId('new-registration-token').click();
      await page.getByTestId('registration-token-create').click();
      const registration = (await page.getByTestId('registration-token').textContent())!.trim();
      expect(registration).toMatch(/^gw_reg_/);
      await page.getByTestId('secret-warning').waitFor();
      await page.getByTestId('registration-token-done').click();
      await page.getByTestId('registration-token').waitFor({ state: 'hidden' });
      const tokenRow = page.getByTestId('registration-token-row');
      await tokenRow.locator('[data-state="active"]').waitFor();
      await settled(page);
      await shot(page, 'infra-gateways');
      await tokenRow.getByTestId('registration-token-revoke').click();
      await page.getByTestId('registration-token-revoke-confirm').click();
      await tokenRow.locator('[data-state="revoked"]').waitFor();
      const registered = await fetch(`${b.service.baseUrl}/api/v1/gateway-registry/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ registration_token: registration, name: 'too-late' }),
      });
      expect(registered.status).toBe(401);

      // H5 users: create, assign to the agent, remove the assignment, delete another user
      await page.getByTestId('nav-h5-users').click();
      await page.getByText('No H5 users in Shenzhen Office yet', { exact: false }).waitFor();
      // a second user made through the API, deleted below
      await api('/api/v1/h5/users', { organization_id: org.id, username: 'temp-visitor', password: 'mobile pass 123', display_name: 'Temporary visitor' });
      await page.getByTestId('new-h5-user').click();
      await page.getByTestId('h5-user-username').fill('xiaoming');
      await page.getByTestId('h5-user-display-name').fill('小明');
      await page.getByTestId('h5-user-password').fill('mobile pass 123');
      await page.getByTestId('h5-user-create').click();
      await page.getByTestId('h5-notice').getByText('H5 user “小明” created.').waitFor();
      await page.getByText('2 in total').waitFor();
      await page.getByTestId('h5-search').fill('xiao');
      await page.getByText('1 in total').waitFor();
      const h5Row = page.getByTestId('h5-user-row').filter({ hasText: 'xiaoming' });
      await h5Row.getByTestId('h5-user-assignments').click();
      await page.getByTestId('h5-no-assignments').waitFor();
      await page.getByTestId('h5-assign-agent').click();
      await page.getByRole('option', { name: 'Reviewer 01', exact: true }).click();
      await page.getByTestId('h5-assignment').filter({ hasText: 'Reviewer 01' }).waitFor();
      await settled(page);
      await shot(page, 'infra-h5-assignments');
      await page.getByTestId('h5-unassign').click();
      await page.getByTestId('h5-no-assignments').waitFor();
      await page.getByTestId('h5-assign-agent').click();
      await page.getByRole('option', { name: 'Reviewer 01', exact: true }).click();
      await page.getByTestId('h5-assignment').filter({ hasText: 'Reviewer 01' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('h5-assign-agent').waitFor({ state: 'hidden' });

      await page.getByTestId('h5-search').fill('');
      await page.getByText('2 in total').waitFor();
      await page.getByTestId('h5-user-row').filter({ hasText: 'temp-visitor' }).getByTestId('h5-user-delete').click();
      await page.getByTestId('h5-user-delete-confirm').click();
      await page.getByTestId('h5-notice').getByText('H5 user “Temporary visitor” deleted.').waitFor();
      await page.getByText('1 in total').waitFor();
      await settled(page);
      await shot(page, 'infra-h5-users');
      const users = await api<{ items: { id: string }[] }>(`/api/v1/h5/users?organization_id=${org.id}`);
      const detail = await api<{ assignments: { agent_name: string }[] }>(`/api/v1/h5/users/${users.items[0]!.id}`);
      expect(detail.assignments.map((a) => a.agent_name)).toEqual(['Reviewer 01']);

      // the same pages in Chinese
      const zh = await newPage('zh-CN', true);
      await zh.goto(`${b.service.baseUrl}/gateways`);
      await zh.getByText('注册令牌', { exact: true }).waitFor();
      await zh.getByTestId('gateway-status').getByText('尚未连通').waitFor();
      await zh.locator('[data-testid="registration-token-state"][data-state="revoked"]').getByText('已吊销').waitFor();
      await shot(zh, 'infra-gateways-zh');
      await zh.getByTestId('nav-h5-users').click();
      await zh.getByTestId('theme-toggle').click();
      await zh.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });
      await zh.getByTestId('h5-user-row').filter({ hasText: '小明' }).getByTestId('h5-user-assignments').click();
      await zh.getByTestId('h5-assignment').filter({ hasText: 'Reviewer 01' }).waitFor();
      await settled(zh);
      await shot(zh, 'infra-h5-assignments-zh-dark');
      await zh.keyboard.press('Escape');
      await zh.getByTestId('h5-assign-agent').waitFor({ state: 'hidden' });
      await zh.getByTestId('nav-agents').click();
      await zh.getByTestId('agent-row').filter({ hasText: 'Reviewer 01' }).getByText('更换令牌').waitFor();
      await shot(zh, 'infra-agents-zh');
    }, 120_000);
  },
  // a direct gateway where nothing listens is given up on quickly
  { GATEWAY_CONNECT_WAIT_MS: '500' },
);
