// Small screens, in both languages, at 360 px and 320 px: a rejected photo's message is
// readable (a row of its own, not squeezed into a tile, not under its dismiss button), and a
// My trades row shows its title wrapped and the time in full, with nothing wider than the
// screen.
import { test, expect, newResident, PASSWORD, apiListing } from './fixtures.js';

const CASES = [
  { lang: 'zh-CN', width: 360, rejected: /这不是支持的图片格式/ },
  { lang: 'en', width: 360, rejected: /not a supported picture/ },
  { lang: 'zh-CN', width: 320, rejected: /这不是支持的图片格式/ },
  { lang: 'en', width: 320, rejected: /not a supported picture/ },
];

/** Signs a new resident in through the API in the page's own browser context. */
async function signUp(page, prefix) {
  const who = newResident(prefix);
  const res = await page.request.post('/api/v1/auth/register', {
    data: { display_name: who.name, contact: who.contact, password: PASSWORD },
  });
  expect(res.status()).toBe(201);
  return who;
}

/** Nothing on the page is wider than the screen. */
async function expectNoSidewaysScroll(page) {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll).toBeLessThanOrEqual(inner);
}

/** An element shows all its text: nothing hidden by overflow or clamping. */
async function expectWhole(locator) {
  const cut = await locator.evaluate((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
  expect(cut, `${await locator.textContent()} is shown whole`).toBe(false);
}

function overlaps(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

for (const C of CASES) {
  test.describe(`${C.lang} at ${C.width} px`, () => {
    test.use({ viewport: { width: C.width, height: 700 } });
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((l) => localStorage.setItem('linli.lang', JSON.stringify(l)), C.lang);
    });

    test('a rejected photo says why in a readable row beside its own dismiss button', async ({ page }) => {
      await signUp(page, '版式');
      await page.goto('/sell');
      await page.locator('#photos').setInputFiles([
        { name: 'scan-of-the-receipt-from-the-shop.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n') },
      ]);
      const failed = page.locator('.photo-failed');
      await expect(failed).toBeVisible();
      const message = failed.locator('p');
      await expect(message).toHaveText(C.rejected);
      await expectWhole(message);
      const text = await message.boundingBox();
      const dismiss = await failed.getByRole('button').boundingBox();
      expect(overlaps(text, dismiss), 'the message is not under the dismiss button').toBe(false);
      // A row of its own: wider than any photo tile, inside the screen.
      const tile = await page.locator('.photo-grid .photo-tile').last().boundingBox();
      expect(text.width).toBeGreaterThan(tile.width);
      expect(text.x + text.width).toBeLessThanOrEqual(C.width);
      expect(dismiss.width).toBeGreaterThanOrEqual(44);
      expect(dismiss.height).toBeGreaterThanOrEqual(44);
      await expectNoSidewaysScroll(page);
    });

    test('a My trades row wraps the title and shows the time in full', async ({ page, playwright, baseURL }) => {
      const seller = await playwright.request.newContext({ baseURL });
      const s = newResident('卖家');
      expect((await seller.post('/api/v1/auth/register', { data: { display_name: s.name, contact: s.contact, password: PASSWORD } })).status()).toBe(201);
      const title = `宜家实木双人书桌带两个抽屉九成新 ${Date.now().toString(36)}`;
      const listing = await apiListing(seller, title, { category: 'furniture', price_fen: 18000 });
      await signUp(page, '买家');
      expect((await page.request.post(`/api/v1/listings/${listing}/trades`, { data: {} })).status()).toBe(201);

      await page.goto('/me/trades');
      const row = page.locator('.trade-row', { hasText: title });
      await expect(row).toBeVisible();
      const strong = row.locator('strong');
      await expect(strong).toHaveText(title);
      await expectWhole(strong);
      const time = row.locator('.trade-row-time');
      await expectWhole(time);
      expect(await time.textContent()).not.toContain('…');
      const box = await time.boundingBox();
      expect(box.x + box.width).toBeLessThanOrEqual(C.width);
      const rowBox = await row.boundingBox();
      expect(rowBox.x + rowBox.width).toBeLessThanOrEqual(C.width);
      await expectNoSidewaysScroll(page);
      await seller.dispose();
    });
  });
}
