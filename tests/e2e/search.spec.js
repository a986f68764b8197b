// The search box at 360 px in both languages: suggestions as you type, picked with the
// keyboard; a query in one language finds the demo listing written in the other; "did you
// mean" for a mistyped word; recent searches kept on the device and cleared on demand.
import { test, expect } from './fixtures.js';

const LANGS = [
  { lang: 'zh-CN', recent: '最近搜索', clear: '清除搜索记录', didYouMean: '你是不是要找：' },
  { lang: 'en', recent: 'Recent searches', clear: 'Clear recent searches', didYouMean: 'Did you mean: ' },
];

async function inLanguage(page, lang) {
  await page.addInitScript((l) => localStorage.setItem('linli.lang', JSON.stringify(l)), lang);
}

for (const L of LANGS) {
  test(`[${L.lang}] suggestions as you type, picked with the keyboard, find the item`, async ({ page }) => {
    await inLanguage(page, L.lang);
    await page.goto('/');
    const box = page.getByRole('combobox');
    await box.click();
    await box.pressSequentially('冰');
    const options = page.getByRole('listbox').getByRole('option');
    await expect(options.first()).toBeVisible();
    await expect(box).toHaveAttribute('aria-expanded', 'true');
    const texts = await options.allInnerTexts();
    expect(texts.some((t) => t.includes('冰箱')), texts.join(' | ')).toBe(true);
    const index = texts.findIndex((t) => t.includes('冰箱'));
    for (let i = 0; i <= index; i++) await box.press('ArrowDown');
    await expect(options.nth(index)).toHaveAttribute('aria-selected', 'true');
    for (const option of await options.all()) {
      expect((await option.boundingBox()).height).toBeGreaterThanOrEqual(44);
    }
    await box.press('Enter');
    await expect(page).toHaveURL(/[?&]q=/);
    await expect(page.locator('.card-title', { hasText: '海尔双门冰箱' })).toBeVisible();
    await expect(box).toHaveAttribute('aria-expanded', 'false');
  });

  test(`[${L.lang}] an English query finds the Chinese listing, and a typo is corrected`, async ({ page }) => {
    await inLanguage(page, L.lang);
    await page.goto('/?q=fridge');
    await expect(page.locator('.card-title', { hasText: '海尔双门冰箱' })).toBeVisible();
    await page.goto('/?q=laptob');
    await expect(page.locator('.card-title', { hasText: '联想小新笔记本' })).toBeVisible();
    const box = page.getByRole('combobox');
    await box.fill('');
    await box.pressSequentially('laptob');
    await expect(page.getByRole('option', { name: `${L.didYouMean}laptop` })).toBeVisible();
  });

  test(`[${L.lang}] recent searches are kept on the device and can be cleared`, async ({ page }) => {
    await inLanguage(page, L.lang);
    await page.goto('/');
    const box = page.getByRole('combobox');
    for (const words of ['沙发', 'stroller']) {
      await box.fill(words);
      await box.press('Enter');
      await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(words)}`));
    }
    await page.goto('/');
    await box.click();
    await expect(page.getByText(L.recent, { exact: true })).toBeVisible();
    const recent = page.getByRole('listbox').getByRole('option');
    await expect(recent).toHaveText(['stroller', '沙发']);
    await recent.nth(1).click();
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent('沙发')}`));
    await box.fill('');
    await box.click();
    await expect(recent).toHaveText(['沙发', 'stroller']);
    await page.getByRole('button', { name: L.clear }).click();
    await expect(recent).toHaveCount(0);
    await page.reload();
    await page.getByRole('combobox').click();
    await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(0);
  });
}
