// Listings end to end: two residents in two browsers, a real photo file, Chinese search.
import { readFileSync } from 'node:fs';
import { test, expect, newResident, register } from './fixtures.js';

const PHOTO = new URL('./fixtures/sofa-with-gps.jpg', import.meta.url);

/** Two uncommon characters, so this run's listing is the only match for its keyword. */
function uniqueWord() {
  const pool = '琥珀翡翠琉璃玳瑁珊瑚玛瑙瑶琨璎珞琳琅';
  const pick = () => pool[Math.floor(Math.random() * pool.length)];
  return pick() + pick() + pick();
}

/** Fills the Sell form with a real photo and publishes; returns the listing's URL. */
async function postListing(page, { title, price }) {
  await page.goto('/sell');
  await page.getByLabel('添加照片').setInputFiles(PHOTO.pathname);
  await expect(page.getByRole('img', { name: '照片 1' })).toBeVisible();
  await page.getByLabel('标题').fill(title);
  await page.getByLabel('描述').fill('<b>不是粗体</b> 用了两年，制冷正常');
  await page.getByLabel('分类').selectOption({ label: '家用电器' });
  await page.getByRole('radio', { name: /轻微使用/ }).check();
  await page.getByLabel('价格（元）').fill(price);
  await page.getByLabel('交易说明').fill('小区北门自提');
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page).toHaveURL(/\/listings\/\d+$/);
  return page.url();
}

async function search(page, keyword) {
  await page.goto('/');
  await page.getByRole('combobox', { name: '搜索闲置物品' }).fill(keyword);
  await page.getByRole('button', { name: '搜索', exact: true }).click();
}

test('post with a photo, find by a Chinese keyword, favourite, edit the price, withdraw', async ({ browser }) => {
  const word = uniqueWord();
  const title = `海尔双门冰箱 ${word}`;

  const sellerContext = await browser.newContext();
  const seller = await sellerContext.newPage();
  await register(seller, newResident('卖家'));
  const url = await postListing(seller, { title, price: '450' });
  await expect(seller.getByRole('heading', { name: title, level: 2 })).toBeVisible();
  await expect(seller.getByText('¥450')).toBeVisible();
  // Markup typed into the description is shown as the text it is.
  await expect(seller.getByText('<b>不是粗体</b> 用了两年，制冷正常')).toBeVisible();

  // The photo was resized in the browser and arrives without its GPS position.
  const photoUrl = await seller.getByRole('img', { name: new RegExp(`${title} 1/1`) }).getAttribute('src');
  const photo = Buffer.from(await (await seller.request.get(photoUrl)).body());
  expect(photo.includes(Buffer.from('Exif'))).toBe(false);
  const width = await seller.getByRole('img', { name: new RegExp(`${title} 1/1`) }).evaluate((img) => img.naturalWidth);
  expect(width).toBe(1600);

  const buyerContext = await browser.newContext();
  const buyer = await buyerContext.newPage();
  await register(buyer, newResident('买家'));
  await search(buyer, `冰箱${word}`);
  await expect(buyer).toHaveURL(new RegExp(`\\?q=${encodeURIComponent(`冰箱${word}`)}`));
  const card = buyer.getByRole('link', { name: new RegExp(title) });
  await expect(card).toHaveCount(1);
  await card.click();
  await expect(buyer).toHaveURL(url);
  await buyer.getByRole('button', { name: /收藏/ }).click();
  await expect(buyer.getByRole('button', { name: /已收藏/ })).toHaveAttribute('aria-pressed', 'true');
  await buyer.goto('/me/favourites');
  await expect(buyer.getByRole('link', { name: new RegExp(title) })).toBeVisible();

  // The seller lowers the price; the buyer sees it.
  await seller.getByRole('link', { name: '编辑' }).click();
  await expect(seller.getByLabel('价格（元）')).toHaveValue('450');
  await seller.getByLabel('价格（元）').fill('399');
  await seller.getByRole('button', { name: '保存修改' }).click();
  await expect(seller.getByText('¥399')).toBeVisible();
  await buyer.goto(url);
  await expect(buyer.getByText('¥399')).toBeVisible();

  // Withdrawn: gone from search.
  await seller.getByRole('button', { name: '下架' }).click();
  await expect(seller.getByText('已下架')).toBeVisible();
  // (Other fridges may still match most of the words, ranked lower; this one is gone.)
  await search(buyer, `冰箱${word}`);
  await expect(buyer).toHaveURL(new RegExp(`q=${encodeURIComponent(`冰箱${word}`)}`));
  await expect(buyer.locator('main .card').first().or(buyer.getByText('没有找到符合条件的物品'))).toBeVisible();
  await expect(buyer.getByRole('link', { name: new RegExp(title) })).toHaveCount(0);

  await sellerContext.close();
  await buyerContext.close();
});

