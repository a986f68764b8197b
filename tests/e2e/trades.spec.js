// A trade end to end between two residents in two browsers: reserve, accept, message, both
// confirm, both rate (ratings appear only once both rated), and the seller's credit level moves.
import { test, expect, newResident, register, PASSWORD, apiListing } from './fixtures.js';

/** A completed and mutually rated trade, set up through the API. */
async function apiTrade(sellerRequest, buyerRequest, listing) {
  const t = await buyerRequest.post(`/api/v1/listings/${listing}/trades`, { data: {} });
  const id = (await t.json()).id;
  for (const [who, step] of [[sellerRequest, 'accept'], [buyerRequest, 'confirm'], [sellerRequest, 'confirm']]) {
    expect((await who.post(`/api/v1/trades/${id}/${step}`)).status()).toBe(200);
  }
  for (const who of [sellerRequest, buyerRequest]) {
    expect((await who.post(`/api/v1/trades/${id}/rating`, { data: { stars: 5 } })).status()).toBe(200);
  }
}

test('two residents trade, talk and rate; the seller earns a credit level', async ({ browser, playwright, baseURL }) => {
  const word = `书${Date.now().toString(36)}`;
  const seller = newResident('卖书');
  const sellerContext = await browser.newContext();
  const s = await sellerContext.newPage();
  await register(s, seller);

  // Two earlier trades with two other neighbours (set up through the API).
  for (const i of [1, 2]) {
    const helper = await playwright.request.newContext({ baseURL });
    const who = newResident(`帮手${i}`);
    await helper.post('/api/v1/auth/register', { data: { display_name: who.name, contact: who.contact, password: PASSWORD } });
    await apiTrade(s.request, helper, await apiListing(s.request, `旧书 ${i}`));
    await helper.dispose();
  }
  const listing = await apiListing(s.request, `三体全集 ${word}`);
  await apiListing(s.request, `围城 ${word}`);
  await s.goto('/me');
  await s.getByRole('link', { name: '我的信用主页' }).click();
  await expect(s.getByText('新手', { exact: true })).toBeVisible();

  // The buyer finds the book and asks for it.
  const buyerContext = await browser.newContext();
  const b = await buyerContext.newPage();
  await register(b, newResident('买书'));
  await b.goto(`/listings/${listing}`);
  await b.getByRole('button', { name: '我想要' }).click();
  await b.getByLabel('给卖家留言（选填）').fill('明天下午方便吗？');
  await b.getByRole('button', { name: '发送请求' }).click();
  await expect(b).toHaveURL(/\/trades\/\d+$/);
  await expect(b.getByText('等待卖家回应')).toBeVisible();
  const tradeUrl = b.url();

  // The seller sees it waiting on the Me tab, accepts and answers.
  await s.goto('/me');
  await expect(s.getByRole('navigation', { name: '主导航' }).locator('.tab-badge')).toBeVisible({ timeout: 35_000 });
  await s.getByRole('link', { name: /我的交易/ }).click();
  await s.getByRole('link', { name: new RegExp(`三体全集 ${word}`) }).click();
  await expect(s.getByText('明天下午方便吗？')).toBeVisible();
  await s.getByRole('button', { name: '接受' }).click();
  await expect(s.getByText('已预订，待交接')).toBeVisible();
  await s.getByRole('textbox', { name: '消息' }).fill('可以，北门见');
  await s.getByRole('button', { name: '发送' }).click();
  await expect(s.getByText('可以，北门见')).toBeVisible();

  // Everyone else now sees the book reserved.
  const anonymous = await browser.newContext();
  const a = await anonymous.newPage();
  await a.goto(`/listings/${listing}`);
  await expect(a.getByText('已预订', { exact: true })).toBeVisible();
  await anonymous.close();

  // The buyer gets the answer without reloading. Back on the listing they hold, they are led
  // to their trade instead of being offered to ask again; both confirm the hand-over.
  await expect(b.getByText('可以，北门见')).toBeVisible({ timeout: 15_000 });
  await b.goto(`/listings/${listing}`);
  const mine = b.getByRole('link', { name: '你已经要过这件物品：查看你的交易' });
  await expect(mine).toBeVisible();
  await expect(b.getByRole('button', { name: '我想要' })).toHaveCount(0);
  await mine.click();
  await expect(b).toHaveURL(tradeUrl);
  await b.getByRole('button', { name: '确认已交接' }).click();
  await expect(b.getByText('你已确认交接，等待对方确认。')).toBeVisible();
  await s.reload();
  await s.getByRole('button', { name: '确认已交接' }).click();
  await expect(s.getByRole('status').filter({ hasText: '交易完成' })).toBeVisible();
  await expect(s.getByText(/这笔交易约减少 \d/)).toBeVisible();

  // Double-blind: the seller rates first; the buyer cannot see it until rating too.
  await s.getByRole('radio', { name: '5 星' }).check();
  await s.getByRole('checkbox', { name: '准时' }).check();
  await s.getByLabel('评价内容（选填）').fill('爽快的买家');
  await s.getByRole('button', { name: '提交评价' }).click();
  await expect(s.getByText('等待对方评价（交易完成后 14 天内）。')).toBeVisible();
  await b.goto(tradeUrl);
  await expect(b.getByText('对方已评价，你评价后即可看到（或 14 天后公开）。')).toBeVisible();
  await expect(b.getByText('爽快的买家')).toHaveCount(0);
  await b.getByRole('radio', { name: '5 星' }).check();
  await b.getByRole('button', { name: '提交评价' }).click();
  await expect(b.getByText('爽快的买家')).toBeVisible();
  await s.reload();
  await expect(s.getByText(/ 对你的评价$/)).toBeVisible();

  // Three different counterparties: the seller has a level now, on the profile and the cards.
  await b.goto(`/listings/${listing}`);
  await b.getByRole('link', { name: new RegExp(seller.name) }).click();
  await expect(b.getByText('交易过的邻居')).toBeVisible();
  const level = b.locator('.profile-card .level');
  await expect(level).not.toHaveText('新手');
  const label = await level.textContent();
  await b.goto(`/?q=${encodeURIComponent(`围城 ${word}`)}`);
  await expect(b.getByRole('link', { name: new RegExp(`围城 ${word}`) }).locator('.level')).toHaveText(label);

  await sellerContext.close();
  await buyerContext.close();
});

