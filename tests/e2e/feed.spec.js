// Browsing like a marketplace, at 360 px in both languages: two columns of photo-first cards
// (several on the first screen, times in full), reserved items badged in the feed, filters as
// removable chips, the buyer's trade page following the seller live, "not found" with the way
// back, and 44 px inline links.
import { test, expect, newResident, PASSWORD, apiListing } from './fixtures.js';

const LANGS = [
  { lang: 'zh-CN', noResults: '没有找到符合条件的物品', clear: '清除筛选', reserved: '已预订', want: /1 人想要/, time: /^(刚刚|\d+ 分钟前)$/, accepted: '已预订，待交接', declined: '已拒绝', notFound: '回到首页' },
  { lang: 'en', noResults: 'Nothing matches', clear: 'Clear filters', reserved: 'Reserved', want: /1 want it/, time: /^(just now|\d+ min ago)$/, accepted: 'Reserved, to hand over', declined: 'Declined', notFound: 'Back to Browse' },
];

/** Opens the app in `lang` (remembered in local storage, as the language switch does). */
async function inLanguage(page, lang) {
  await page.addInitScript((l) => localStorage.setItem('linli.lang', JSON.stringify(l)), lang);
}

/** A resident signed in through the API, in a request context of their own. */
async function apiResident(playwright, baseURL, prefix) {
  const request = await playwright.request.newContext({ baseURL });
  const who = newResident(prefix);
  const res = await request.post('/api/v1/auth/register', { data: { display_name: who.name, contact: who.contact, password: PASSWORD } });
  expect(res.status()).toBe(201);
  return { request, who };
}

/**
 * A new seller's listing and a new buyer's request for it; the buyer's page (in `lang`, in a
 * context of its own) shows the trade.
 */
async function buyerOnTrade(browser, playwright, baseURL, lang, title, fields) {
  const seller = await apiResident(playwright, baseURL, '卖家');
  const listing = await apiListing(seller.request, title, fields);
  const context = await browser.newContext();
  await context.addInitScript((l) => localStorage.setItem('linli.lang', JSON.stringify(l)), lang);
  const buyer = newResident('买家');
  const page = await context.newPage();
  const reg = await page.request.post('/api/v1/auth/register', { data: { display_name: buyer.name, contact: buyer.contact, password: PASSWORD } });
  expect(reg.status()).toBe(201);
  const id = (await (await page.request.post(`/api/v1/listings/${listing}/trades`, { data: {} })).json()).id;
  await page.goto(`/trades/${id}`);
  await expect(page.locator('.trade-state')).toBeVisible();
  return { seller, context, page, id };
}

