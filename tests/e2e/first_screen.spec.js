// The first screen in the page: the server writes the feed's first page as cards (the web
// app's renderer, linli-markup), and a listing, the Markets and Recycle tabs and a visitor's
// Sell the same way, so they show before any WASM has run; the app then takes them over with the same text
// and goes on as a single-page app.
import { test, expect } from '@playwright/test';
import { newResident, PASSWORD } from './fixtures.js';

/** The visible text of each card of the first grid (one string per card). */
const cardTexts = (page, grid) =>
  page.locator(`${grid} .card`).evaluateAll((cards) => cards.map((c) => c.innerText.replace(/\s+/g, ' ').trim()));

/** Counts layout shifts not caused by input, from the start of the page, in `window.__shift`. */
const watchShifts = (page) =>
  page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });

/** The shifts observed by the time two more frames have painted. */
const shiftSoFar = (page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.__shift)))));

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
    // Browse starts from the page the server sent: it does not ask for the first page again
    // (asking again showed the feed empty for a frame, a layout shift).
    const firstPageAsked = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/v1/listings' && !url.searchParams.has('cursor')) firstPageAsked.push(r.url());
    });
    await page.goto('/');
    // The app is running (its tab bar is there) and the server's copy is gone.
    await expect(page.getByRole('link', { name: '我的' })).toBeVisible();
    await expect(page.locator('#first-screen')).toHaveCount(0);
    await expect(page.locator('main .card')).toHaveCount(count);
    const appText = (await cardTexts(page, 'main')).slice(0, count);
    expect(appText).toEqual(serverText);
    expect(firstPageAsked).toEqual([]);
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

