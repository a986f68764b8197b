// Screenshots of Browse, a listing, Sell, Me and a trade, in Chinese and English at 360 px,
// written to $LINLI_SHOTS (cargo xtask shots: target/shots/) for review. Signed in as a demo
// resident of the seeded database.
import { test, expect } from '@playwright/test';

const OUT = process.env.LINLI_SHOTS || 'shots-out';
const DEMO = { login: '13800000001', password: 'linli-demo-2026' };

for (const lang of ['zh-CN', 'en']) {
  test(`screenshots (${lang})`, async ({ page }) => {
    const short = lang.slice(0, 2);
    const shot = (name) => page.screenshot({ path: `${OUT}/${name}-${short}.png` });
    await page.addInitScript((l) => localStorage.setItem('linli.lang', JSON.stringify(l)), lang);

    await page.goto('/');
    await expect(page.locator('.card img').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    await shot('browse');

    await page.locator('.card a').first().click();
    await expect(page.locator('.detail-title')).toBeVisible();
    await page.waitForLoadState('networkidle');
    await shot('listing');

    expect((await page.request.post('/api/v1/auth/login', { data: DEMO })).status()).toBe(200);
    await page.goto('/sell');
    await expect(page.locator('form').first()).toBeVisible();
    await shot('sell');

    await page.goto('/me');
    await expect(page.locator('.avatar').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    await shot('me');

    await page.goto('/me/trades');
    const row = page.locator('.trade-row').first();
    await expect(row).toBeVisible();
    await shot('my-trades');
    await row.click();
    await expect(page.locator('.trade-state')).toBeVisible();
    await page.waitForLoadState('networkidle');
    await shot('trade');
  });
}
