// Abuse and first-run cases that need a server of their own: a fresh deploy with no moderator
// (only its one-time set-up code makes one) and the real default limits (the shared test server
// raises them). The server binary is the one `cargo xtask test` built (LINLI_SERVER_BIN).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, newResident, register, PASSWORD } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A server on an empty SQLite database; resolves once it printed its set-up code and listens. */
async function freshServer() {
  const bin = process.env.LINLI_SERVER_BIN;
  if (!bin) throw new Error('LINLI_SERVER_BIN is not set: run this through cargo xtask test');
  const dir = mkdtempSync(join(tmpdir(), 'linli-fresh-'));
  const port = await freePort();
  const child = spawn(bin, ['serve', '--dist', 'dist'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LINLI_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${dir}/linli.db?mode=rwc`,
      LINLI_MEDIA_DIR: join(dir, 'media'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const code = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no set-up code printed:\n${output}`)), 30_000);
    const read = (chunk) => {
      output += chunk;
      const m = output.match(/set-up code \(valid \d+ hours\): (\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (status) => reject(new Error(`server exited (${status}):\n${output}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  await expect.poll(async () => (await fetch(`${url}/api/v1/health`).catch(() => null))?.status ?? 0).toBe(200);
  return {
    url,
    code,
    stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function signOut(page) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('button', { name: '退出登录' })).toHaveCount(0);
}

async function fillRegister(page, who, setupCode) {
  await page.getByLabel('昵称').fill(who.name);
  await page.getByLabel('手机号或邮箱').fill(who.contact);
  await page.getByLabel('密码', { exact: true }).fill(who.password);
  if (setupCode !== undefined) await page.getByLabel('设置码（仅首位管理员）').fill(setupCode);
  await page.getByRole('button', { name: '注册' }).click();
}

test.describe('a fresh deploy', () => {
  let server;
  test.beforeAll(async () => {
    server = await freshServer();
  });
  test.afterAll(() => server?.stop());

  test('being first does not make a moderator; the printed set-up code does, once', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'block', locale: 'zh-CN' });
    const page = await context.newPage();

    // The first sign-up, without the code, is a resident.
    const first = newResident('先来');
    await page.goto('/register');
    await expect(page.getByLabel('设置码（仅首位管理员）')).toBeVisible();
    await fillRegister(page, first);
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByRole('link', { name: '纠纷与举报管理' })).toHaveCount(0);
    await signOut(page);

    // A wrong code is refused at its field, and nothing typed is lost.
    const owner = newResident('站长');
    await page.goto('/register');
    await fillRegister(page, owner, 'not-the-code');
    const codeField = page.getByLabel('设置码（仅首位管理员）');
    await expect(codeField).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('昵称')).toHaveValue(owner.name);
    await expect(page.getByLabel('手机号或邮箱')).toHaveValue(owner.contact);

    // The printed code makes the first moderator.
    await codeField.fill(server.code);
    await page.getByRole('button', { name: '注册' }).click();
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByRole('link', { name: '纠纷与举报管理' })).toBeVisible();
    await signOut(page);

    // Spent: the field is gone and the code is refused to anyone else.
    await page.goto('/register');
    await expect(page.getByRole('heading', { name: '注册邻里账号' })).toBeVisible();
    await expect(page.getByLabel('设置码（仅首位管理员）')).toHaveCount(0);
    const late = newResident('后来');
    const res = await page.request.post('/api/v1/auth/register', {
      data: { display_name: late.name, contact: late.contact, password: PASSWORD, setup_code: server.code },
    });
    expect(res.status()).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'setup_code_invalid', field: 'setup_code' });
    await context.close();
  });

  test('guessing a password is slowed down with a message in the reader\'s language', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'block', locale: 'zh-CN' });
    const page = await context.newPage();
    const owner = newResident('被猜');
    const signUp = await page.request.post('/api/v1/auth/register', {
      data: { display_name: owner.name, contact: owner.contact, password: PASSWORD },
    });
    expect(signUp.status()).toBe(201);
    await page.request.post('/api/v1/auth/logout');

    await page.goto('/login');
    const login = page.getByLabel('手机号 / 邮箱 / 昵称');
    const password = page.getByLabel('密码', { exact: true });
    await login.fill(owner.contact);
    const refused = page.getByText('尝试次数过多');
    for (let i = 0; i < 10 && !(await refused.isVisible()); i += 1) {
      await password.fill(`wrong-guess-${i}`);
      await page.getByRole('button', { name: '登录' }).click();
      await expect(page.getByText(/账号或密码不正确|尝试次数过多/)).toBeVisible();
    }
    await expect(refused).toBeVisible();
    await expect(login).toHaveValue(owner.contact);

    // The API says when to come back.
    const res = await page.request.post('/api/v1/auth/login', { data: { login: owner.contact, password: 'again' } });
    expect(res.status()).toBe(429);
    expect(Number(res.headers()['retry-after'])).toBeGreaterThan(0);
    expect((await res.json()).code).toBe('too_many_attempts');

    // The same refusal in English.
    await page.goto('/me');
    await page.getByRole('button', { name: '切换语言：English' }).click();
    await page.goto('/login');
    await page.getByLabel('Phone, e-mail or name').fill(owner.contact);
    await page.getByLabel('Password', { exact: true }).fill('one-more-guess');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByText('Too many attempts')).toBeVisible();
    await context.close();
  });
});

test('a listing draft and recent searches do not outlive log-out on a shared phone', async ({ page }) => {
  const first = newResident('共用甲');
  await register(page, first);
  const title = `草稿里的婴儿床 ${Date.now().toString(36)}`;
  await page.goto('/sell');
  await page.getByLabel('标题').fill(title);
  // Kept across a reload while signed in: it is a real draft.
  await page.reload();
  await expect(page.getByLabel('标题')).toHaveValue(title);
  await page.goto('/');
  const box = page.getByRole('combobox');
  await box.fill('婴儿床');
  await box.press('Enter');
  await expect(page).toHaveURL(/[?&]q=/);
  await page.goto('/');
  await page.getByRole('combobox').click();
  await expect(page.getByRole('option', { name: /婴儿床/ })).toBeVisible();

  await page.goto('/me');
  await signOut(page);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  expect(stored).not.toContain(title);
  expect(stored).not.toContain(first.contact);
  expect(stored).not.toContain('婴儿床');

  // The next person on the same phone starts clean.
  const second = newResident('共用乙');
  await register(page, second);
  await page.goto('/sell');
  await expect(page.getByLabel('标题')).toHaveValue('');
  await page.goto('/');
  await page.getByRole('combobox').click();
  await expect(page.getByRole('option', { name: /婴儿床/ })).toHaveCount(0);
});
