// Moderation end to end, by clicks in the real app: a moderator hides a reported listing with
// a reason, its owner sees why (My listings and the listing), edits nothing yet and asks for a
// review with a note, the moderator sees the request in the reports queue and restores the
// listing; a resident reports an account from its profile, the moderator warns it, and the
// warned resident sees the warning on Me; roles are managed in the Moderation area's tab.
import { test, expect, newResident, register, apiListing, MODERATOR, signedIn } from './fixtures.js';

async function signInModerator(browser) {
  const { context, page } = await signedIn(browser, MODERATOR);
  return { context, m: page };
}

/** Me → Moderation → a tab. */
async function openTab(m, tab) {
  await m.goto('/me');
  await m.getByRole('link', { name: '纠纷与举报管理' }).click();
  await m.getByRole('tab', { name: tab }).click();
  await expect(m.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

test('a moderator hides a listing, its owner asks for a review, the moderator restores it', async ({ browser }) => {
  const word = Date.now().toString(36);
  const title = `旧书架 ${word}`;
  const ownerContext = await browser.newContext();
  const o = await ownerContext.newPage();
  await register(o, newResident('书架'));
  const listing = await apiListing(o.request, title, { category: 'furniture', price_fen: 5000 });

  // A neighbour reports it, so it is in the moderators' queue.
  const neighbourContext = await browser.newContext();
  const n = await neighbourContext.newPage();
  await register(n, newResident('邻居'));
  const report = await n.request.post(`/api/v1/listings/${listing}/reports`, { data: { reason: 'prohibited', note: '像是违禁品' } });
  expect(report.status()).toBe(201);

  // The moderator hides it from the reports queue, with a reason (a missing one is refused at the field).
  const { context: modContext, m } = await signInModerator(browser);
  await openTab(m, '举报队列');
  const row = m.locator('.report-group').filter({ hasText: title });
  await row.getByRole('button', { name: '隐藏' }).click();
  await expect(row.getByText('此项必填')).toBeVisible();
  await row.getByLabel('理由').fill('照片中含有管制刀具');
  await row.getByRole('button', { name: '隐藏' }).click();
  await expect(row.getByRole('button', { name: '恢复' })).toBeVisible();

  // The owner sees why in My listings and on the listing, and asks for a review with a note.
  await o.goto('/me');
  await o.getByRole('link', { name: '我发布的' }).click();
  const card = o.locator('.card').filter({ hasText: title });
  await expect(card).toContainText('隐藏原因：照片中含有管制刀具');
  await card.getByRole('link').click();
  await expect(o.getByRole('heading', { name: '已被管理员隐藏，其他人看不到' })).toBeVisible();
  await expect(o.locator('.status-notice')).toContainText('照片中含有管制刀具');
  await o.getByRole('button', { name: '申请复核' }).click();
  const note = `刀具是装饰品，已换成不含刀具的照片 ${word}`;
  await o.getByLabel('复核说明（选填）').fill(note);
  await o.getByRole('button', { name: '提交复核申请' }).click();
  await expect(o.getByText('已申请复核，等待管理员处理')).toBeVisible();
  await expect(o.getByRole('button', { name: '申请复核' })).toHaveCount(0);
  // Others still cannot see it.
  const hidden = await n.request.get(`/api/v1/listings/${listing}`);
  expect(hidden.status()).toBe(404);

  // The moderator sees the request marked in the queue, with the owner's note, and restores it.
  await openTab(m, '举报队列');
  const asked = m.locator('.report-group').filter({ hasText: title });
  await expect(asked.getByText('已申请复核', { exact: true })).toBeVisible();
  await expect(asked).toContainText(note);
  await asked.getByRole('button', { name: '恢复' }).click();
  await expect(m.locator('.report-group').filter({ hasText: title }).getByRole('button', { name: '隐藏' })).toBeVisible();

  // The neighbour sees it again; the owner's page no longer says hidden.
  await n.goto(`/listings/${listing}`);
  await expect(n.locator('.detail-title')).toHaveText(title);
  await o.reload();
  await expect(o.getByRole('heading', { name: '已被管理员隐藏，其他人看不到' })).toHaveCount(0);

  // The audit log has the request and the restore.
  await openTab(m, '操作日志');
  await m.getByLabel('搜索日志').fill(note);
  await expect(m.locator('.audit-entry').filter({ hasText: '申请复核 · 闲置' })).toHaveCount(1);
  // Found by the action's name too, as a moderator would type it.
  await m.getByLabel('搜索日志').fill('申请复核');
  await expect(m.locator('.audit-entry').filter({ hasText: note })).toHaveCount(1);

  await ownerContext.close();
  await neighbourContext.close();
  await modContext.close();
});

test('a resident reports an account from its profile; the warned account sees the warning on Me', async ({ browser }) => {
  const targetContext = await browser.newContext();
  const t = await targetContext.newPage();
  const target = newResident('被举报');
  await register(t, target);
  const targetId = (await (await t.request.get('/api/v1/me')).json()).id;

  const reporterContext = await browser.newContext();
  const r = await reporterContext.newPage();
  await register(r, newResident('举报人'));
  await r.goto(`/users/${targetId}`);
  await r.getByRole('button', { name: '举报该用户' }).click();
  // No reason chosen: the message shows at the reasons; the typed note stays.
  await r.getByLabel('补充说明（选填）').fill('收了定金不发货，也不回消息');
  await r.getByRole('button', { name: '提交举报' }).click();
  await expect(r.locator('#user-report-form').getByText('此项必填')).toBeVisible();
  await expect(r.getByLabel('补充说明（选填）')).toHaveValue('收了定金不发货，也不回消息');
  await r.getByLabel('疑似诈骗').check();
  await r.getByRole('button', { name: '提交举报' }).click();
  await expect(r.getByText('已收到举报，管理员会尽快处理。谢谢！')).toBeVisible();
  // Nobody reports themselves: no button on one's own profile.
  await t.goto(`/users/${targetId}`);
  await expect(t.getByRole('heading', { name: target.name })).toBeVisible();
  await expect(t.getByRole('button', { name: '举报该用户' })).toHaveCount(0);

  // The moderator finds the account in the queue and warns it.
  const { context: modContext, m } = await signInModerator(browser);
  await openTab(m, '举报队列');
  const row = m.locator('.report-group').filter({ hasText: target.name });
  await expect(row).toContainText('收了定金不发货，也不回消息');
  await row.getByLabel('理由').fill('请按约定交易，再次违规将停用账号');
  const [warned] = await Promise.all([
    m.waitForResponse((res) => res.url().includes(`/moderation/users/${targetId}/warn`)),
    row.getByRole('button', { name: '警告' }).click(),
  ]);
  expect(warned.status()).toBe(204);

  // The warned resident sees it on Me, with its reason.
  await t.goto('/me');
  await expect(t.getByRole('heading', { name: '收到的警告' })).toBeVisible();
  await expect(t.locator('.warning')).toContainText('请按约定交易，再次违规将停用账号');

  await targetContext.close();
  await reporterContext.close();
  await modContext.close();
});

test('a trade in dispute is marked in My trades', async ({ browser }) => {
  const word = Date.now().toString(36);
  const sellerContext = await browser.newContext();
  const s = await sellerContext.newPage();
  await register(s, newResident('卖家'));
  const listing = await apiListing(s.request, `餐椅 ${word}`, { category: 'furniture', price_fen: 5000 });
  const buyerContext = await browser.newContext();
  const b = await buyerContext.newPage();
  await register(b, newResident('买家'));
  const trade = (await (await b.request.post(`/api/v1/listings/${listing}/trades`, { data: {} })).json()).id;
  expect((await s.request.post(`/api/v1/trades/${trade}/accept`)).status()).toBe(200);
  await b.goto('/me');
  await b.getByRole('link', { name: '我的交易' }).click();
  const row = b.locator('.trade-row').filter({ hasText: `餐椅 ${word}` });
  await expect(row).toBeVisible();
  await expect(row.getByText('纠纷中')).toHaveCount(0);
  const dispute = await b.request.post(`/api/v1/trades/${trade}/disputes`, {
    data: { reason: 'no_show', description: '约好了时间，对方没有来。' },
  });
  expect(dispute.status()).toBe(201);
  await b.reload();
  await expect(b.locator('.trade-row').filter({ hasText: `餐椅 ${word}` }).locator('.badge-dispute')).toHaveText('纠纷中');
  await s.goto('/me/trades');
  await expect(s.locator('.trade-row').filter({ hasText: `餐椅 ${word}` }).locator('.badge-dispute')).toHaveText('纠纷中');
  await sellerContext.close();
  await buyerContext.close();
});