test('the sell form explains bad input and keeps everything typed', async ({ page }) => {
  await register(page, newResident());
  await page.goto('/sell');
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page.getByText('请至少添加 1 张照片')).toBeVisible();
  await expect(page.locator('#title-error')).toHaveText('此项必填');
  await expect(page.locator('#category-error')).toHaveText('此项必填');

  // A PDF renamed .jpg and a JPEG cut in half are refused at the photo, by content; a 30 MB
  // original is refused before any upload.
  const jpeg = readFileSync(PHOTO);
  const huge = Buffer.alloc(30 * 1024 * 1024);
  jpeg.copy(huge);
  await page.getByLabel('添加照片').setInputFiles([
    { name: 'huge.jpg', mimeType: 'image/jpeg', buffer: huge },
    { name: 'scan.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n') },
    { name: 'cut.jpg', mimeType: 'image/jpeg', buffer: jpeg.subarray(0, jpeg.length / 2) },
  ]);
  await expect(page.getByText('scan.jpg: 这不是支持的图片格式，请选择 JPG、PNG 或 WebP 照片')).toBeVisible();
  await expect(page.getByText('cut.jpg: 图片文件已损坏或不完整，请重新选择')).toBeVisible();
  await expect(page.getByText('huge.jpg: 图片太大了（最大 25 MB）')).toBeVisible();

  // Ten at once: nine are taken, the tenth is explained.
  const ten = Array.from({ length: 10 }, (_, i) => ({ name: `p${i}.jpg`, mimeType: 'image/jpeg', buffer: jpeg }));
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '关闭' }).first().click();
  await page.getByLabel('添加照片').setInputFiles(ten);
  await expect(page.getByText('最多 9 张照片')).toBeVisible();
  await expect(page.getByRole('img', { name: '照片 9' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('添加照片')).toHaveCount(0);

  await page.getByLabel('标题').fill('旧书桌');
  await page.getByLabel('价格（元）').fill('-5');
  await page.getByLabel('分类').selectOption({ label: '家具家居' });
  await page.getByRole('radio', { name: /有使用痕迹/ }).check();
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page.getByText('价格需要大于 0；想免费送请选择“免费送”')).toBeVisible();
  await expect(page.getByLabel('价格（元）')).toBeFocused();

  // A reload (or a dropped connection) loses nothing: the draft and the uploaded photos stay,
  // and the form says so.
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: '已恢复你上次没有保存的内容。' })).toBeVisible();
  await expect(page.getByRole('button', { name: '清空重填' })).toBeVisible();
  await expect(page.getByLabel('标题')).toHaveValue('旧书桌');
  await expect(page.getByLabel('价格（元）')).toHaveValue('-5');
  await expect(page.getByRole('img', { name: '照片 9' })).toBeVisible();
  await page.getByLabel('价格（元）').fill('80');
  await page.getByRole('button', { name: '发布', exact: true }).click();
  await expect(page).toHaveURL(/\/listings\/\d+$/);
  await expect(page.getByText('1 / 9')).toBeVisible();
});

test('the feed loads more as you scroll and the search lives in the URL', async ({ page }) => {
  await page.goto('/');
  const cards = page.locator('.card');
  await expect(cards).toHaveCount(20);
  await page.locator('.feed-end').scrollIntoViewIfNeeded();
  await expect.poll(() => cards.count()).toBeGreaterThan(20);
  await page.locator('.feed-end').scrollIntoViewIfNeeded();
  await expect(page.getByText('没有更多了')).toBeVisible();

  await page.getByRole('button', { name: '家具家居' }).click();
  await expect(page).toHaveURL(/category=furniture/);
  await expect(page.getByRole('button', { name: '家具家居' })).toHaveAttribute('aria-pressed', 'true');
  await page.goto('/?q=%E6%B2%99%E5%8F%91'); // 沙发, as a shared link
  await expect(page.getByRole('combobox', { name: '搜索闲置物品' })).toHaveValue('沙发');
  await expect(page.getByRole('link', { name: /宜家灰色三人沙发/ })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: /宜家灰色三人沙发/ })).toBeVisible();

  await page.getByText('筛选', { exact: true }).click();
  await page.getByLabel('排序').selectOption({ label: '价格从低到高' });
  await page.getByRole('button', { name: '应用筛选' }).click();
  await expect(page).toHaveURL(/sort=price_asc/);
  await expect(page).toHaveURL(/q=%E6%B2%99%E5%8F%91/);
});