test('a listing page shows its photo, head and price before the app runs, and the app takes it over unchanged', async ({ browser, baseURL, request }) => {
  const options = { baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' };
  const feed = await (await request.get('/api/v1/listings')).json();
  const id = feed.items[0].id;
  const texts = (page, scope) =>
    page.locator(scope).evaluate((root) => ({
      title: root.querySelector('.page-header h1').innerText.trim(),
      head: root.querySelector('.detail-head').innerText.replace(/\s+/g, ' ').trim(),
      photo: root.querySelector('.gallery img').getAttribute('src'),
    }));

  // Without WASM: the server's copy, with its photo loaded.
  const noApp = await browser.newContext(options);
  await noApp.route(/\.wasm$/, (route) => route.abort('blockedbyclient'));
  const before = await noApp.newPage();
  await before.goto(`/listings/${id}`);
  await expect(before.locator('#first-screen .detail-head .price')).toBeVisible();
  await expect(before.locator('#first-screen .page-header h1')).toHaveText(feed.items[0].title);
  const photo = before.locator('#first-screen .gallery img').first();
  await expect(photo).toHaveAttribute('fetchpriority', 'high');
  await expect.poll(() => photo.evaluate((img) => img.complete && img.naturalWidth > 0)).toBe(true);
  const server = await texts(before, '#first-screen');
  expect(server.head).toContain(await before.locator('#first-screen .price').innerText());
  await noApp.close();

  // With the app: its own page, the same text and photo, and (almost) nothing moved.
  const withApp = await browser.newContext(options);
  const page = await withApp.newPage();
  await watchShifts(page);
  await page.goto(`/listings/${id}`);
  await expect(page.getByRole('link', { name: '我的' })).toBeVisible();
  await expect(page.locator('#first-screen')).toHaveCount(0);
  await expect(page.locator('main .detail-head')).toBeVisible();
  expect(await texts(page, 'main')).toEqual(server);
  // The shifts observed by the time two frames have painted after the takeover.
  expect(await shiftSoFar(page)).toBeLessThanOrEqual(0.02);
  await withApp.close();
});

/**
 * Opens `path` twice, in contexts of their own: with the WASM blocked (the server's copy alone,
 * checked by `checkCopy`) and with the app, which must take the copy over showing what `texts`
 * read from the copy, without moving it. Tried again until both loads saw the same data (other
 * tests may change it in between). Returns the app's page and its context.
 */
async function copyThenApp(browser, baseURL, path, row, texts, checkCopy) {
  const options = { baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' };
  let page;
  let context;
  await expect(async () => {
    await context?.close();
    const noApp = await browser.newContext(options);
    await noApp.route(/\.wasm$/, (route) => route.abort('blockedbyclient'));
    const before = await noApp.newPage();
    await before.goto(path);
    await expect(before.locator(`#first-screen ${row}`).first()).toBeVisible();
    const copy = await texts(before, '#first-screen');
    checkCopy(copy);
    await noApp.close();

    context = await browser.newContext(options);
    page = await context.newPage();
    await watchShifts(page);
    await page.goto(path);
    await expect(page.getByRole('link', { name: '我的', exact: true })).toBeVisible();
    await expect(page.locator('#first-screen')).toHaveCount(0);
    await expect(page.locator(`main ${row}`).first()).toBeVisible();
    expect(await texts(page, 'main')).toEqual(copy);
  }).toPass({ timeout: 90_000 });
  expect(await shiftSoFar(page)).toBeLessThanOrEqual(0.02);
  return { page, context };
}

test('the Markets tab shows its dates before the app runs, and the app takes them over unchanged', async ({ browser, baseURL }) => {
  const texts = (page, scope) =>
    page.locator(scope).evaluate((root) => ({
      title: root.querySelector('h1').innerText.trim(),
      buttons: [...root.querySelectorAll('.button-row .button')].map((b) => b.innerText.trim()),
      dates: root.querySelector('.market-days-host').innerText.replace(/\s+/g, ' ').trim(),
    }));

  // Other tests may book a stall between the two loads (copyThenApp tries again).
  const { page, context } = await copyThenApp(browser, baseURL, '/markets', '.market-row', texts, (copy) => {
    expect(copy.title).toBe('二手市集');
    expect(copy.buttons).toEqual(['离我最近', '地图', '我的摊位']);
    expect(copy.dates).toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  // The app's own page: its buttons work, its rows open a market in the app.
  await page.getByRole('button', { name: '地图' }).click();
  await expect(page.getByRole('button', { name: '列表' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: '列表' }).click();
  const row = page.locator('main .market-row a').first();
  const href = await row.getAttribute('href');
  await row.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.locator('#first-screen')).toHaveCount(0);
  await context.close();
});

test('the Recycle tab shows its points before the app runs, and the app takes them over unchanged', async ({ browser, baseURL }) => {
  const texts = (page, scope) =>
    page.locator(scope).evaluate((root) => ({
      title: root.querySelector('h1').innerText.trim(),
      lookup: root.querySelector('.lookup label').innerText.trim(),
      placeholder: root.querySelector('.lookup input').placeholder,
      controls: [...root.querySelectorAll('.recycle-controls > *')].map((e) => {
        const select = e.querySelector('select');
        return select ? `${e.querySelector('span').innerText}: ${select.selectedOptions[0].text}` : e.innerText.trim();
      }),
      points: root.querySelector('.point-list').innerText.replace(/\s+/g, ' ').trim(),
    }));

  // A point's "open now" may change between the two loads (copyThenApp tries again).
  const { page, context } = await copyThenApp(browser, baseURL, '/recycle', '.point-row', texts, (copy) => {
    expect(copy.title).toBe('回收');
    expect(copy.lookup).toBe('这个怎么扔？');
    expect(copy.controls).toEqual(['附近的回收点', '社区: 望京社区', '回收材料: 全部', '只看营业中', '地图']);
    expect(copy.points).toMatch(/\d+ m|km/);
  });

  // The app's own page: its filters work (only points taking batteries), a row opens its point.
  const all = await page.locator('main .point-row').count();
  await page.getByLabel('回收材料').selectOption({ label: '电池' });
  await expect(async () => {
    const rows = await page.locator('main .point-row').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(all);
    for (const r of rows) expect(r).toContain('电池');
  }).toPass();
  const row = page.locator('main .point-row').first();
  const href = await row.getAttribute('href');
  await row.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await context.close();
});

test('a word typed into the Recycle tab before the app runs is still there after', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', serviceWorkers: 'block' });
  // The app's code waits until the word is typed, as on a slow connection.
  let release;
  const typed = new Promise((resolve) => { release = resolve; });
  await context.route(/\.wasm$/, async (route) => { await typed; await route.continue(); });
  const page = await context.newPage();
  await page.goto('/recycle');
  await page.locator('#first-screen input[type=search]').fill('旧电池');
  // Its button waits for the app's (a tap on the copy could not search yet).
  await expect(page.locator('#first-screen').getByRole('button', { name: '查一查' })).toBeDisabled();
  release();
  await expect(page.locator('#first-screen')).toHaveCount(0);
  const field = page.getByLabel('这个怎么扔？');
  await expect(field).toHaveValue('旧电池');
  await expect(field).toBeFocused();
  await field.press('Enter');
  await expect(page.locator('.lookup-answer').first()).toContainText('电池');
  await context.close();
});

test('Sell shows a visitor the way to sign in before the app runs', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', serviceWorkers: 'block' });
  await context.route(/\.wasm$/, (route) => route.abort('blockedbyclient'));
  const page = await context.newPage();
  await page.goto('/sell');
  await expect(page.locator('#first-screen h1')).toHaveText('发布闲置');
  const login = page.locator('#first-screen .sign-in-needed a').first();
  await expect(login).toHaveText('登录');
  await expect(login).toHaveAttribute('href', '/login?next=/sell');
  await context.close();
});

test('pointing at a card fetches the listing page code before the tap', async ({ browser, baseURL }) => {
  // No service worker: its precache would fetch every chunk anyway.
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', serviceWorkers: 'block' });
  const page = await context.newPage();
  const listingCode = [];
  page.on('request', (r) => {
    if (/\.split_listing\.wasm$/.test(r.url())) listingCode.push(r.url());
  });
  await page.goto('/');
  const card = page.locator('main .card a').first();
  await expect(card).toBeVisible();
  await expect(page.getByRole('link', { name: '我的' })).toBeVisible();
  expect(listingCode).toEqual([]);
  const fetched = page.waitForRequest(/\.split_listing\.wasm$/);
  await card.hover();
  await fetched;
  await card.click();
  await expect(page.locator('main .detail-head')).toBeVisible();
  expect(listingCode).toHaveLength(1);
  await context.close();
});

test('a first visit makes no error in the console and does not ask who is signed in', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN', serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const asked = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/me') asked.push(r.url()); });
  for (const path of ['/', '/markets', '/sell']) {
    await page.goto(path);
    // The app is running: its tab bar is there.
    await expect(page.getByRole('link', { name: '我的', exact: true })).toBeVisible();
    await expect(page.locator('main h1')).toBeVisible();
  }
  // Sell says to sign in first (the app knows nobody is signed in without asking).
  await expect(page.locator('main .sign-in-needed')).toBeVisible();
  expect(asked).toEqual([]);
  expect(errors).toEqual([]);
  // Signed in (the session cookie rides on the next navigation), the app asks again.
  const who = newResident('fs');
  const res = await page.request.post('/api/v1/auth/register', { data: { display_name: who.name, contact: who.contact, password: PASSWORD } });
  expect(res.status()).toBe(201);
  await page.goto('/sell');
  await expect(page.locator('main form')).toBeVisible();
  await expect(page.locator('main .sign-in-needed')).toHaveCount(0);
  expect(asked).toHaveLength(1);
  await context.close();
});
