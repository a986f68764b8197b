// Roles are granted by a moderator in the app (a tab of the Moderation area), never chosen;
// residents cannot reach the screen.
import { test, expect, newResident, register, MODERATOR, signedIn } from './fixtures.js';


test('a moderator grants the organiser role and the resident sees it', async ({ browser }) => {
  const residentContext = await browser.newContext();
  const resident = await residentContext.newPage();
  const who = newResident('组织');
  await register(resident, who);
  await resident.goto('/moderation?tab=roles');
  await expect(resident.getByText('只有管理员可以查看此页面。')).toBeVisible();
  await expect(resident.getByRole('tab')).toHaveCount(0);
  // The old address leads to the same place.
  await resident.goto('/admin/users');
  await expect(resident).toHaveURL(/\/moderation\?tab=roles$/);
  await expect(resident.getByText('只有管理员可以查看此页面。')).toBeVisible();
  await resident.goto('/me');
  await expect(resident.getByRole('link', { name: '纠纷与举报管理' })).toHaveCount(0);

  const { context: modContext, page: mod } = await signedIn(browser, MODERATOR);
  await expect(mod.getByRole('link', { name: '管理用户身份' })).toHaveCount(0);
  await mod.getByRole('link', { name: '纠纷与举报管理' }).click();
  await mod.getByRole('tab', { name: '管理用户身份' }).click();
  await mod.getByLabel('搜索用户').fill(who.name);
  const row = mod.getByRole('listitem').filter({ hasText: who.name });
  await row.getByRole('button', { name: '授予 组织者' }).click();
  await expect(row.getByRole('button', { name: '撤销 组织者' })).toBeVisible();

  await resident.goto('/me');
  await expect(resident.getByText('组织者', { exact: true })).toBeVisible();
  await residentContext.close();
  await modContext.close();
});
