// A dispute end to end in three browsers: the buyer opens it with a photo, the seller answers,
// the moderator decides for the buyer with a written reason, both parties see the decision,
// the seller's credit level drops on the profile, and the audit log shows the decision.
import { test, expect, newResident, register, PASSWORD, apiListing, MODERATOR, signedIn } from './fixtures.js';

const PHOTO_URL = new URL('./fixtures/sofa-with-gps.jpg', import.meta.url);

test('a buyer disputes, the seller answers, the moderator decides for the buyer', async ({ browser, playwright, baseURL }) => {
  const word = Date.now().toString(36);
  const seller = newResident('卖家');
  const sellerContext = await browser.newContext();
  const s = await sellerContext.newPage();
  await register(s, seller);
  const sellerId = (await (await s.request.get('/api/v1/me')).json()).id;

  // Three completed trades with three neighbours who rated the seller two stars: a fair level.
  for (const i of [1, 2, 3]) {
    const helper = await playwright.request.newContext({ baseURL });
    const who = newResident(`邻居${i}`);
    await helper.post('/api/v1/auth/register', { data: { display_name: who.name, contact: who.contact, password: PASSWORD } });
    const listing = await apiListing(s.request, `旧物 ${i} ${word}`, { category: 'appliances', price_fen: 8000 });
    const t = await helper.post(`/api/v1/listings/${listing}/trades`, { data: {} });
    const id = (await t.json()).id;
    for (const [who2, step] of [[s.request, 'accept'], [helper, 'confirm'], [s.request, 'confirm']]) {
      expect((await who2.post(`/api/v1/trades/${id}/${step}`)).status()).toBe(200);
    }
    expect((await helper.post(`/api/v1/trades/${id}/rating`, { data: { stars: 2 } })).status()).toBe(200);
    expect((await s.request.post(`/api/v1/trades/${id}/rating`, { data: { stars: 5 } })).status()).toBe(200);
    await helper.dispose();
  }
  await s.goto(`/users/${sellerId}`);
  await expect(s.locator('.profile-card .level')).toHaveText('信用一般');

  // The buyer reserves a microwave; the seller accepts.
  const listing = await apiListing(s.request, `微波炉 ${word}`, { category: 'appliances', price_fen: 8000 });
  const buyerContext = await browser.newContext();
  const b = await buyerContext.newPage();
  await register(b, newResident('买家'));
  const t = await b.request.post(`/api/v1/listings/${listing}/trades`, { data: {} });
  const trade = (await t.json()).id;
  expect((await s.request.post(`/api/v1/trades/${trade}/accept`)).status()).toBe(200);

  // The buyer opens a dispute with a photo.
  await b.goto(`/trades/${trade}`);
  await b.getByRole('button', { name: '发起纠纷' }).click();
  await b.getByLabel('纠纷原因').selectOption('defective');
  await b.getByLabel('发生了什么').fill('交接时发现转盘不转，加热也不工作。');
  await b.getByLabel('添加照片').setInputFiles(PHOTO_URL.pathname);
  await expect(b.locator('.dispute-form .photo-tile img')).toHaveCount(1, { timeout: 20_000 });
  await b.getByRole('button', { name: '提交纠纷' }).click();
  await expect(b.locator('.dispute-state')).toHaveText('等待对方回应');
  await expect(b.locator('.dispute-post img')).toHaveCount(1);

  // The seller sees the frozen trade and answers.
  await s.goto(`/trades/${trade}`);
  await expect(s.getByText('纠纷处理中，交易已冻结')).toBeVisible();
  await expect(s.getByRole('button', { name: '确认已交接' })).toHaveCount(0);
  await s.getByLabel('你的回应').fill('卖之前一直正常使用。');
  await s.getByRole('button', { name: '提交回应' }).click();
  await expect(s.locator('.dispute-state')).toHaveText('已回应，等待管理员处理');

  // The moderator finds it in the queue and decides for the buyer.
  const { context: modContext, page: m } = await signedIn(browser, MODERATOR);
  await m.getByRole('link', { name: '纠纷与举报管理' }).click();
  await m.getByRole('link', { name: new RegExp(`微波炉 ${word}`) }).click();
  await expect(m.getByText('卖之前一直正常使用。')).toBeVisible();
  await m.getByLabel('裁决', { exact: true }).selectOption('favour_buyer');
  await m.getByLabel('裁决理由（双方可见）').fill('照片显示转盘损坏，与描述不符，支持买方。');
  await m.getByRole('button', { name: '作出裁决' }).click();
  await expect(m.locator('.dispute-state')).toHaveText('已裁决');

  // Both parties see the decision and its reason.
  for (const p of [b, s]) {
    await p.goto(`/trades/${trade}`);
    await expect(p.locator('.dispute-outcome')).toHaveText('支持买方（交易取消）');
    await expect(p.getByText('照片显示转盘损坏，与描述不符，支持买方。')).toBeVisible();
    await expect(p.locator('.trade-state')).toContainText('已取消');
  }

  // The seller's credit level drops on the profile.
  await b.goto(`/users/${sellerId}`);
  await expect(b.locator('.profile-card .level')).toHaveText('信用较差');

  // The audit log shows the decision.
  await m.goto('/moderation');
  await m.getByRole('tab', { name: '操作日志' }).click();
  await m.getByLabel('搜索日志').fill('转盘');
  const entry = m.locator('.audit-entry').filter({ hasText: '裁决纠纷 · 纠纷' });
  await expect(entry).toHaveCount(1);
  // The outcome in the reader's words, then the moderator's reason.
  await expect(entry).toContainText('支持买方（交易取消）：');
  await expect(entry).not.toContainText('favour_buyer');
  // Found by the outcome's name too; a search that matches nothing says so.
  await m.getByLabel('搜索日志').fill('支持买方');
  await expect(m.locator('.audit-entry').filter({ hasText: '照片显示转盘损坏' })).toHaveCount(1);
  await m.getByLabel('搜索日志').fill('没有这样的记录zq');
  await expect(m.locator('.audit-entry')).toHaveCount(0);
  await expect(m.getByText('暂无内容')).toBeVisible();

  await sellerContext.close();
  await buyerContext.close();
  await modContext.close();
});
