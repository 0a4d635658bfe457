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
  it('suggestions bell and proactive rules: suggestions arrive live, accept runs the action, dismiss; rules are created, disabled, refused with the API reason, edited and deleted', async () => {
    // seed: an organisation that sorts first (so the console opens on it), a board, an agent, and a rule of our own
    const org = await api('/api/v1/organizations', { name: 'Aurora Labs', slug: 'aurora-labs' });
    const launch = await api('/api/v1/boards', { organization_id: org.id, name: 'Launch week' });
    const agent = await api('/api/v1/agents', { organization_id: org.id, name: 'triage-bot', board_id: launch.id });
    const triage = await api('/api/v1/proactive-rules', {
      organization_id: org.id,
      name: 'Triage urgent tasks',
      description: 'Offers to move every new urgent task to To do.',
      trigger: { type: 'event', event: 'task.created' },
      conditions: [{ field: 'task.priority', op: 'eq', value: 'urgent' }],
      action: { type: 'create_suggestion', params: { title: 'Triage “{{task.title}}”', priority: 'high', action: { type: 'move_task', params: { status: 'todo' } } } },
      cooldown_minutes: 0,
    });

    const page = await newPage('en-US', true);
    await page.goto(`${b.service.baseUrl}/rules`);
    await page.getByTestId('suggestion-bell').click();
    await page.getByTestId('suggestion-stream-status').and(page.locator('[data-status="live"]')).waitFor();
    await page.getByTestId('suggestion-empty').waitFor();

    // live, with no reload: one from the rule (a new urgent task), one straight from an agent
    const crash = await api('/api/v1/tasks', { board_id: launch.id, title: 'Fix the checkout crash', priority: 'urgent' });
    const reported = await fetch(`${b.service.baseUrl}/api/v1/agent/suggestions`, {
      method: 'POST',
      headers: { 'X-Agent-Token': agent.agent_token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Split the launch checklist', description: 'It has 40 items; one task per team would be easier to track.', priority: 'medium', confidence: 0.7 }),
    });
    expect(reported.status).toBe(201);
    const item = (title: string) => page.getByTestId('suggestion-item').filter({ hasText: title });
    await item('Triage “Fix the checkout crash”').getByTestId('suggestion-new').waitFor();
    await item('Split the launch checklist').getByTestId('suggestion-new').waitFor();
    await page.locator('[data-testid="suggestion-bell-count"][data-count="2"]').waitFor();
    await item('Triage “Fix the checkout crash”').getByText('Accepting runs: Move the task').waitFor();
    await shot(page, 'work-bell-live');

    // accept runs the rule's proposed action; dismiss only records the decision
    await item('Triage “Fix the checkout crash”').getByTestId('suggestion-accept').click();
    await page.getByTestId('suggestion-notice').getByText('Accepted “Triage “Fix the checkout crash””; its action ran.').waitFor();
    expect((await api(`/api/v1/tasks/${crash.id}`)).status).toBe('todo');
    await item('Split the launch checklist').getByTestId('suggestion-dismiss').click();
    await page.getByTestId('suggestion-notice').getByText('Dismissed “Split the launch checklist”.').waitFor();
    await page.getByTestId('suggestion-empty').waitFor();
    await page.locator('[data-testid="suggestion-bell-count"][data-count="0"]').waitFor({ state: 'attached' });
    expect((await api(`/api/v1/suggestions?organization_id=${org.id}&status=dismissed`)).total).toBe(1);
    await shot(page, 'work-bell-decided');
    await page.keyboard.press('Escape');

    // the rules list: the built-in ones and ours
    const ruleRow = (name: string) => page.getByTestId('rule-row').filter({ hasText: name });
    await ruleRow('Triage urgent tasks').getByText('task.created').waitFor();
    expect(await page.getByTestId('rule-builtin').count()).toBeGreaterThan(0);

    // create one in the editor
    await page.getByTestId('rules-new').click();
    await page.getByTestId('rule-name').fill('Review reminder');
    await page.getByTestId('rule-description').fill('Suggests a reviewer when a task reaches review.');
    await page.getByTestId('rule-event').click();
    await page.getByTestId('rule-event').fill('status_ch');
    await page.getByRole('option', { name: 'task.status_changed' }).click();
    await page.getByTestId('rule-condition-add').click();
    await page.getByTestId('rule-condition-field').fill('to');
    await page.getByTestId('rule-condition-value').fill('review');
    await page.getByTestId('rule-param-title').fill('Find a reviewer for “{{task.title}}”');
    await page.getByTestId('rule-param-priority').click();
    await page.getByRole('option', { name: 'High' }).click();
    await page.getByTestId('rule-cooldown').fill('30');
    await page.getByTestId('rule-name').scrollIntoViewIfNeeded();
    await shot(page, 'work-rules-editor');
    await page.getByTestId('rule-submit').click();
    await page.getByTestId('rules-notice').getByText('Rule “Review reminder” created.').waitFor();
    await ruleRow('Review reminder').getByText('task.status_changed').waitFor();
    await ruleRow('Review reminder').getByText('30 min').waitFor();

    // disable it
    await ruleRow('Review reminder').getByTestId('rule-toggle').click({ force: true });
    await page.getByTestId('rules-notice').getByText('Rule “Review reminder” is off', { exact: false }).waitFor();
    await page.locator('[data-testid="rule-row"][data-enabled="false"]').filter({ hasText: 'Review reminder' }).waitFor();
    const created = (await api(`/api/v1/proactive-rules?organization_id=${org.id}&builtin=false`)).items.find((r: { name: string }) => r.name === 'Review reminder');
    expect(created).toMatchObject({ enabled: false, cooldown_minutes: 30, conditions: [{ field: 'to', op: 'eq', value: 'review' }], action: { type: 'create_suggestion', params: { priority: 'high' } } });
    await shot(page, 'work-rules-list');

    // an invalid condition path and cron are refused, each reason next to its input
    await page.getByTestId('rules-new').click();
    await page.getByTestId('rule-name').fill('Broken rule');
    await page.getByTestId('rule-condition-add').click();
    await page.getByTestId('rule-condition-field').fill('task..priority');
    await page.getByTestId('rule-condition-value').fill('urgent');
    await page.getByTestId('rule-param-title').fill('Never');
    await page.getByTestId('rule-submit').click();
    await page.getByText('conditions.0.field must be a dotted path such as task.status').waitFor();
    await page.getByTestId('rule-error').getByText('The service refused the rule').waitFor();
    await page.getByTestId('rule-condition-field').scrollIntoViewIfNeeded();
    await shot(page, 'work-rules-invalid');
    await page.getByTestId('rule-trigger-schedule').click();
    await page.getByTestId('rule-cron').fill('every monday');
    await page.getByTestId('rule-condition-remove').click();
    await page.getByTestId('rule-submit').click();
    await page.getByText('trigger.cron ', { exact: false }).waitFor();
    await page.keyboard.press('Escape');
    expect((await api(`/api/v1/proactive-rules?organization_id=${org.id}&builtin=false`)).total).toBe(2);

    // edit ours (the bell's rule link opens the same editor), then delete the new one after confirming
    await page.goto(`${b.service.baseUrl}/rules?edit=${triage.id}`);
    await page.getByTestId('rule-name').and(page.locator('[value="Triage urgent tasks"]')).waitFor();
    await page.getByTestId('rule-cooldown').fill('15');
    await page.getByTestId('rule-submit').click();
    await page.getByTestId('rules-notice').getByText('Rule “Triage urgent tasks” saved.').waitFor();
    await ruleRow('Triage urgent tasks').getByText('15 min').waitFor();
    await ruleRow('Review reminder').getByTestId('rule-delete').click();
    await page.getByTestId('rule-delete-confirm').click();
    await page.getByTestId('rules-notice').getByText('Rule “Review reminder” deleted.').waitFor();
    await ruleRow('Review reminder').waitFor({ state: 'detached' });
    await page.getByTestId('theme-toggle').click();
    await ruleRow('Triage urgent tasks').getByTestId('rule-edit').click();
    await page.getByTestId('rule-param-title').waitFor();
    await shot(page, 'work-rules-edit-dark');

    // Chinese: a new suggestion arrives in the open bell
    const zh = await newPage('zh-CN', true);
    await zh.goto(`${b.service.baseUrl}/rules`);
    await zh.getByTestId('nav-rules').getByText('规则').waitFor();
    await zh.getByTestId('rule-row').filter({ hasText: 'Triage urgent tasks' }).getByText('15 分钟').waitFor();
    await shot(zh, 'work-rules-zh');
    await zh.getByTestId('suggestion-bell').click();
    await zh.getByTestId('suggestion-stream-status').and(zh.locator('[data-status="live"]')).waitFor();
    await zh.getByTestId('suggestion-empty').getByText('暂无待处理的建议', { exact: false }).waitFor();
    await api('/api/v1/tasks', { board_id: launch.id, title: '修复支付页面崩溃', priority: 'urgent' });
    await zh.getByTestId('suggestion-item').filter({ hasText: '修复支付页面崩溃' }).getByText('采纳后执行：移动任务').waitFor();
    await zh.getByTestId('suggestion-accept').getByText('采纳并执行').waitFor();
    await shot(zh, 'work-bell-zh');
  }, 90_000);
});
