// A market end to end: the demo organiser schedules a fortnightly market whose first date
// starts within the hour; two residents book its last stall at the same moment and one lands
// on the waitlist; the first cancels, the second is promoted and sees it on the Me tab; the
// organiser checks the second in; the calendar file downloads and parses.
import { test, expect, newResident, register, ORGANISER, logIn } from './fixtures.js';

/** Shanghai wall-clock parts of a moment (the market's zone, UTC+8 all year). */
function shanghai(ms) {
  const d = new Date(ms + 8 * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
    // Monday = 0, as the form's weekday choice counts.
    weekday: (d.getUTCDay() + 6) % 7,
  };
}

/** Unfolds RFC 5545 lines and returns the VEVENTs as maps of property name → [params, value]. */
function parseIcs(text) {
  expect(text).toContain('\r\n');
  const lines = [];
  for (const raw of text.split('\r\n')) {
    if (raw.startsWith(' ')) lines[lines.length - 1] += raw.slice(1);
    else if (raw) lines.push(raw);
  }
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  const events = [];
  let ev = null;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') ev = {};
    else if (l === 'END:VEVENT') { events.push(ev); ev = null; }
    else if (ev) {
      const i = l.indexOf(':');
      const [name, ...params] = l.slice(0, i).split(';');
      ev[name] = [params.join(';'), l.slice(i + 1)];
    }
  }
  return events;
}

