// Accessibility of the main screens, checked with axe-core (WCAG 2.0, 2.1 and 2.2 A/AA rules,
// colour contrast included) in both languages.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect, newResident, register, logIn, MODERATOR, ORGANISER } from './fixtures.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function audit(page) {
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to the checker.
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      // A control's visible words are part of its name (WCAG 2.5.3: a voice user says what
      // they see); axe still calls this rule experimental, so it is switched on by name.
      rules: { 'label-content-name-mismatch': { enabled: true } },
    }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

test('the main screens have no serious accessibility violations', async ({ page }) => {
  await register(page, newResident('无障碍'));
  for (const path of ['/', '/listings/1', '/sell', '/me', '/me/trades', '/users/3', '/communities/1', '/login', '/nowhere']) {
    await page.goto(path);
    await expect(page.locator('main h1')).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(await audit(page), path).toEqual([]);
  }
  await page.getByRole('button', { name: '切换语言：English' }).click();
  await page.goto('/sell');
  await expect(page.getByLabel('Title')).toBeVisible();
  expect(await audit(page), '/sell in English').toEqual([]);
});

/** Audits the page at `path`, then the first page it links to under `linkPrefix` (if given). */
async function auditPath(page, path, linkPrefix) {
  await page.goto(path);
  await expect(page.locator('main h1')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(await audit(page), path).toEqual([]);
  if (!linkPrefix) return;
  const link = page.locator(`main a[href^="${linkPrefix}"]:visible`).first();
  const href = await link.getAttribute('href');
  await link.click();
  await expect(page).toHaveURL(href);
  await expect(page.locator('main h1')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(await audit(page), href).toEqual([]);
}

test("markets, recycling, and the organiser's and moderator's screens have no serious accessibility violations", async ({ page }) => {
  await logIn(page, ORGANISER);
  await auditPath(page, '/markets', '/markets/');
  await auditPath(page, '/markets/new');
  await auditPath(page, '/me/bookings');
  await auditPath(page, '/recycle', '/recycle/points/');
  await auditPath(page, '/me/pickups');
  await page.context().clearCookies();
  await logIn(page, MODERATOR);
  for (const tab of ['disputes', 'reports', 'suspensions', 'audit', 'roles']) {
    await auditPath(page, `/moderation?tab=${tab}`);
  }
});

test('nothing is wider than a 320 px screen, in Chinese or English', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await register(page, newResident('窄屏'));
  for (const lang of ['中文', 'English']) {
    for (const path of ['/', '/listings/1', '/listings/36', '/sell', '/me', '/me/trades', '/users/3', '/communities/1', '/markets', '/recycle', '/me/bookings', '/me/pickups']) {
      await page.goto(path);
      await expect(page.locator('main h1')).toBeVisible();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} in ${lang}`).toBeLessThanOrEqual(0);
    }
    if (lang === '中文') await page.getByRole('button', { name: '切换语言：English' }).click();
  }
});
