// Accounts, the app shell and languages, driven like a resident on a phone.
import { test, expect, newResident, register, PASSWORD } from './fixtures.js';

test('register, log out and log back in', async ({ page }) => {
  const who = newResident();
  await register(page, who);
  await expect(page.getByText('居民', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();

  await page.getByRole('link', { name: '登录' }).click();
  await page.getByLabel('手机号 / 邮箱 / 昵称').fill(who.contact.toUpperCase());
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('heading', { name: who.name })).toBeVisible();

  // The session is a cookie the server checks: it survives a reload.
  await page.reload();
  await expect(page.getByRole('heading', { name: who.name })).toBeVisible();
});

test('bad input is explained at the field and nothing typed is lost', async ({ page }) => {
  const taken = newResident();
  await register(page, taken);
  await page.getByRole('button', { name: '退出登录' }).click();

  await page.goto('/register');
  const name = page.getByLabel('昵称');
  const contact = page.getByLabel('手机号或邮箱');
  const password = page.getByLabel('密码', { exact: true });
  await name.fill(taken.name);
  await contact.fill('12345');
  await password.fill('short');
  await page.getByRole('button', { name: '注册' }).click();
  // Checked in the browser with the server's own rules: both fields explained, focus on the first.
  await expect(page.getByText('请输入有效的手机号（11 位）或邮箱')).toBeVisible();
  await expect(page.getByText('密码至少 8 位')).toBeVisible();
  await expect(contact).toBeFocused();
  await expect(contact).toHaveAttribute('aria-invalid', 'true');

  // Fixing the fields locally leaves the name, which only the server knows is taken.
  await contact.fill(newResident().contact);
  await password.fill(PASSWORD);
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page.getByText('这个昵称已被使用，请换一个')).toBeVisible();
  await expect(name).toBeFocused();
  await expect(name).toHaveValue(taken.name);
  await expect(password).toHaveValue(PASSWORD);

  // A reload keeps the draft (never the password).
  await page.reload();
  await expect(page.getByLabel('昵称')).toHaveValue(taken.name);
  await expect(page.getByLabel('密码', { exact: true })).toHaveValue('');
});

test('a wrong password says so and keeps the login', async ({ page }) => {
  const who = newResident();
  await register(page, who);
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.goto('/login');
  await page.getByLabel('手机号 / 邮箱 / 昵称').fill(who.name);
  await page.getByLabel('密码', { exact: true }).fill('not-my-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('账号或密码不正确')).toBeVisible();
  await expect(page.getByLabel('手机号 / 邮箱 / 昵称')).toHaveValue(who.name);
});

test('switching to English relabels the app and is remembered', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav.getByRole('link', { name: '逛逛' })).toBeVisible();
  await page.getByRole('button', { name: '切换语言：English' }).click();

  const navEn = page.getByRole('navigation', { name: 'Main navigation' });
  for (const tab of ['Browse', 'Markets', 'Sell', 'Recycle', 'Me']) {
    await expect(navEn.getByRole('link', { name: tab })).toBeVisible();
  }
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(navEn.getByRole('link', { name: 'Browse' })).toBeVisible();

  await navEn.getByRole('link', { name: 'Me' }).click();
  await page.getByRole('link', { name: 'Log in' }).click();
  await expect(page.getByLabel('Phone, e-mail or name')).toBeVisible();
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText('This field is required.').first()).toBeVisible();

  await page.getByRole('button', { name: 'Switch language: 中文' }).click();
  await expect(page.getByText('此项必填').first()).toBeVisible();
});

test('deep links survive a reload and unknown pages say so', async ({ page }) => {
  await page.goto('/recycle');
  await expect(page.getByRole('heading', { name: '回收', level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: '回收', level: 1 })).toBeVisible();
  const tab = page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '回收' });
  await expect(tab).toHaveAttribute('aria-current', 'page');

  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
  await page.getByRole('link', { name: '回到首页' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('pages that need an account send you back after logging in', async ({ page }) => {
  const who = newResident();
  await register(page, who);
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.goto('/sell');
  await page.getByRole('link', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/login\?next=\/sell$/);
  await page.getByLabel('手机号 / 邮箱 / 昵称').fill(who.contact);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/sell$/);
});