test('coming back from a listing finds the feed where it was left', async ({ page }) => {
  await page.goto('/');
  const cards = page.locator('.card');
  await expect(cards).toHaveCount(20);
  await page.locator('.feed-end').scrollIntoViewIfNeeded();
  await expect.poll(() => cards.count()).toBeGreaterThan(20);
  const count = await cards.count();
  const scrollY = () => page.evaluate(() => window.scrollY);
  // The browser's back, then the page's own back arrow.
  for (const back of [() => page.goBack(), () => page.getByRole('link', { name: '返回' }).click()]) {
    const card = cards.nth(count - 2);
    await card.scrollIntoViewIfNeeded();
    const y = await scrollY();
    expect(y).toBeGreaterThan(1000);
    await card.locator('a').first().click();
    await expect(page).toHaveURL(/\/listings\/\d+$/);
    await expect(page.locator('.listing-page, .listing-detail, h1').first()).toBeVisible();
    await back();
    await expect(page).toHaveURL(/\/$/);
    // The same cards (and more, once the kept place shows the end of the feed).
    await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(count);
    await expect.poll(scrollY).toBeGreaterThan(y - 80);
    expect(await scrollY()).toBeLessThan(y + 80);
  }
});

test('leaving a page before its data arrives keeps the app working', async ({ page }) => {
  // A slow network: the listing arrives after the resident has already gone back.
  await page.route(/\/api\/v1\/listings\/\d+$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // The app may have aborted the request meanwhile (it does when its page is left).
    await route.continue().catch(() => {});
  });
  await page.goto('/');
  // The late request ends either way: answered, or aborted by the app.
  const late = new Promise((resolve) => {
    const ends = (request) => /\/api\/v1\/listings\/\d+$/.test(request.url()) && resolve();
    page.on('requestfinished', ends);
    page.on('requestfailed', ends);
  });
  await page.locator('.card a').first().click();
  await expect(page).toHaveURL(/\/listings\/\d+$/);
  await page.getByRole('link', { name: '逛逛' }).click();
  await expect(page).toHaveURL(/\/$/);
  await late;
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));

  // No crash notice, and the app still answers taps (the fixture also fails on any script error).
  await expect(page.locator('#crash')).toHaveCount(0);
  await page.unroute(/\/api\/v1\/listings\/\d+$/);
  await page.locator('.card a').first().click();
  await expect(page.getByRole('button', { name: /收藏/ })).toBeVisible();
});

test('when the list of communities fails to load, the sell form offers a retry', async ({ page }) => {
  await register(page, newResident('重试社区'));
  let failed = false;
  await page.route(/\/api\/v1\/communities$/, (route) => {
    if (failed) return route.continue();
    failed = true;
    // An answer the app cannot read (a captive portal, a broken proxy).
    return route.fulfill({ status: 200, contentType: 'application/json', body: '<html>' });
  });
  await page.goto('/sell');
  await page.getByRole('button', { name: '重试' }).click();
  await expect(page.locator('#community_id option').first()).not.toHaveText('加载中…');
  await expect(page.getByRole('button', { name: '重试' })).toHaveCount(0);
});

test('a signed-in resident who taps before the app knows who they are is not sent to log in', async ({ page, request }) => {
  await register(page, newResident('心急'));
  const feed = await (await request.get('/api/v1/listings')).json();
  const id = feed.items[0].id;
  // The app's "who am I?" answers late (a slow network): the listing arrives first.
  let releaseMe;
  const meHeld = new Promise((resolve) => { releaseMe = resolve; });
  await page.route('**/api/v1/me', async (route) => { await meHeld; await route.continue(); });
  const listingAnswered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/listings/${id}`));
  await page.goto(`/listings/${id}`);
  await listingAnswered;
  const want = page.getByRole('button', { name: '我想要' });
  await want.click();
  await page.getByRole('button', { name: /收藏/ }).click();
  const meAnswered = page.waitForResponse((r) => r.url().endsWith('/api/v1/me'));
  releaseMe();
  await meAnswered;
  // Still on the listing, and once the app knows who this is, 我想要 opens the request (the
  // answer is handled a moment after it arrives: a tap before that is still ignored).
  await expect(async () => {
    if ((await want.getAttribute('aria-expanded')) !== 'true') await want.click();
    await expect(want).toHaveAttribute('aria-expanded', 'true', { timeout: 1000 });
  }).toPass();
  await expect(page.getByLabel('给卖家留言（选填）')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/listings/${id}$`));
});
