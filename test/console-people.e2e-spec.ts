/// <reference lib="dom" />
// (functions passed to page.evaluate run in the browser)
import type { Page } from 'playwright-core';
import { describeConsole } from './support/console-browser';

describeConsole('Console people pages (users, my profile)', (b) => {
  const { newPage, shot, api } = b;

  const row = (page: Page, text: string) => page.getByTestId('user-row').filter({ hasText: text });

  /** Until the drawer or modal has finished sliding in: a screenshot mid-transition shows a half-drawn page. */
  const settled = (page: Page) => page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));

  it('lists users page by page, searches, creates and deletes a user, edits the profile and changes a password, in English and Chinese', async () => {
    // alone at first: the page says what to do next
    const page = await newPage('en-US', true);
    await page.goto(`${b.service.baseUrl}/users`);
    await page.getByTestId('users-hint').waitFor();

    const shenzhen = await api<{ id: string }>('/api/v1/organizations', { name: 'Shenzhen Office' });
    // 21 teammates and the built-in admin: two pages of 20
    for (let i = 0; i < 21; i += 7) {
      await Promise.all(
        Array.from({ length: 7 }, (_, j) => {
          const n = String(i + j + 1).padStart(2, '0');
          return api('/api/v1/users', { email: `member${n}@example.com`, display_name: `Member ${n}`, password: 'correct-horse', organization_id: shenzhen.id });
        }),
      );
    }

    await page.reload();
    await page.getByTestId('users-table').waitFor();
    await page.getByText('22 in total').waitFor();
    await row(page, 'Member 21').waitFor();
    await shot(page, 'people-users');
    await page.getByTestId('pager').getByRole('button', { name: '2' }).click();
    await row(page, 'Local admin').getByText('You').waitFor();
    await expectDisabled(row(page, 'Local admin').getByTestId('user-delete'));

    // a search that finds nobody says what to do
    await page.getByTestId('users-search').fill('nobody-here');
    await page.getByText('No user matches “nobody-here”', { exact: false }).waitFor();
    await page.getByTestId('users-clear-search').click();
    await row(page, 'Member 21').waitFor();

    // create: the organisation defaults to the one chosen in the header; a taken email shows the API's reason
    await page.getByTestId('new-user').click();
    await page.getByTestId('user-email').fill('lin@example.com');
    await page.getByTestId('user-display-name').fill('Lin Wei');
    await page.getByTestId('user-password').fill('s3cret-pass');
    await page.getByTestId('user-organization').and(page.locator('[value="Shenzhen Office"]')).waitFor();
    await settled(page);
    await shot(page, 'people-users-create');
    await page.getByTestId('user-create').click();
    await page.getByTestId('users-notice').getByText('lin@example.com can now sign in.').waitFor();
    await row(page, 'Lin Wei').getByText('Shenzhen Office').waitFor();

    await page.getByTestId('new-user').click();
    await page.getByTestId('user-email').fill('member01@example.com');
    await page.getByTestId('user-display-name').fill('Again');
    await page.getByTestId('user-password').fill('s3cret-pass');
    await page.getByTestId('user-create').click();
    await page.getByText('A user with email member01@example.com already exists').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();

    // a superadmin needs no organisation
    await page.getByTestId('new-user').click();
    await page.getByTestId('user-email').fill('chief@example.com');
    await page.getByTestId('user-display-name').fill('Chief Operator');
    await page.getByTestId('user-password').fill('s3cret-pass');
    await page.getByTestId('user-role').getByText('Superadmin').click();
    await page.getByTestId('user-organization').waitFor({ state: 'detached' });
    await page.getByTestId('user-create').click();
    await row(page, 'Chief Operator').getByText('Every organisation').waitFor();

    // delete after confirming
    await page.getByTestId('users-search').fill('member01');
    await page.getByText('1 in total').waitFor();
    await row(page, 'Member 01').click();
    await page.getByTestId('user-detail').getByText('member01@example.com').waitFor();
    await page.waitForURL(/\?user=[0-9a-f-]{36}$/);
    await settled(page);
    await shot(page, 'people-user-detail');
    await page.getByTestId('user-detail-delete').click();
    await page.getByText('Delete Member 01 (member01@example.com)?', { exact: false }).waitFor();
    await page.getByTestId('user-delete-confirm').click();
    await page.getByTestId('users-notice').getByText('member01@example.com was deleted.').waitFor();
    await page.getByText('No user matches “member01”', { exact: false }).waitFor();
    await page.getByTestId('user-detail').waitFor({ state: 'detached' });
    await page.getByTestId('users-clear-search').click();
    // A to Z by name
    await page.getByTestId('users-sort').click();
    await page.getByRole('option', { name: 'Name A–Z' }).click();
    await page.getByTestId('user-row').first().getByText('Chief Operator').waitFor();
    const left = await api<{ items: { email: string }[] }>('/api/v1/users?q=member01');
    expect(left.items).toEqual([]);

    // the organisation's people only
    await page.getByTestId('users-scope').getByText('In Shenzhen Office').click();
    await page.getByText('21 in total').waitFor();

    // my profile as the admin: the name is saved; the token account has no password to change
    await page.getByTestId('nav-profile').click();
    await page.getByTestId('profile-display-name').fill('Ops Desk');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-saved').waitFor();
    await page.getByTestId('profile-name').getByText('Ops Desk').waitFor();
    expect((await api<{ display_name: string }>('/api/v1/users/me')).display_name).toBe('Ops Desk');
    await page.getByTestId('profile-current-password').fill('anything');
    await page.getByTestId('profile-new-password').fill('new-pass-123');
    await page.getByTestId('profile-confirm-password').fill('new-pass-123');
    await page.getByTestId('password-change').click();
    await page.getByTestId('password-error').getByText('current_password', { exact: false }).waitFor();
    await shot(page, 'people-profile');

    // Lin signs in with email and password and changes it, in Chinese
    const login = await api<{ access_token: string }>('/api/v1/auth/login', { email: 'lin@example.com', password: 's3cret-pass' });
    const lin = await newPage('zh-CN');
    await lin.addInitScript({ content: `sessionStorage.setItem('mc.token', ${JSON.stringify(login.access_token)})` });
    await lin.goto(`${b.service.baseUrl}/profile`);
    await lin.getByTestId('profile-name').getByText('Lin Wei').waitFor();
    await lin.getByTestId('profile-organization').getByText('Shenzhen Office').waitFor();
    await lin.getByTestId('profile-current-password').fill('s3cret-pass');
    await lin.getByTestId('profile-new-password').fill('n3w-pass-word');
    await lin.getByTestId('profile-confirm-password').fill('n3w-pass-wrd');
    await lin.getByText('两次输入的新密码不一致。').waitFor();
    await lin.getByTestId('profile-confirm-password').fill('n3w-pass-word');
    await lin.getByTestId('password-change').click();
    await lin.getByTestId('password-saved').waitFor();
    await shot(lin, 'people-profile-zh');
    await api('/api/v1/auth/login', { email: 'lin@example.com', password: 'n3w-pass-word' });

    // an organisation admin sees the organisation's people, in Chinese and dark
    await lin.getByTestId('nav-users').click();
    await lin.getByTestId('users-table').waitFor();
    await row(lin, 'Lin Wei').getByText('我').waitFor();
    await lin.getByTestId('theme-toggle').click();
    await shot(lin, 'people-users-zh-dark');
  }, 90_000);

  async function expectDisabled(locator: ReturnType<Page['getByTestId']>): Promise<void> {
    expect(await locator.isDisabled()).toBe(true);
  }
});