test('a fortnightly market: the last stall, the waitlist, promotion, check-in, calendar', async ({ browser, page }) => {
  test.setTimeout(120_000);
  // The first date starts in 40 minutes (check-in opens 3 hours before the start) and ends an
  // hour later, or at 23:59 when that would cross midnight in Shanghai (a start after 23:50
  // moves past midnight instead), so the test runs at any hour.
  let startsAt = Date.now() + 40 * 60 * 1000;
  if (shanghai(startsAt).time >= '23:50') startsAt += 20 * 60 * 1000;
  const start = shanghai(startsAt);
  let end = shanghai(startsAt + 60 * 60 * 1000);
  if (end.date !== start.date) end = { ...start, time: '23:59' };
  const name = `双周市集${Date.now().toString(36)}`;

  // The organiser schedules it, previewing the dates first.
  await logIn(page, ORGANISER);
  await page.goto('/markets/new');
  await page.getByLabel('市集名称').fill(name);
  await page.getByLabel('场地名称').fill('社区广场');
  await page.getByLabel('纬度').fill('31.17');
  await page.getByLabel('经度').fill('121.42');
  await page.getByLabel('重复').selectOption('weekly');
  const weekdays = page.getByRole('group', { name: '星期（可多选）' });
  for (const [i, day] of ['周一', '周二', '周三', '周四', '周五', '周六', '周日'].entries()) {
    await weekdays.getByLabel(day, { exact: true }).setChecked(i === start.weekday);
  }
  await page.getByLabel('每几周一次').fill('2');
  await page.getByLabel('第一场日期').fill(start.date);
  const last = shanghai(Date.now() + 50 * 86400 * 1000).date;
  await page.getByLabel('最后日期').fill(last);
  await page.getByLabel('开始时间').fill(start.time);
  await page.getByLabel('结束时间').fill(end.time);
  await page.getByLabel('每场摊位数').fill('1');
  await page.getByRole('button', { name: '预览日期' }).click();
  await expect(page.getByRole('status').getByText(start.date)).toBeVisible();
  await expect(page.getByText('共 4 场，接下来：')).toBeVisible();
  await page.getByRole('button', { name: '发布市集' }).click();
  await expect(page).toHaveURL(/\/markets\/\d+$/);
  const marketUrl = page.url();
  const marketId = marketUrl.match(/(\d+)$/)[1];

  // The Markets tab lists it by day; its map loads Leaflet only when opened, and every marker
  // is also a list item.
  const leafletRequests = [];
  page.on('request', (r) => { if (r.url().includes('/vendor/leaflet/')) leafletRequests.push(r.url()); });
  await page.goto('/markets');
  await expect(page.getByRole('link', { name: new RegExp(name) }).first()).toBeVisible();
  expect(leafletRequests).toEqual([]);
  // On a slow network the style sheet may arrive after the script: the map waits for it, and
  // its markers still find their images.
  let scriptServed;
  const scriptDone = new Promise((resolve) => { scriptServed = resolve; });
  page.on('requestfinished', (r) => { if (r.url().endsWith('/vendor/leaflet/leaflet.js')) scriptServed(); });
  await page.route('**/vendor/leaflet/leaflet.css', async (route) => { await scriptDone; await route.continue(); });
  await page.getByRole('button', { name: '地图' }).click();
  await expect(page.locator('.leaflet-container')).toBeVisible();
  const icons = page.locator('img.leaflet-marker-icon');
  await expect(icons.first()).toBeVisible();
  await expect.poll(() => icons.evaluateAll((imgs) => imgs.every((i) => i.complete && i.naturalWidth > 0))).toBe(true);
  await expect(page.locator('.leaflet-control-scale')).toBeVisible();
  await expect(page.getByRole('list', { name: '市集地图' }).getByRole('link', { name: new RegExp(name) })).toBeVisible();
  expect(leafletRequests.some((u) => u.endsWith('leaflet.js'))).toBe(true);

  // Two residents on the market page book the one stall at the same moment.
  const residents = [];
  for (const prefix of ['摊主甲', '摊主乙']) {
    const context = await browser.newContext();
    const p = await context.newPage();
    const who = newResident(prefix);
    await register(p, who);
    await p.goto(marketUrl);
    await p.getByRole('button', { name: '我要摆摊' }).first().click();
    await p.getByLabel('你会带什么').first().fill(`${prefix}的旧书`);
    residents.push({ p, who });
  }
  await Promise.all(residents.map(({ p }) => p.getByRole('button', { name: '预订摊位' }).first().click()));
  for (const { p } of residents) {
    await expect(p.getByRole('status').filter({ hasText: /已订摊位|候补第 1 位/ }).first()).toBeVisible();
  }
  const states = await Promise.all(residents.map(({ p }) => p.getByRole('status').first().textContent()));
  const bookedIndex = states.findIndex((s) => s.includes('已订摊位'));
  expect(bookedIndex).toBeGreaterThanOrEqual(0);
  expect(states[1 - bookedIndex]).toContain('候补第 1 位');
  const first = residents[bookedIndex];
  const second = residents[1 - bookedIndex];

  // The first cancels (after saying yes to the question: the stall goes to the waitlist);
  // the second is promoted and sees it on the Me tab.
  first.p.once('dialog', (d) => {
    expect(d.message()).toContain('候补');
    d.accept();
  });
  await first.p.getByRole('button', { name: '取消预订' }).first().click();
  await expect(first.p.getByRole('status').filter({ hasText: '已取消' }).first()).toBeVisible();
  await second.p.goto('/me');
  const link = second.p.getByRole('link', { name: /我的摊位预订/ });
  await expect(link.locator('.count-badge')).toHaveText('1');
  await link.click();
  await expect(second.p.getByText('候补成功，已订摊位')).toBeVisible();

  // The organiser checks the second in from the date's stall list.
  await page.goto(`/markets/${marketId}/dates/${start.date}`);
  await page.getByRole('button', { name: `签到 ${second.who.name}` }).click();
  await expect(page.locator('.stall-row').getByText('已签到')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `${second.who.name} 已签到` })).toBeVisible();

  // The market's calendar downloads and parses: every date, in Shanghai time, the same UIDs.
  await page.goto(marketUrl);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: '添加到日历' }).first().click(),
  ]);
  const { readFileSync } = await import('node:fs');
  const events = parseIcs(readFileSync(await download.path(), 'utf8'));
  expect(events.length).toBe(4);
  const firstEvent = events.find((e) => e.UID[1] === `market-${marketId}-${start.date}@linli`);
  expect(firstEvent.DTSTART).toEqual(['TZID=Asia/Shanghai', `${start.date.replaceAll('-', '')}T${start.time.replace(':', '')}00`]);
  expect(firstEvent.STATUS[1]).toBe('CONFIRMED');
});
