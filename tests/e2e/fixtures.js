// Shared helpers: unique accounts per test, and a page that fails the test on any script error
// or Content-Security-Policy violation.
import { readFileSync } from 'node:fs';
import { test as base, expect } from '@playwright/test';

export const PASSWORD = 'green-neighbour-42';

let counter = 0;
/** A fresh resident's details (unique across parallel workers and reruns). */
export function newResident(prefix = '邻居') {
  counter += 1;
  const id = `${Date.now().toString(36)}${process.pid % 1000}${counter}`;
  return { name: `${prefix}${id}`.slice(0, 20), contact: `r${id}@example.com`, password: PASSWORD };
}

export const test = base.extend({
  page: async ({ page }, use) => {
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (msg) => {
      const text = msg.text();
      // A signed-out visitor's "who am I?" is answered 401 by design.
      const expected = /status of 40[19]/.test(text);
      if (msg.type() === 'error' && !expected) problems.push(`console error: ${text}`);
      if (/Content.Security.Policy/i.test(text)) problems.push(`CSP: ${text}`);
    });
    await use(page);
    expect(problems, 'no script errors or CSP violations').toEqual([]);
  },
});
export { expect };

/** Registers through the form; leaves the browser signed in on the Me tab. */
export async function register(page, who) {
  await page.goto('/register');
  await page.getByLabel('昵称').fill(who.name);
  await page.getByLabel('手机号或邮箱').fill(who.contact);
  await page.getByLabel('密码', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole('heading', { name: who.name })).toBeVisible();
}

/** The demo moderator (crates/server/src/seed). */
export const MODERATOR = { login: 'moderator@linli.demo', password: 'linli-demo-2026' };

/** The demo organiser (crates/server/src/seed). */
export const ORGANISER = { login: '13800000002', password: 'linli-demo-2026' };

/** Signs in through the form; leaves the browser on the Me tab. */
export async function logIn(page, who) {
  await page.goto('/login');
  await page.getByLabel('手机号 / 邮箱 / 昵称').fill(who.login);
  await page.getByLabel('密码', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/me$/);
}

/** A new browser context signed in as `who`: `{ context, page }`. */
export async function signedIn(browser, who) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, who);
  return { context, page };
}

const PHOTO = readFileSync(new URL('./fixtures/sofa-with-gps.jpg', import.meta.url));

/** Posts a listing with one photo through the API as the user whose cookies `request` carries;
 * `fields` overrides the defaults (a used book for 15 yuan). Returns its id. */
export async function apiListing(request, title, fields = {}) {
  const photo = await request.post('/api/v1/photos', { headers: { 'content-type': 'image/jpeg' }, data: PHOTO });
  expect(photo.status()).toBe(201);
  const { price_fen = 1500, ...rest } = fields;
  const res = await request.post('/api/v1/listings', {
    data: {
      title,
      description: '',
      category: 'books',
      condition: 'used',
      offer: { mode: 'sell', price_fen },
      community_id: 1,
      ...rest,
      photos: [(await photo.json()).key],
    },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).id;
}
