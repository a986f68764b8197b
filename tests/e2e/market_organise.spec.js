// The organiser's side of a market, end to end: the full form (two weekdays, every field) with a
// bad last date shown at its field and the draft kept across a reload; editing the series; a
// resident books two dates, linking a listing; the organiser moves one date with a reason and
// the resident sees the move on their bookings; the organiser's stall list shows the linked
// listing, refuses a malformed code at the field and checks the resident in by the typed code.
// Last, the pages at 320 px in English, screenshotted for a look by hand.
import { test, expect, newResident, register, apiListing, ORGANISER, logIn } from './fixtures.js';

/** Shanghai wall-clock parts of a moment (the market's zone, UTC+8 all year). */
function shanghai(ms) {
  const d = new Date(ms + 8 * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    weekday: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'][d.getUTCDay()],
  };
}

const DAY = 86400 * 1000;

test('organiser: full form, field errors, edit, move a date; resident links a listing; check-in by code', async ({ browser, page }) => {
  test.setTimeout(180_000);
  // The first date starts in 40 minutes (check-in opens 3 hours before), see markets.spec.js.
  let startsAt = Date.now() + 40 * 60 * 1000;
  if (shanghai(startsAt).time >= '23:50') startsAt += 20 * 60 * 1000;
  const start = shanghai(startsAt);
  let end = shanghai(startsAt + 60 * 60 * 1000);
  if (end.date !== start.date) end = { ...start, time: '23:59' };
  const second = shanghai(startsAt + 3 * DAY);
  const movedTo = shanghai(startsAt + 4 * DAY).date;
  const name = `周二周六市集${Date.now().toString(36)}`;

  // The organiser fills the whole form: two weekdays, a last date before the first.
  await logIn(page, ORGANISER);
  await page.goto('/markets/new');
  await page.getByLabel('市集名称').fill(name);
  await page.getByLabel('介绍').fill('闲置换新家\n欢迎邻居');
  await page.getByLabel('场地名称').fill('社区广场');
  await page.getByLabel('地址').fill('田林路 1 号');
  await page.getByLabel('纬度').fill('31.17');
  await page.getByLabel('经度').fill('121.42');
  await page.getByLabel('重复').selectOption('weekly');
  const weekdays = page.getByRole('group', { name: '星期（可多选）' });
  await weekdays.getByLabel('周六', { exact: true }).uncheck();
  await weekdays.getByLabel(start.weekday, { exact: true }).check();
  await weekdays.getByLabel(second.weekday, { exact: true }).check();
  await page.getByLabel('每几周一次').fill('1');
  await page.getByLabel('第一场日期').fill(start.date);
  await page.getByLabel('最后日期').fill(shanghai(startsAt - DAY).date);
  await page.getByLabel('开始时间').fill(start.time);
  await page.getByLabel('结束时间').fill(end.time);
  await page.getByLabel('每场摊位数').fill('3');
  await page.getByRole('group', { name: '欢迎的品类' }).getByLabel('图书文具').check();
  await page.getByLabel('市集规则').fill('自带桌布');
  await page.getByLabel('联系方式').fill('13800000002');
  await expect(page.getByLabel('时区')).toHaveValue('Asia/Shanghai');
  await page.getByRole('button', { name: '发布市集' }).click();
  // The error is at the last date, in Chinese, and the focus is there; nothing typed is lost.
  const lastDate = page.getByLabel('最后日期');
  await expect(lastDate).toBeFocused();
  await expect(lastDate).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#last_date-error')).toHaveText('结束日期不能早于开始日期');
  await expect(page.getByText('last_date')).toHaveCount(0);
  await expect(page.getByLabel('市集名称')).toHaveValue(name);
  // The draft survives a reload.
  await page.reload();
  await expect(page.getByLabel('市集名称')).toHaveValue(name);
  await expect(weekdays.getByLabel(second.weekday, { exact: true })).toBeChecked();
  await page.getByLabel('最后日期').fill(shanghai(startsAt + 20 * DAY).date);
  await page.getByRole('button', { name: '预览日期' }).click();
  await expect(page.getByText('共 6 场，接下来：')).toBeVisible();
  await expect(page.locator('#last_date-error')).toHaveText('');
  await page.getByRole('button', { name: '发布市集' }).click();
  await expect(page).toHaveURL(/\/markets\/\d+$/);
  const marketUrl = page.url();
  const marketId = marketUrl.match(/(\d+)$/)[1];
  await expect(page.getByText('欢迎：图书文具')).toBeVisible();

  // Editing the series: the same form, prefilled, with the date the changes apply from.
  await page.getByRole('link', { name: '修改市集' }).click();
  await expect(page).toHaveURL(new RegExp(`/markets/${marketId}/edit$`));
  await expect(page.getByLabel('市集名称')).toHaveValue(name);
  await expect(page.getByLabel('修改从这一天起生效')).toHaveValue(start.date);
  await expect(page.getByRole('group', { name: '星期（可多选）' }).getByLabel(second.weekday, { exact: true })).toBeChecked();
  await page.getByLabel('介绍').fill('每周两场，闲置换新家');
  await page.getByLabel('每场摊位数').fill('4');
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(page).toHaveURL(marketUrl);
  await expect(page.getByText('每周两场，闲置换新家')).toBeVisible();
  await expect(page.getByRole('listitem', { name: start.date }).getByText('剩余 4 / 4 个摊位')).toBeVisible();

  // A resident with a listing books both dates, linking the listing to the first.
  const context = await browser.newContext();
  const rp = await context.newPage();
  const resident = newResident('摊主');
  await register(rp, resident);
  const title = `旧台灯${Date.now().toString(36)}`;
  const listingId = await apiListing(rp.request, title);
  await rp.goto(marketUrl);
  const firstRow = rp.getByRole('listitem', { name: start.date });
  await firstRow.getByRole('button', { name: '我要摆摊' }).click();
  await firstRow.getByLabel('你会带什么').fill('旧台灯和旧书');
  await firstRow.getByLabel(title).check();
  await firstRow.getByRole('button', { name: '预订摊位' }).click();
  await expect(firstRow.getByRole('status')).toHaveText('已订摊位');
  await expect(firstRow.getByRole('link', { name: title })).toHaveAttribute('href', `/listings/${listingId}`);
  const code = (await firstRow.locator('.checkin-code').textContent()).trim();
  expect(code).toMatch(/^\d{6}$/);
  const secondRow = rp.getByRole('listitem', { name: second.date });
  await secondRow.getByRole('button', { name: '我要摆摊' }).click();
  await secondRow.getByLabel('你会带什么').fill('童书');
  await secondRow.getByRole('button', { name: '预订摊位' }).click();
  await expect(secondRow.getByRole('status')).toHaveText('已订摊位');

  // The organiser moves the second date, with a reason; a missing reason is refused at its field.
  await page.reload();
  const row = page.getByRole('listitem', { name: second.date });
  await row.getByRole('button', { name: '改期' }).click();
  await row.getByLabel('新日期').fill(movedTo);
  await row.getByRole('button', { name: '确认改期' }).click();
  await expect(row.getByLabel('改期原因')).toBeFocused();
  await row.getByLabel('改期原因').fill('场地维修');
  await row.getByRole('button', { name: '确认改期' }).click();
  await expect(page.getByRole('listitem', { name: movedTo }).getByText('已改期: 场地维修')).toBeVisible();

  // The resident sees the move on their bookings.
  await rp.goto('/me/bookings');
  await expect(rp.getByText(`已改期到 ${movedTo} ${start.time}–${end.time}：场地维修`)).toBeVisible();
  await expect(rp.getByText(code)).toBeVisible();

  // The organiser's stall list of the first date: the linked listing; check-in by the code.
  await page.goto(`/markets/${marketId}/dates/${start.date}`);
  const stall = page.locator('.stall-row', { hasText: resident.name });
  await expect(stall.getByRole('link', { name: title })).toHaveAttribute('href', `/listings/${listingId}`);
  const codeField = page.getByLabel('签到码');
  await codeField.fill('12345');
  await page.getByRole('button', { name: '签到', exact: true }).click();
  await expect(codeField).toBeFocused();
  await expect(page.locator('#checkin-code-error')).toHaveText('签到码不正确');
  await codeField.fill(code);
  await page.getByRole('button', { name: '签到', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: `${resident.name} 已签到` })).toBeVisible();
  await expect(stall.getByText('已签到')).toBeVisible();

  // By hand: the pages at 320 px in English (screenshots in test-results/), without overflow.
  await page.setViewportSize({ width: 320, height: 900 });
  await page.getByRole('button', { name: '切换语言：English' }).click();
  for (const [path, shot] of [[`/markets/${marketId}/edit`, 'market-form-en-320'], [marketUrl, 'market-en-320'],
    [`/markets/${marketId}/dates/${start.date}`, 'stalls-en-320']]) {
    await page.goto(path);
    await expect(page.getByRole('main')).toBeVisible();
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} fits 320 px`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: test.info().outputPath(`${shot}.png`), fullPage: true });
  }
  await rp.setViewportSize({ width: 320, height: 900 });
  await rp.goto('/me/bookings');
  await rp.screenshot({ path: test.info().outputPath('bookings-zh-320.png'), fullPage: true });
  await context.close();
});