test('tapping Accept on a slow network and going back at once keeps the app working', async ({ page, playwright, baseURL }) => {
  // A buyer asks for the seller's book (through the API).
  await register(page, newResident('慢网卖家'));
  const listing = await apiListing(page.request, `慢网旧书 ${Date.now().toString(36)}`);
  const buyer = await playwright.request.newContext({ baseURL });
  const who = newResident('慢网买家');
  await buyer.post('/api/v1/auth/register', { data: { display_name: who.name, contact: who.contact, password: PASSWORD } });
  const trade = await buyer.post(`/api/v1/listings/${listing}/trades`, { data: {} });
  expect(trade.status()).toBe(201);
  const id = (await trade.json()).id;
  await buyer.dispose();

  // The acceptance takes 1.5 s to reach the server; the seller leaves the page meanwhile.
  let settle;
  const settled = new Promise((resolve) => (settle = resolve));
  await page.route(/\/api\/v1\/trades\/\d+\/accept$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The app may have aborted the request by now.
    await route.continue().catch(() => {});
    settle();
  });
  await page.goto('/me/trades');
  await page.locator(`a[href="/trades/${id}"]`).click();
  await page.getByRole('button', { name: '接受' }).click();
  await page.goBack();
  await expect(page).toHaveURL(/\/me\/trades$/);
  await settled;
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));

  // No crash notice, and the app still answers taps (the fixture also fails on any script error).
  await expect(page.locator('#crash')).toHaveCount(0);
  await page.unroute(/\/api\/v1\/trades\/\d+\/accept$/);
  await page.getByRole('link', { name: '逛逛' }).click();
  await expect(page.locator('.card a').first()).toBeVisible();
  await page.goto(`/trades/${id}`);
  await expect(page.getByRole('status').filter({ hasText: /等待卖家回应|已预订，待交接/ })).toBeVisible();
});

test('a trade thread does not poll while its tab is in the background', async ({ page, playwright, baseURL }) => {
  await page.addInitScript(() => {
    window.__hidden = false;
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => window.__hidden });
  });
  await register(page, newResident('后台买家'));
  const seller = await playwright.request.newContext({ baseURL });
  const who = newResident('后台卖家');
  await seller.post('/api/v1/auth/register', { data: { display_name: who.name, contact: who.contact, password: PASSWORD } });
  const listing = await apiListing(seller, `后台旧书 ${Date.now().toString(36)}`);
  await seller.dispose();
  await page.goto(`/listings/${listing}`);
  await page.getByRole('button', { name: '我想要' }).click();
  const firstLoad = page.waitForResponse(/\/api\/v1\/trades\/\d+\/messages\?after=/);
  await page.getByRole('button', { name: '发送请求' }).click();
  await expect(page).toHaveURL(/\/trades\/\d+$/);
  // The thread's first load happens when it opens; only what follows is polling.
  await firstLoad;

  let polls = 0;
  page.on('request', (r) => {
    if (/\/api\/v1\/trades\/\d+\/messages\?after=/.test(r.url())) polls += 1;
  });
  await page.evaluate(() => {
    window.__hidden = true;
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await page.waitForTimeout(11_000);
  expect(polls, 'no polling in the background').toBe(0);

  // Back in front: it checks at once, without waiting for the next tick.
  const checked = page.waitForRequest(/\/api\/v1\/trades\/\d+\/messages\?after=/, { timeout: 2_000 });
  await page.evaluate(() => {
    window.__hidden = false;
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await checked;
});

test('a reserved listing shows its owner no edit or withdraw, and the hand-over deadline to both', async ({ page, browser }) => {
  await register(page, newResident('卖家'));
  const listing = await apiListing(page.request, `台灯 ${Date.now().toString(36)}`);
  await page.goto(`/listings/${listing}`);
  await expect(page.getByRole('link', { name: '编辑' })).toBeVisible();

  const buyerContext = await browser.newContext();
  const b = await buyerContext.newPage();
  await register(b, newResident('买家'));
  const t = await b.request.post(`/api/v1/listings/${listing}/trades`, { data: {} });
  const trade = (await t.json()).id;
  expect((await page.request.post(`/api/v1/trades/${trade}/accept`)).status()).toBe(200);

  await page.goto(`/listings/${listing}`);
  await expect(page.getByText('已预订').first()).toBeVisible();
  await expect(page.getByRole('link', { name: '编辑' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '下架' })).toHaveCount(0);
  // The edit form refuses too (the buyer agreed to this price).
  const edit = await page.request.put(`/api/v1/listings/${listing}`, {
    data: { title: '台灯', description: '', category: 'books', condition: 'used', offer: { mode: 'sell', price_fen: 9999900 }, community_id: 1, photos: ['x'] },
  });
  expect(edit.status()).toBe(409);

  await b.goto(`/trades/${trade}`);
  await expect(b.getByText('请在此前完成交接')).toBeVisible();
  await expect(b.getByRole('button', { name: '确认已交接' })).toBeVisible();
  await buyerContext.close();
});
