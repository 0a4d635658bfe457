import type { Page } from 'playwright-core';
import { describeConsole } from './support/console-browser';

describeConsole('Console pipelines and activity in a browser', (b) => {
  const { newPage, shot, api } = b;

  const stage = (page: Page, key: string, status: string) => page.locator(`[data-testid="timeline-stage"][data-stage-key="${key}"][data-status="${status}"]`);
  const card = (page: Page, index: number) => page.getByTestId('stage-card').nth(index);

  it('creates a pipeline from a template, edits its stages, runs it live (advance, cancel, a refusal), and the activity timeline lists it all, in English and Chinese', async () => {
    const org = await api('/api/v1/organizations', { name: 'Hangzhou Ops', slug: 'hangzhou-ops' });
    const board = await api('/api/v1/boards', { organization_id: org.id, name: 'Incidents' });
    // enough older entries for the activity timeline to page
    await Promise.all(Array.from({ length: 22 }, (_, i) => api('/api/v1/tasks', { board_id: board.id, title: `Check alert rule ${i + 1}` })));

    // the empty list says what to do, then the template picker
    const page = await newPage('en-US', true);
    await page.goto(`${b.service.baseUrl}/pipelines`);
    await page.getByTestId('empty-state').getByText('No pipelines in Hangzhou Ops yet', { exact: false }).waitFor();
    await page.getByTestId('pipeline-new').click();
    await page.getByTestId('template-incident').click();
    await page.getByTestId('pipeline-name').fill('Checkout incident');
    await page.getByTestId('pipeline-board').click();
    await page.getByRole('option', { name: 'Incidents' }).click();
    await shot(page, 'pipelines-create-template');
    await page.getByTestId('pipeline-create-submit').click();

    // the editor: drop the agent triage, add a manual stage and move it up after the war room
    await page.getByTestId('pipeline-title').getByText('Checkout incident').waitFor();
    expect(await page.getByTestId('stage-card').count()).toBe(6);
    await card(page, 0).getByTestId('stage-remove').click();
    await page.getByTestId('stage-add').click();
    const added = card(page, 5);
    await added.getByTestId('stage-name').fill('Notify customers');
    await added.getByTestId('stage-field-instructions').fill('Post the status page update, then advance the run.');
    // a key the API refuses: its reason is shown and nothing is lost
    await added.getByTestId('stage-key').fill('Notify');
    await page.getByTestId('pipeline-save-bottom').click();
    await page.getByTestId('pipeline-save-error').getByText('must be 1-63 lower-case letters', { exact: false }).waitFor();
    await added.getByTestId('stage-key').fill('notify');
    for (let i = 0; i < 3; i++) await page.locator('[data-testid="stage-card"][data-stage-key="notify"]').getByTestId('stage-up').click();
    expect(await page.getByTestId('stage-key').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual([
      'severe',
      'war_room',
      'notify',
      'resolve',
      'observe',
      'postmortem',
    ]);
    await page.getByTestId('pipeline-save').click();
    await page.getByTestId('pipeline-saved').waitFor();
    const pipelineUrl = page.url();
    await shot(page, 'pipelines-editor');

    // a run: the condition passes, the war room waits for a person
    await page.getByTestId('run-start').click();
    await page.getByTestId('run-input').fill('{"title": "Checkout errors", "severity": "sev1"}');
    await page.getByTestId('run-start-submit').click();
    await stage(page, 'war_room', 'waiting').waitFor();
    await stage(page, 'severe', 'succeeded').waitFor();
    await page.getByTestId('run-status').getByText('Waiting').waitFor();
    const runUrl = page.url();
    expect(runUrl).toMatch(/\/pipelines\/runs\/[0-9a-f-]{36}$/);

    // a colleague watches the same run in another browser
    const watcher = await newPage('en-US', true);
    await watcher.goto(runUrl);
    await stage(watcher, 'war_room', 'waiting').waitFor();
    await watcher.getByTestId('run-live').waitFor();
    await shot(page, 'pipelines-run-waiting');

    // advance: the war room is done and the next manual stage waits, here and, without a reload, there
    await page.getByTestId('run-advance').click();
    await page.getByTestId('advance-output').fill('{"room": "#inc-checkout"}');
    await page.getByTestId('advance-submit').click();
    await page.getByTestId('run-notice').getByText('“War room” is done; the run goes on.').waitFor();
    await page.getByTestId('advance-submit').waitFor({ state: 'detached' });
    await stage(page, 'war_room', 'succeeded').getByText('#inc-checkout').waitFor();
    await stage(page, 'notify', 'waiting').getByText('Post the status page update', { exact: false }).waitFor();
    await stage(watcher, 'war_room', 'succeeded').waitFor();
    await stage(watcher, 'notify', 'waiting').waitFor();
    await shot(page, 'pipelines-run-advanced');
    await watcher.getByTestId('theme-toggle').click();
    await shot(watcher, 'pipelines-run-dark');

    // another run, cancelled while its agent task waits
    await page.goto(pipelineUrl);
    await page.getByTestId('run-start').click();
    await page.getByTestId('run-start-submit').click();
    await stage(page, 'resolve', 'waiting').waitFor();
    await stage(page, 'war_room', 'skipped').waitFor();
    await page.getByTestId('run-cancel').click();
    await page.getByTestId('cancel-confirm').click();
    await page.getByTestId('run-notice').getByText('The run was cancelled.').waitFor();
    await page.locator('[data-testid="run-status"][data-status="cancelled"]').waitFor();
    await stage(page, 'resolve', 'cancelled').waitFor();
    expect(await page.getByTestId('run-cancel').count()).toBe(0);
    await page.getByTestId('cancel-confirm').waitFor({ state: 'detached' });
    expect(await stage(page, 'resolve', 'cancelled').getByTestId('stage-task').count()).toBe(0);
    await shot(page, 'pipelines-run-cancelled');

    // a disabled pipeline: the API's refusal is shown
    await page.getByTestId('run-back').click();
    await page.getByTestId('pipeline-enabled').click();
    await page.getByTestId('pipeline-save').click();
    await page.getByTestId('pipeline-saved').waitFor();
    await page.getByTestId('run-start').click();
    await page.getByTestId('run-start-submit').click();
    await page.getByTestId('run-start-error').getByText('This pipeline is disabled; enable it to run it').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('tab-runs').click();
    await page.locator('[data-testid="run-row"][data-status="cancelled"]').waitFor();
    await page.locator('[data-testid="run-row"][data-status="waiting"]').waitFor();
    await shot(page, 'pipelines-runs');
    await page.getByTestId('nav-pipelines').click();
    await page.getByTestId('pipeline-row').getByText('Checkout incident').waitFor();
    await page.getByTestId('pipeline-row').getByText('Disabled').waitFor();
    await shot(page, 'pipelines-list');

    // the activity timeline: newest first, filtered, paged with "load more"
    await page.getByTestId('nav-activity').click();
    const entry = (text: string) => page.getByTestId('activity-entry').filter({ hasText: text }).first();
    await entry('Pipeline "Checkout incident" run cancelled').waitFor();
    await entry('Stage "War room" advanced').getByTestId('activity-actor').getByText('Admin').waitFor();
    await shot(page, 'activity-list');
    await page.getByTestId('activity-more').click();
    await page.getByTestId('activity-count').getByText(/^40 of \d+$/).waitFor();
    await page.getByTestId('activity-action-filter').fill('pipeline.');
    await page.getByTestId('activity-entry').filter({ hasText: 'Check alert rule' }).first().waitFor({ state: 'detached' });
    await entry('Pipeline "Checkout incident" created from the template').waitFor();
    await entry('Pipeline "Checkout incident" updated').waitFor();
    await entry('Pipeline "Checkout incident" started').waitFor();
    await shot(page, 'activity-filtered');
    await entry('Stage "War room" advanced').getByTestId('activity-target').click();
    await stage(page, 'notify', 'waiting').waitFor();

    // Chinese
    const zh = await newPage('zh-CN', true);
    await zh.goto(`${b.service.baseUrl}/activity`);
    await zh.getByTestId('nav-activity').getByText('动态').waitFor();
    await zh.getByTestId('activity-entry').first().getByTestId('activity-actor').getByText('管理员').waitFor();
    await zh.getByTestId('activity-more').getByText('加载更多').waitFor();
    await shot(zh, 'activity-zh');
    await zh.goto(runUrl);
    await zh.getByTestId('run-advance').getByText('推进').waitFor();
    await stage(zh, 'war_room', 'succeeded').getByText('已完成').waitFor();
    await shot(zh, 'pipelines-run-zh');
    await zh.goto(pipelineUrl);
    await zh.getByTestId('tab-stages').getByText('阶段与触发方式').waitFor();
    await shot(zh, 'pipelines-editor-zh');
    // from scratch: one manual stage to build on
    await zh.getByTestId('nav-pipelines').click();
    await zh.getByTestId('pipeline-new').click();
    await zh.getByTestId('pipeline-mode-scratch').click();
    await zh.getByTestId('pipeline-name').fill('值班交接');
    await zh.getByTestId('pipeline-create-submit').click();
    await zh.getByTestId('pipeline-title').getByText('值班交接').waitFor();
    expect(await zh.getByTestId('stage-name').inputValue()).toBe('确认');
    await zh.getByTestId('pipeline-back').click();
    await zh.getByTestId('pipeline-row').filter({ hasText: '值班交接' }).getByText('已启用').waitFor();
    await shot(zh, 'pipelines-list-zh');
  }, 120_000);
});