for (const L of LANGS) {
  test(`[${L.lang}] two columns of photo-first cards, several on the first screen, times in full`, async ({ page }) => {
    await inLanguage(page, L.lang);
    await page.goto('/');
    const cards = page.locator('.card');
    await expect(cards.first()).toBeVisible();
    // The app has taken over the server's copy of the first screen (first_screen.spec.js
    // checks that copy): measuring while it goes would measure a detached element.
    await expect(page.locator('#first-screen')).toHaveCount(0);
    // Two columns side by side.
    const columns = page.locator('.card-grid').first().locator('.card-col');
    await expect(columns).toHaveCount(2);
    const [left, right] = [await columns.nth(0).boundingBox(), await columns.nth(1).boundingBox()];
    expect(right.x).toBeGreaterThan(left.x + left.width - 1);
    // 4 to 6 cards start on the first screen (above the tab bar).
    const viewport = page.viewportSize();
    const tops = await cards.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    const onFirstScreen = tops.filter((t) => t < viewport.height - 56).length;
    expect(onFirstScreen).toBeGreaterThanOrEqual(4);
    expect(onFirstScreen).toBeLessThanOrEqual(6);
    // Photos keep their own shape (width and height given), the first ones load first.
    const first = cards.first().locator('img');
    await expect(first).toHaveAttribute('fetchpriority', 'high');
    await expect(cards.nth(6).locator('img')).toHaveAttribute('loading', 'lazy');
    expect(Number(await first.getAttribute('width'))).toBeGreaterThan(0);
    // Every visible card's time is shown whole, never cut.
    const cut = await page.locator('.card-time').evaluateAll((els) =>
      els.filter((e) => e.scrollWidth > e.clientWidth + 1 || e.textContent.includes('…')).length);
    expect(cut).toBe(0);
    await expect(cards.first().locator('.card-avatar')).toBeVisible();
    await expect(cards.first().locator('.level')).toBeVisible();
  });

  test(`[${L.lang}] the next page is added under the cards shown; a search with no match empties the grid, clearing it refills it`, async ({ page }) => {
    await inLanguage(page, L.lang);
    await page.goto('/');
    const cards = page.locator('main .card');
    await expect(cards.nth(19)).toBeAttached();
    const first = await cards.first().elementHandle();
    await page.locator('.feed-end').scrollIntoViewIfNeeded();
    await expect(cards.nth(20)).toBeAttached();
    // The cards shown stay as they were (their photos do not load again); none is shown twice.
    expect(await first.evaluate((el) => el.isConnected)).toBe(true);
    const hrefs = await page.locator('main .card a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(new Set(hrefs).size).toBe(hrefs.length);

    const box = page.getByRole('combobox');
    await box.fill('qzxvjk');
    await box.press('Enter');
    await expect(page.getByText(L.noResults)).toBeVisible();
    await expect(cards).toHaveCount(0);
    await page.getByRole('link', { name: L.clear }).click();
    await expect(cards.nth(19)).toBeAttached();
    await expect(page.getByText(L.noResults)).toBeHidden();
  });

  test(`[${L.lang}] a reserved item stays in the feed with its badge and can still be requested`, async ({ page, playwright, baseURL }) => {
    const word = `柜${Date.now().toString(36)}${L.lang.slice(0, 2)}`;
    const seller = await apiResident(playwright, baseURL, '卖家');
    const first = await apiResident(playwright, baseURL, '买家');
    const listing = await apiListing(seller.request, `鞋柜 ${word}`, { category: 'furniture', condition: 'lightly_used', price_fen: 12000 });
    const trade = await first.request.post(`/api/v1/listings/${listing}/trades`, { data: {} });
    expect((await seller.request.post(`/api/v1/trades/${(await trade.json()).id}/accept`)).status()).toBe(200);

    await inLanguage(page, L.lang);
    await page.goto(`/?q=${encodeURIComponent(word)}`);
    const card = page.locator('.card', { hasText: word });
    await expect(card).toBeVisible();
    await expect(card.locator('.badge-reserved')).toHaveText(L.reserved);
    await expect(card.locator('.card-want')).toHaveText(L.want);
    await expect(card.locator('.card-time')).toHaveText(L.time);

    // Another buyer can still queue a request on it.
    const second = await apiResident(playwright, baseURL, '候补');
    const queued = await second.request.post(`/api/v1/listings/${listing}/trades`, { data: {} });
    expect(queued.status()).toBe(201);
    for (const r of [seller, first, second]) await r.request.dispose();
  });

  test(`[${L.lang}] the filter panel closes on apply and shows removable chips`, async ({ page }) => {
    await inLanguage(page, L.lang);
    await page.goto('/');
    await expect(page.locator('.card').first()).toBeVisible();
    const panel = page.locator('details.filters');
    await panel.locator('summary').click();
    await page.locator('#f-condition').selectOption('lightly_used');
    await page.locator('#f-max').fill('500');
    await page.locator('.filter-form button[type=submit]').click();
    await expect(page).toHaveURL(/condition=lightly_used/);
    await expect(panel).not.toHaveAttribute('open', '');
    const chips = page.locator('.active-filters .chip');
    await expect(chips).toHaveCount(2);
    // Results stay above the fold.
    await expect(page.locator('.card').first()).toBeInViewport();
    // Removing one chip removes only its filter.
    await chips.first().click();
    await expect(page).not.toHaveURL(/condition=/);
    await expect(page).toHaveURL(/max_price_fen=50000/);
    await expect(chips).toHaveCount(1);
    await chips.first().click();
    await expect(page.locator('.active-filters')).toHaveCount(0);
  });

  test(`[${L.lang}] the buyer's trade page follows the seller without a reload; the rating card names who was rated`, async ({ browser, playwright, baseURL }) => {
    const { seller, context, page, id } = await buyerOnTrade(browser, playwright, baseURL, L.lang,
      `书架 ${Date.now().toString(36)}`, { category: 'furniture', condition: 'lightly_used', price_fen: 12000 });
    // The other party's name is a link big enough for a thumb.
    const other = page.locator('.trade-party a.inline-link');
    await expect(other).toHaveText(seller.who.name);
    expect((await other.boundingBox()).height).toBeGreaterThanOrEqual(44);
    // A mark on this document: a reload would lose it.
    await page.evaluate(() => { window.__sameDocument = true; });

    expect((await seller.request.post(`/api/v1/trades/${id}/accept`)).status()).toBe(200);
    await expect(page.locator('.trade-state')).toContainText(L.accepted, { timeout: 15_000 });
    // Both confirm, both rate: the buyer's page shows the ratings, naming the seller.
    await page.request.post(`/api/v1/trades/${id}/confirm`);
    expect((await seller.request.post(`/api/v1/trades/${id}/confirm`)).status()).toBe(200);
    expect((await page.request.post(`/api/v1/trades/${id}/rating`, { data: { stars: 5 } })).status()).toBe(200);
    expect((await seller.request.post(`/api/v1/trades/${id}/rating`, { data: { stars: 4 } })).status()).toBe(200);
    const mine = page.locator('.rating-card h3').first();
    await expect(mine).toContainText(seller.who.name, { timeout: 15_000 });
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    await context.close();
    await seller.request.dispose();
  });

  test(`[${L.lang}] the buyer's trade page shows the seller's decline without a reload`, async ({ browser, playwright, baseURL }) => {
    const { seller, context, page, id } = await buyerOnTrade(browser, playwright, baseURL, L.lang,
      `台灯 ${Date.now().toString(36)}`, { category: 'other', condition: 'used', price_fen: 3000 });
    await page.evaluate(() => { window.__sameDocument = true; });
    expect((await seller.request.post(`/api/v1/trades/${id}/decline`)).status()).toBe(200);
    await expect(page.locator('.trade-state')).toContainText(L.declined, { timeout: 15_000 });
    expect(await page.evaluate(() => window.__sameDocument)).toBe(true);
    await context.close();
    await seller.request.dispose();
  });

  test(`[${L.lang}] a missing listing says not found with the way back to Browse`, async ({ browser }) => {
    // A context of its own: the 404 in the console is the point here.
    const context = await browser.newContext();
    const page = await context.newPage();
    await inLanguage(page, L.lang);
    await page.goto('/listings/987654321');
    const back = page.getByRole('link', { name: L.notFound });
    await expect(back).toBeVisible();
    await expect(page.getByRole('button', { name: /重试|Retry/ })).toHaveCount(0);
    await back.click();
    await expect(page.locator('.card').first()).toBeVisible();
    await context.close();
  });

  test(`[${L.lang}] inline links are 44 px touch targets; community names read well`, async ({ page }) => {
    await inLanguage(page, L.lang);
    await page.goto('/');
    await page.locator('.card a').first().click();
    const community = page.locator('.facts a.inline-link');
    await expect(community).toBeVisible();
    expect((await community.boundingBox()).height).toBeGreaterThanOrEqual(44);
    if (L.lang === 'en') await expect(community).toHaveText(/^\S.* · \S+ \S+/);
  });
}
