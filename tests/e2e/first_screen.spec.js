// The first screen in the page: the server writes the feed's first page as cards (the web
// app's renderer, linli-markup), so it shows before any WASM has run; the app then takes it
// over with the same text and goes on as a single-page app.
import { test, expect } from '@playwright/test';

/** The visible text of each card of the first grid (one string per card). */
const cardTexts = (page, grid) =>
  page.locator(`${grid} .card`).evaluateAll((cards) => cards.map((c) => c.innerText.replace(/\s+/g, ' ').trim()));

test('the feed shows before the app runs, and the app renders the same text', async ({ browser, baseURL }) => {
  // The server renders dates in the communities' zone; the reader's browser is there too.
  const options = { baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' };

  // Two page loads: other tests running at the same time may change the feed in between,
  // so the comparison is tried again until both loads saw the same feed.
  let page;
  let withApp;
  await expect(async () => {
    await withApp?.close();
    const noApp = await browser.newContext(options);
    await noApp.route(/\.wasm$/, (route) => route.abort('blockedbyclient'));
    const before = await noApp.newPage();
    await before.goto('/');
    const prerendered = before.locator('#first-screen .card');
    await expect(prerendered.first()).toBeVisible();
    const count = await prerendered.count();
    expect(count).toBe(20);
    // With photos: the first card's picture has loaded.
    await expect
      .poll(() => prerendered.first().locator('img').evaluate((img) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    const serverText = await cardTexts(before, '#first-screen');
    await noApp.close();

    withApp = await browser.newContext(options);
    page = await withApp.newPage();
    await page.goto('/');
    // The app is running (its tab bar is there) and the server's copy is gone.
    await expect(page.getByRole('link', { name: '我的' })).toBeVisible();
    await expect(page.locator('#first-screen')).toHaveCount(0);
    await expect(page.locator('main .card')).toHaveCount(count);
    const appText = (await cardTexts(page, 'main')).slice(0, count);
    expect(appText).toEqual(serverText);
  }).toPass({ timeout: 90_000 });

  // Still a single-page app: a card opens its listing in the app.
  const first = page.locator('main .card a').first();
  const href = await first.getAttribute('href');
  await first.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await withApp.close();
});

test('a page the server did not pre-render still gets the working feed', async ({ page }) => {
  // A search is not pre-rendered: the app fetches it itself.
  await page.goto('/?sort=newest');
  await expect(page.locator('#first-screen')).toHaveCount(0);
  await expect(page.locator('main .card').first()).toBeVisible();
});
