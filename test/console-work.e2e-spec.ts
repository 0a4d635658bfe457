import type { Page } from 'playwright-core';
import { describeConsole } from './support/console-browser';

describeConsole('Console work pages in a browser', (b) => {
  const { newPage, shot, api } = b;

  const row = (page: Page, action: string) => page.getByTestId('approval-row').filter({ hasText: action });

  /** Picks a board in a BoardSelect the way a user does: type part of its name, click the option. */
  async function chooseBoard(page: Page, testId: string, name: string): Promise<void> {
    await page.getByTestId(testId).click();
    await page.getByTestId(testId).fill(name.slice(0, 4));
    await page.getByRole('option', { name }).click();
  }

  it('approvals inbox: pending first and paged, filters by board and status, approves and rejects with a comment, shows a refusal, in English and Chinese', async () => {
    // seed: two boards, an agent on the first that asks for approvals, and enough pending requests for two pages
    const org = await api('/api/v1/organizations', { name: 'Shenzhen Office', slug: 'shenzhen-office' });
    const release = await api('/api/v1/boards', { organization_id: org.id, name: 'Release 2.0' });
    const site = await api('/api/v1/boards', { organization_id: org.id, name: 'Marketing site' });
    const agent = await api('/api/v1/agents', { organization_id: org.id, name: 'release-bot', board_id: release.id });
    const task = (board: { id: string }, title: string) => api('/api/v1/tasks', { board_id: board.id, title });
    const asAgent = async (body: unknown) => {
      const response = await fetch(`${b.service.baseUrl}/api/v1/agent/approvals`, {
        method: 'POST',
        headers: { 'X-Agent-Token': agent.agent_token, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`agent approval answered ${response.status}: ${await response.text()}`);
      return response.json();
    };
    for (let i = 1; i <= 21; i++) {
      const translate = await task(site, `Translate the pricing page (${i})`);
      await api('/api/v1/approvals', { task_id: translate.id, action_type: 'content.translate', payload: { locale: `locale-${i}` }, confidence: 0.7 });
    }
    const cdn = await task(site, 'Purge the CDN cache');
    const purge = await api('/api/v1/approvals', { task_id: cdn.id, action_type: 'cdn.purge', confidence: 0.99 });
    await api(`/api/v1/approvals/${purge.id}/approve`, { note: 'Fine outside business hours.' });
    const deploy = await task(release, 'Deploy 2.0 to production');
    await asAgent({ task_id: deploy.id, action_type: 'deploy.production', payload: { version: '2.0.0', environment: 'production', canary: '10%' }, confidence: 0.92 });
    const branches = await task(release, 'Clean up merged branches');
    await asAgent({ task_id: branches.id, action_type: 'git.delete_branches', payload: { branches: ['release/1.9', 'hotfix/login'] }, confidence: 0.35 });
    const rotate = await task(release, 'Rotate the database credentials');
    const rotation = await api('/api/v1/approvals', { task_id: rotate.id, action_type: 'db.rotate_credentials', confidence: 0.55 });

    // English: the inbox opens on what waits for a decision, 24 of them over two pages
    const page = await newPage('en-US', true);
    await page.goto(`${b.service.baseUrl}/approvals`);
    await page.getByTestId('approvals-filter-pending').getByText('Pending · 24').waitFor();
    await row(page, 'deploy.production').getByText('by Agent release-bot').waitFor();
    await row(page, 'deploy.production').getByText('Deploy 2.0 to production').waitFor();
    await page.getByTestId('pager').waitFor();
    await shot(page, 'work-approvals-pending');
    await page.getByTestId('pager').getByRole('button', { name: '2' }).click();
    await page.getByText('Translate the pricing page (1)').waitFor();
    expect(await page.getByTestId('approval-row').count()).toBe(4);

    // one board: its three requests, one page
    await chooseBoard(page, 'approvals-board', 'Release 2.0');
    await page.getByTestId('approvals-filter-pending').getByText('Pending · 3').waitFor();
    await row(page, 'db.rotate_credentials').waitFor();
    expect(await page.getByTestId('approval-row').count()).toBe(3);

    // approve with a comment, after reading what the agent wants to do
    await row(page, 'deploy.production').getByTestId('approval-approve').click();
    await page.getByTestId('decision-payload').getByText('"canary": "10%"').waitFor();
    await page.getByTestId('decision-note').fill('Go ahead after the 18:00 freeze lifts.');
    await shot(page, 'work-approvals-approve');
    await page.getByTestId('decision-submit').click();
    await page.getByTestId('approvals-notice').getByText('Approved “deploy.production”.').waitFor();
    await row(page, 'deploy.production').waitFor({ state: 'detached' });

    // reject: the comment is required
    await row(page, 'git.delete_branches').getByTestId('approval-reject').click();
    expect(await page.getByTestId('decision-submit').isDisabled()).toBe(true);
    await page.getByTestId('decision-note').fill('Keep release/1.9 until QA signs off 2.0.');
    await page.getByTestId('decision-submit').click();
    await page.getByTestId('approvals-notice').getByText('Rejected “git.delete_branches”.').waitFor();

    // decided elsewhere while the form was open: the API's refusal is shown and the list catches up
    await row(page, 'db.rotate_credentials').getByTestId('approval-approve').click();
    await api(`/api/v1/approvals/${rotation.id}/reject`, { note: 'Not during the release.' });
    await page.getByTestId('decision-submit').click();
    await page.getByTestId('decision-error').getByText('This approval was already rejected').waitFor();
    await page.getByTestId('decision-close').click();
    await page.getByTestId('empty-state').getByText('Nothing on this board is waiting for a decision', { exact: false }).waitFor();
    await shot(page, 'work-approvals-empty');

    // the decisions, with their comments
    await page.getByTestId('approvals-filter-all').click();
    await row(page, 'deploy.production').getByText('Go ahead after the 18:00 freeze lifts.').waitFor();
    await row(page, 'git.delete_branches').getByTestId('approval-status').getByText('Rejected').waitFor();
    await row(page, 'db.rotate_credentials').getByText('Not during the release.').waitFor();
    await shot(page, 'work-approvals-all');
    // the filters are in the address: a reload shows the same list
    expect(new URL(page.url()).searchParams.get('status')).toBe('all');
    await page.reload();
    await row(page, 'deploy.production').getByText('Go ahead after the 18:00 freeze lifts.').waitFor();
    expect(await page.getByTestId('approval-row').count()).toBe(3);
    await page.getByTestId('approvals-filter-rejected').click();
    await row(page, 'deploy.production').waitFor({ state: 'detached' });
    expect(await page.getByTestId('approval-row').count()).toBe(2);
    await page.getByTestId('theme-toggle').click();
    await row(page, 'git.delete_branches').getByTestId('approval-view').click();
    await page.getByTestId('decision-modal').getByText('Keep release/1.9 until QA signs off 2.0.').waitFor();
    await shot(page, 'work-approvals-review-dark');

    // Chinese
    const zh = await newPage('zh-CN', true);
    await zh.goto(`${b.service.baseUrl}/approvals`);
    await zh.getByTestId('approvals-filter-pending').getByText('待审批 · 21').waitFor();
    await zh.getByTestId('approval-row').first().getByText('申请人：管理员').waitFor();
    await zh.getByTestId('nav-approvals').getByText('审批').waitFor();
    await shot(zh, 'work-approvals-zh');
    await zh.getByTestId('approval-reject').first().click();
    await zh.getByText('必填：说明不能执行的原因，方便申请方调整。').waitFor();
    await zh.getByTestId('decision-note').fill('译文需要先经过法务审核。');
    await shot(zh, 'work-approvals-reject-zh');
    await zh.getByTestId('decision-submit').click();
    await zh.getByTestId('approvals-notice').getByText('已拒绝“content.translate”。').waitFor();
    await zh.getByTestId('approvals-filter-pending').getByText('待审批 · 20').waitFor();
  }, 90_000);
});
