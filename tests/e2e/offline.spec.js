// The installable app shell: once visited, the app (its lazily loaded pages included) opens
// offline; the API says it cannot be reached instead of breaking the page.
import { test, expect } from '@playwright/test';

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('once visited, the app and its lazily loaded pages open offline', async ({ page, context }) => {
    await page.goto('/');
    await expect(page.locator('.card').first()).toBeVisible();
    await page.evaluate(() => navigator.serviceWorker.ready);
    // The service worker caches every built file on install (precache.json).
    const precached = await (await page.request.get('/precache.json')).json();
    expect(precached.some((f) => f.includes('.split_'))).toBe(true);
    await expect
      .poll(() => page.evaluate(async () => (await (await caches.open('linli-shell-v2')).keys()).length), { timeout: 30_000 })
      .toBeGreaterThan(precached.length);

    await context.setOffline(true);
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: '登录邻里' })).toBeVisible();
    await page.getByLabel('手机号 / 邮箱 / 昵称').fill('13800000001');
    await page.getByLabel('密码', { exact: true }).fill('linli-demo-2026');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByText('网络连接失败，请检查网络后重试')).toBeVisible();
    await expect(page.getByLabel('手机号 / 邮箱 / 昵称')).toHaveValue('13800000001');
    await context.setOffline(false);
  });
});

test('when a page cannot be downloaded the app says so and a reload recovers', async ({ browser, baseURL }) => {
  // A first visit on a bad connection: no service worker yet, and the pages' code chunks fail.
  const context = await browser.newContext({ baseURL, serviceWorkers: 'block', locale: 'zh-CN' });
  const page = await context.newPage();
  await context.route(/\.(split_|chunk_)[^/]*\.wasm$/, (route) => route.abort('internetdisconnected'));
  await page.goto('/');
  await expect(page.locator('.card').first()).toBeVisible();

  await page.getByRole('link', { name: '我的' }).click();
  const notice = page.getByRole('alert').filter({ hasText: '出了点问题，页面已停止响应。请检查网络后重新加载。' });
  await expect(notice).toBeVisible();
  await expect(notice).toBeFocused();

  await context.unroute(/\.(split_|chunk_)[^/]*\.wasm$/);
  // The reload starts the app again where it stopped; the page that failed now opens.
  await notice.getByRole('link', { name: '重新加载' }).click();
  await expect(page.locator('.card').first()).toBeVisible();
  await expect(notice).toHaveCount(0);
  await page.getByRole('link', { name: '我的' }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('heading', { name: '我的', level: 1 })).toBeVisible();
  await context.close();
});

test('when loading more fails, retry loads the next page', async ({ page }) => {
  await page.goto('/');
  const cards = page.locator('.card');
  await expect(cards).toHaveCount(20);
  // The next page fails once (a dropped connection), then the network is back.
  let failures = 0;
  await page.route(/\/api\/v1\/listings\?.*cursor=/, (route) => {
    if (failures++ === 0) return route.abort('internetdisconnected');
    return route.continue();
  });
  await page.locator('.feed-end').scrollIntoViewIfNeeded();
  await expect(page.getByText('网络连接失败，请检查网络后重试')).toBeVisible();
  await expect(cards).toHaveCount(20);
  await page.getByRole('button', { name: '重试' }).click();
  await expect.poll(() => cards.count()).toBeGreaterThan(20);
  await expect(page.getByText('网络连接失败，请检查网络后重试')).toHaveCount(0);
});

// The release build's panics stop the WASM at once (no hook runs): the browser reports a
// `WebAssembly.RuntimeError`, and the page must still say the app stopped. The trap is made
// here as the instance's own allocator makes it, asked for memory it cannot have from a timer,
// as a tap's handler would run.
test('when the app stops, the page says so in its language and offers a reload', async ({ page }) => {
  const stopped = [];
  page.on('pageerror', (e) => stopped.push(e.message));
  await page.addInitScript(() =>
    addEventListener('TrunkApplicationStarted', (e) => {
      window.linliWasm = e.detail.wasm;
    }),
  );
  await page.goto('/sell');
  await expect(page.getByRole('heading', { name: '发布闲置' })).toBeVisible();
  await page.waitForFunction(() => window.linliWasm);
  await expect(page.locator('#crash')).toHaveCount(0);
  await page.evaluate(() => setTimeout(() => window.linliWasm.__wbindgen_malloc(0xfffffff0, 8)));

  const notice = page.getByRole('alert').filter({ hasText: '页面已停止响应' });
  await expect(notice).toBeVisible();
  await expect(notice).toBeFocused();
  const reload = notice.getByRole('link', { name: '重新加载' });
  await expect(reload).toHaveAttribute('href', /\/sell$/);
  expect(stopped).toEqual([expect.stringMatching(/unreachable/)]);
  await reload.click();
  await expect(page.getByRole('heading', { name: '发布闲置' })).toBeVisible();
  await expect(page.locator('#crash')).toHaveCount(0);
});
