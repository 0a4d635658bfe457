import type { Page } from 'playwright-core';
import { describeConsole } from './support/console-browser';

/** The Monday of the week after `from`, as YYYY-MM-DD (UTC): a working day clear of today. */
function nextMonday(from = new Date()): string {
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  day.setUTCDate(day.getUTCDate() + ((8 - day.getUTCDay()) % 7 || 7));
  return day.toISOString().slice(0, 10);
}

function plusDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describeConsole('Console calendar', (b) => {
  const { newPage, shot, api } = b;

  async function openCalendar(page: Page, organizationId: string, query: string): Promise<void> {
    await page.addInitScript((id) => localStorage.setItem('mc.organization', id), organizationId);
    await page.goto(`${b.service.baseUrl}/calendar?${query}`);
  }

  async function pickAgent(page: Page, testId: string, name: string): Promise<void> {
    await page.getByTestId(testId).click();
    await page.getByTestId(testId).fill(name.slice(0, 3));
    await page.getByRole('option', { name }).click();
    await page.keyboard.press('Escape');
  }

  it('creates a single and a weekly event in the month and week views, refuses an overlapping schedule, shows the workload, suggests a slot and hands out a feed URL', async () => {
    const monday = nextMonday();
    const organization = await api<{ id: string }>('/api/v1/organizations', { name: 'Calendar Lab' });
    await api('/api/v1/users/me', { timezone: 'UTC' }, 'PATCH');
    const board = await api<{ id: string }>('/api/v1/boards', { organization_id: organization.id, name: 'Launch' });
    const ada = await api<{ id: string }>('/api/v1/agents', { organization_id: organization.id, name: 'Ada planner' });
    await api('/api/v1/agents', { organization_id: organization.id, name: 'Bob reviewer' });
    const [first, second] = await Promise.all(
      ['Write the launch notes', 'Record the demo'].map((title) => api<{ id: string }>('/api/v1/tasks', { board_id: board.id, title, assignee_id: ada.id })),
    );
    await api('/api/v1/calendar/schedules', { task_id: first.id, agent_id: ada.id, planned_start: `${monday}T09:00:00Z`, planned_end: `${monday}T15:00:00Z`, estimated_hours: 6 });

    const page = await newPage('en-US', true);
    await openCalendar(page, organization.id, `date=${monday}`);
    await page.getByTestId('calendar-month').waitFor();
    await page.locator('[data-testid="calendar-schedule"]', { hasText: 'Task: Write the launch notes' }).waitFor();

    // a single event through the form (it opens on the shown day at 10:00)
    await page.getByTestId('event-new').click();
    await page.getByTestId('event-title').fill('Design review');
    await page.getByTestId('event-save').click();
    await page.getByTestId('calendar-notice').waitFor();
    await page.locator(`[data-testid="calendar-day"][data-day="${monday}"] [data-testid="calendar-event"][data-title="Design review"]`).waitFor();

    // a weekly series on Wednesdays, six times
    await page.getByTestId('event-new').click();
    await page.getByTestId('event-title').fill('Weekly sync');
    await page.getByTestId('event-start').fill(`${plusDays(monday, 2)}T14:00`);
    await page.getByTestId('event-end').fill(`${plusDays(monday, 2)}T14:30`);
    await page.getByTestId('event-repeat').getByText('Weekly').click();
    await page.getByTestId('event-repeat-end').getByText('After a number').click();
    await page.getByTestId('event-count').fill('6');
    await page.getByTestId('event-weekdays').getByText('Wed', { exact: true }).click();
    await page.getByTestId('event-rrule').getByText('RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=6').waitFor();
    await shot(page, 'calendar-event-form');
    await page.getByTestId('event-save').click();
    await page.getByTestId('calendar-notice').getByText('Weekly sync').waitFor();
    for (const week of [0, 1, 2]) await page.locator(`[data-testid="calendar-day"][data-day="${plusDays(monday, 2 + 7 * week)}"] [data-testid="calendar-event"][data-title="Weekly sync"]`).waitFor();
    await page.locator('.mantine-Modal-content').waitFor({ state: 'detached' });
    await shot(page, 'calendar-month');

    // the week view: both events and the task's planned time; the next week has the series again
    await page.getByTestId('calendar-view').getByText('Week').click();
    await page.locator('[data-testid="calendar-week-event"][data-title="Design review"]').waitFor();
    await page.locator('[data-testid="calendar-week-event"][data-title="Weekly sync"]').waitFor();
    await page.getByTestId('calendar-week-schedule').waitFor();
    await shot(page, 'calendar-week');
    await page.getByTestId('calendar-next').click();
    const nextWeekSync = page.locator(`[data-testid="calendar-week-day"][data-day="${plusDays(monday, 9)}"] [data-testid="calendar-week-event"][data-title="Weekly sync"]`);
    await nextWeekSync.click();
    // one occurrence cancelled: it leaves the calendar, the series stays
    await page.getByTestId('event-edit').and(page.locator(':not([data-loading])')).waitFor();
    await shot(page, 'calendar-occurrence');
    await page.getByTestId('occurrence-cancel').click();
    await page.getByTestId('calendar-notice').getByText('One occurrence of “Weekly sync” cancelled').waitFor();
    await nextWeekSync.waitFor({ state: 'detached' });
    await page.getByTestId('calendar-prev').click();

    // a second schedule for Ada at the same time: the API's 409 shows in the form
    await page.getByTestId('schedule-new').click();
    await page.getByTestId('schedule-task').click();
    await page.getByRole('option', { name: 'Record the demo' }).click();
    await page.getByTestId('schedule-start').fill(`${monday}T13:00`);
    await page.getByTestId('schedule-end').fill(`${monday}T16:00`);
    await page.getByTestId('schedule-save').click();
    await page.getByTestId('schedule-error').waitFor();
    expect(await page.getByTestId('schedule-error').textContent()).toMatch(/overlap/i);
    await page.keyboard.press('Escape');
    expect(second.id).toBeTruthy();

    // workload: Ada has the six scheduled hours (plus nothing else) on Monday
    await page.getByTestId('calendar-tab-workload').click();
    await page.locator(`[data-testid="workload-row"][data-agent="Ada planner"]`).first().waitFor({ state: 'attached' });
    const mondayCell = page.locator(`[data-testid="workload-cell"][data-date="${monday}"]`).first();
    await mondayCell.waitFor();
    expect(Number(await mondayCell.getAttribute('data-hours'))).toBeGreaterThan(0);
    await page.getByTestId('workload-legend').waitFor();
    await shot(page, 'calendar-workload');

    // suggest-slot: an impossible request answers nothing, a possible one proposes slots, picking one prefills the form
    await page.getByTestId('calendar-tab-suggest').click();
    await pickAgent(page, 'suggest-agents', 'Ada planner');
    await page.getByTestId('suggest-from').fill(monday);
    await page.getByTestId('suggest-to').fill(monday);
    await page.getByTestId('suggest-duration').fill('600');
    await page.getByTestId('suggest-run').click();
    await page.getByTestId('suggest-empty').waitFor();
    await page.getByTestId('suggest-duration').fill('60');
    await page.getByTestId('suggest-to').fill(plusDays(monday, 4));
    await page.getByTestId('suggest-run').click();
    await page.getByTestId('suggest-slots').waitFor();
    await shot(page, 'calendar-suggest');
    await page.getByTestId('suggest-pick').first().click();
    await page.getByTestId('event-title').waitFor();
    const prefilled = await page.getByTestId('event-start').inputValue();
    expect(prefilled.slice(0, 10) >= monday).toBe(true);
    expect(await page.getByTestId('event-agents').locator('xpath=..').textContent()).toContain('Ada planner');
    await page.getByTestId('event-title').fill('Pairing');
    await page.getByTestId('event-save').click();
    await page.getByTestId('calendar-notice').getByText('Pairing').waitFor();

    // the iCalendar feed: created, its URL shown and served
    await page.getByTestId('calendar-tab-feeds').click();
    await page.getByTestId('feeds-empty').waitFor();
    await page.getByTestId('feed-create').click();
    const url = (await page.getByTestId('feed-url').textContent())!;
    expect(url).toContain('/api/v1/calendar/ical/');
    const ics = await (await fetch(url)).text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('Weekly sync');
    expect(ics).toContain('EXDATE');
    await page.getByTestId('feed-row').waitFor();
    await shot(page, 'calendar-feeds');

    // Chinese
    const zh = await newPage('zh-CN', true);
    await openCalendar(zh, organization.id, `date=${monday}&view=week`);
    await zh.getByText('今天').waitFor();
    await zh.locator('[data-testid="calendar-week-event"][data-title="Weekly sync"]').waitFor();
    await shot(zh, 'calendar-week-zh');
    await zh.getByTestId('theme-toggle').click();
    await zh.getByTestId('calendar-tab-workload').click();
    await zh.getByTestId('workload-legend').waitFor();
    await shot(zh, 'calendar-workload-zh');
  });
});
