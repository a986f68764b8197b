// Recycling end to end: a resident with a mocked position asks "旧电池", sees the nearest open
// point taking batteries, books a pickup of an old fridge at another point; the point's
// operator (the demo organiser) schedules and completes it; the resident's impact grows.
import { test, expect, newResident, register, MODERATOR, logIn } from './fixtures.js';

// Far from every demo point, so the points this test makes are the only ones around.
const HERE = { latitude: 35.0, longitude: 110.0 };

/** The demo organiser, signed in through the API in its own browser context. */
async function organiser(browser) {
  const context = await browser.newContext({ timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const res = await page.request.post('/api/v1/auth/login', {
    data: { login: '13800000002', password: 'linli-demo-2026' },
  });
  expect(res.status()).toBe(200);
  return { context, page };
}

async function point(request, body) {
  const res = await request.post('/api/v1/recycling/points', {
    data: { kind: 'station', address: '测试路 1 号', contact: '', pickup_materials: [], ...body },
  });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

test('what goes where, then a home pickup from request to collection', async ({ browser }) => {
  const tag = Date.now().toString(36);
  const op = await organiser(browser);
  // Nearest: a battery box, closed all week; a little farther: an open one; and a station
  // that collects appliances from home.
  await point(op.page.request, {
    name: `关着的电池箱${tag}`, kind: 'drop_off_bin', materials: ['batteries'], opening_hours: 'closed',
    lat: 35.0005, lng: 110.0005,
  });
  const open = await point(op.page.request, {
    name: `电池回收箱${tag}`, kind: 'drop_off_bin', materials: ['batteries'], opening_hours: '24/7',
    lat: 35.002, lng: 110.002,
  });
  const station = await point(op.page.request, {
    name: `家电回收站${tag}`, materials: ['electrical_appliances'], pickup_materials: ['electrical_appliances'],
    opening_hours: '24/7', lat: 35.01, lng: 110.01,
  });

  const context = await browser.newContext({
    geolocation: HERE, permissions: ['geolocation'], timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const resident = newResident('回收');
  await register(page, resident);
  await expect(page.getByText('0.0 kg CO₂e')).toBeVisible();

  await page.goto('/recycle');
  await page.getByRole('button', { name: '附近的回收点' }).click();
  const list = page.getByRole('list', { name: '回收点列表' });
  await expect(list.getByRole('link').first()).toContainText(`关着的电池箱${tag}`);
  // When the map's files cannot be fetched, it says so and the list under it has the points;
  // opened again, it loads.
  await page.route('**/vendor/leaflet/leaflet.css', (route) => route.abort());
  await page.getByRole('button', { name: '地图' }).click();
  await expect(page.getByRole('status').filter({ hasText: '地图加载失败，请使用下方列表。' })).toBeVisible();
  await expect(page.getByRole('list', { name: '回收点地图' }).getByRole('link', { name: new RegExp(`电池回收箱${tag}`) }))
    .toBeVisible();
  await page.unroute('**/vendor/leaflet/leaflet.css');
  await page.getByRole('button', { name: '列表' }).click();
  // The same points on the map (the shared map component, loaded when opened); every marker
  // is also a list item.
  await page.getByRole('button', { name: '地图' }).click();
  await expect(page.locator('.leaflet-container')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '地图加载失败' })).toHaveCount(0);
  await expect(page.locator('link[href="/vendor/leaflet/leaflet.css"]')).toHaveCount(1);
  await expect(page.getByRole('list', { name: '回收点地图' }).getByRole('link', { name: new RegExp(`电池回收箱${tag}`) }))
    .toBeVisible();
  await page.getByRole('button', { name: '列表' }).click();
  await expect(list.getByRole('link').first()).toContainText(`关着的电池箱${tag}`);

  await page.getByLabel('这个怎么扔？').fill('旧电池');
  await page.getByRole('button', { name: '查一查' }).click();
  const answer = page.locator('.lookup-answer').first();
  await expect(answer.getByRole('heading', { name: '旧电池' })).toBeVisible();
  await expect(answer.getByText('有害垃圾')).toBeVisible();
  // The open box comes first, though the closed one is nearer.
  const first = answer.locator('.point-row').first();
  await expect(first).toContainText(`电池回收箱${tag}`);
  await expect(first).toContainText('营业中');

  // A pickup of an old fridge at the appliance station.
  await page.goto(`/recycle/points/${station.id}`);
  await expect(page.getByRole('heading', { name: `家电回收站${tag}` })).toBeVisible();
  const items = `旧冰箱 ${tag}`;
  await page.getByLabel('物品').fill(items);
  await page.getByLabel('大约重量（公斤）').fill('0');
  await page.getByLabel(/上门地址/).fill('测试小区 5 号楼 302 室');
  await page.getByRole('button', { name: '提交预约' }).click();
  await expect(page.getByText('重量需要大于 0')).toBeVisible();
  await expect(page.getByLabel('物品')).toHaveValue(items); // nothing typed is lost
  await page.getByLabel('大约重量（公斤）').fill('60');
  await page.getByRole('button', { name: '提交预约' }).click();
  await expect(page.getByText('已提交上门回收预约')).toBeVisible();

  // The operator schedules it (the resident's preferred window) and marks it collected.
  await op.page.goto('/me/pickups');
  const row = op.page.locator('.pickup-item', { hasText: items });
  await expect(row).toContainText('等待安排');
  await expect(row).toContainText('测试小区 5 号楼 302 室');
  await row.getByRole('button', { name: '安排上门' }).click();
  await expect(row).toContainText('已安排上门');
  await row.getByLabel('实际重量（公斤）').fill('60');
  await row.getByRole('button', { name: '确认已回收' }).click();
  await expect(row).toContainText('已回收');

  // The resident sees the change (badge), the collected state, and the impact grown.
  await page.goto('/me');
  await expect(page.getByRole('link', { name: /我的上门回收/ }).locator('.count-badge')).toHaveText('1');
  await expect(page.getByText('48.0 kg CO₂e')).toBeVisible();
  await page.getByRole('link', { name: /我的上门回收/ }).click();
  await expect(page.locator('.pickup-item', { hasText: items })).toContainText('已回收');
  expect(open.id).toBeGreaterThan(0);

  await context.close();
  await op.context.close();
});


test('a moderator hands an imported point to an organiser, who edits its hours', async ({ browser }) => {
  const context = await browser.newContext();
  const mod = await context.newPage();
  // An imported point (OSM sample) that nobody operates yet.
  const near = await mod.request.get('/api/v1/recycling/points?lat=31.2236&lng=121.5571&radius_m=5000');
  const imported = (await near.json()).find((p) => p.osm_id && p.operator_id === null);
  expect(imported, 'an imported point without operator').toBeTruthy();

  await logIn(mod, MODERATOR);
  await mod.goto(`/recycle/points/${imported.id}`);
  await expect(mod.locator('.point-operator')).toHaveText('暂无运营者');
  await mod.getByLabel('查找组织者（名字）').fill('李姐');
  await mod.getByRole('button', { name: '搜索' }).click();
  await mod.getByRole('button', { name: '指定 组织者李姐' }).click();
  await expect(mod.locator('.point-operator')).toHaveText('组织者李姐');
  await context.close();

  // The organiser now manages it: the weekday editor writes new hours; the page shows them.
  const op = await organiser(browser);
  await op.page.goto(`/recycle/points/${imported.id}`);
  await op.page.getByText('编辑回收点').click();
  const useWeek = op.page.getByRole('button', { name: '改用按星期填写' });
  if (await useWeek.isVisible()) await useWeek.click();
  const monday = op.page.getByRole('group', { name: '周一' });
  await monday.getByLabel('营业').uncheck();
  const tuesday = op.page.getByRole('group', { name: '周二' });
  await tuesday.getByLabel('营业').check();
  await tuesday.getByLabel('从').fill('09:30');
  await tuesday.getByLabel('到').fill('17:45');
  // Bad input is refused at its field and nothing typed is lost.
  await op.page.getByLabel('纬度').fill('91');
  await op.page.getByRole('button', { name: '保存回收点' }).click();
  await expect(op.page.locator('.position-fields .field-error')).toBeVisible();
  await expect(tuesday.getByLabel('从')).toHaveValue('09:30');
  // A reload keeps what was typed (a draft on the device) until the point is saved, even when
  // the point arrives before the session knows who is signed in (the draft is theirs).
  let releaseMe;
  const meHeld = new Promise((resolve) => { releaseMe = resolve; });
  await op.page.route('**/api/v1/me', async (route) => { await meHeld; await route.continue(); });
  const pointAnswered = op.page.waitForResponse((r) => r.url().endsWith(`/api/v1/recycling/points/${imported.id}`));
  await op.page.reload();
  await pointAnswered;
  await expect(op.page.locator('.point-operator')).toHaveText('组织者李姐');
  releaseMe();
  await op.page.getByText('编辑回收点').click();
  await expect(tuesday.getByLabel('从')).toHaveValue('09:30');
  await expect(monday.getByLabel('营业')).not.toBeChecked();
  await expect(op.page.getByLabel('纬度')).toHaveValue('91');
  await op.page.getByLabel('纬度').fill(String(imported.lat));
  await op.page.getByRole('button', { name: '保存回收点' }).click();
  const hours = op.page.locator('.hours-lines');
  await expect(hours).toContainText('周一 休息');
  await expect(hours).toContainText('周二 09:30–17:45');
  const drafts = await op.page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('.point-')));
  expect(drafts).toEqual([]);
  // …and it is among the points the organiser operates.
  await op.page.goto('/recycle');
  await op.page.getByText('管理回收点').click();
  await expect(op.page.getByRole('list', { name: '我运营的回收点' })).toContainText(imported.name);
  await op.context.close();
});

test('a pickup window is booked and shown in China time from a browser in Berlin', async ({ browser }) => {
  const tag = Date.now().toString(36);
  const op = await organiser(browser);
  const station = await point(op.page.request, {
    name: `时区回收站${tag}`, materials: ['electrical_appliances'], pickup_materials: ['electrical_appliances'],
    opening_hours: 'Mo-Su 08:00-20:00', lat: 35.3, lng: 110.3,
  });
  // The day after tomorrow on China's clock.
  const day = new Date(Date.now() + 2 * 86400e3).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

  const context = await browser.newContext({ timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  await register(page, newResident('柏林'));
  await page.goto(`/recycle/points/${station.id}`);
  const items = `旧洗衣机 ${tag}`;
  await page.getByLabel('物品').fill(items);
  await page.getByLabel('大约重量（公斤）').fill('40');
  await page.getByLabel(/上门地址/).fill('测试小区 7 号楼 101 室');
  const when = page.getByRole('group', { name: /希望上门的时间.*北京时间/ });
  await when.getByLabel('日期').fill(day);
  // 21:00 China time is after closing (though 14:00 in Berlin): refused at the field.
  await when.getByLabel('从').fill('21:00');
  await when.getByLabel('到').fill('22:00');
  await page.getByRole('button', { name: '提交预约' }).click();
  await expect(when.getByText('这个时间段不在回收点的营业时间内')).toBeVisible();
  await expect(page.getByLabel('物品')).toHaveValue(items);
  await when.getByLabel('从').fill('10:00');
  await when.getByLabel('到').fill('12:00');
  await page.getByRole('button', { name: '提交预约' }).click();
  await expect(page.getByText('已提交上门回收预约')).toBeVisible();
  await page.goto('/me/pickups');
  const mine = page.locator('.pickup-item', { hasText: items });
  await expect(mine.locator('.pickup-preferred')).toContainText(`${day} 10:00–12:00 北京时间`);

  // The operator, in Shanghai, sees the same time and schedules it.
  await op.page.goto('/me/pickups');
  const row = op.page.locator('.pickup-item', { hasText: items });
  await expect(row.locator('.pickup-preferred')).toContainText(`${day} 10:00–12:00 北京时间`);
  await row.getByRole('button', { name: '安排上门' }).click();
  await expect(row.locator('.pickup-scheduled')).toContainText(`${day} 10:00–12:00 北京时间`);

  await page.goto('/me/pickups');
  await expect(mine.locator('.pickup-scheduled')).toContainText(`${day} 10:00–12:00 北京时间`);
  await context.close();
  await op.context.close();
});
