import { createHash } from 'node:crypto';
import { toDataURL } from 'qrcode';
import { NapcatLoginService } from '../src/panel/napcat/napcat-login.service';
import { FakeNapcatWebui } from './fakes/napcat-webui';
import { startTestApp, TestApp } from './support/test-app';

const WEBUI_TOKEN = 'napcat-webui-secret';

describe('Panel QQ login through the NapCat WebUI (/api/napcat/*)', () => {
  let napcat: FakeNapcatWebui;
  let t: TestApp;
  let auth: { Authorization: string };

  beforeAll(async () => {
    napcat = await FakeNapcatWebui.start({ token: WEBUI_TOKEN });
    t = await startTestApp({ NAPCAT_WEBUI_URL: napcat.url, NAPCAT_WEBUI_TOKEN: WEBUI_TOKEN });
    const login = await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200);
    auth = { Authorization: `Bearer ${login.body.token}` };
  });
  afterAll(async () => {
    await t?.close();
    await napcat?.close();
  });

  const post = (path: string, body?: object) => t.http.post(`/api/napcat/${path}`).set(auth).send(body ?? {});
  const get = (path: string) => t.http.get(`/api/napcat/${path}`).set(auth);
  const logSummaries = async (search: string) =>
    (await t.http.get(`/api/events?source=qq&search=${encodeURIComponent(search)}`).set(auth).expect(200)).body.events.map((e: { summary: string }) => e.summary) as string[];

  it('needs the panel token on every route', async () => {
    for (const path of ['login-status', 'qrcode', 'qrcode/refresh', 'quick-login', 'password-login', 'logout']) {
      await t.http.post(`/api/napcat/${path}`).send({}).expect(401);
    }
    await t.http.get('/api/napcat/quick-login-list').expect(401);
    await t.http.get('/api/napcat/login-info').expect(401);
  });

  it('answers the login status, having logged in to the WebUI with the token hash only', async () => {
    const status = await post('login-status').expect(200);
    expect(status.body).toEqual({ ok: true, code: 0, message: 'success', data: { isLogin: false, isOffline: false, qrcodeurl: napcat.qrcodeUrl, loginError: '' } });
    const login = napcat.callsTo('/api/auth/login')[0];
    expect(login.body).toEqual({ hash: createHash('sha256').update(`${WEBUI_TOKEN}.napcat`).digest('hex') });
    expect(napcat.calls.map((c) => c.raw).join('\n')).not.toContain(WEBUI_TOKEN);
  });

  it('returns the login QR code as a PNG data URI of the URL NapCat gave', async () => {
    const answer = await post('qrcode').expect(200);
    expect(answer.body.ok).toBe(true);
    expect(answer.body.code).toBe(0);
    expect(answer.body.data.url).toBe(napcat.qrcodeUrl);
    const png = Buffer.from(answer.body.data.qrcode.replace(/^data:image\/png;base64,/, ''), 'base64');
    expect(answer.body.data.qrcode.startsWith('data:image/png;base64,')).toBe(true);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(answer.body.data.qrcode).toBe(await toDataURL(napcat.qrcodeUrl, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2, width: 256 }));
  });

  it('refreshes the QR code and returns the new one', async () => {
    const before = napcat.qrcodeUrl;
    const answer = await post('qrcode/refresh').expect(200);
    expect(napcat.callsTo('/api/QQLogin/RefreshQRcode')).toHaveLength(1);
    expect(napcat.qrcodeUrl).not.toBe(before);
    expect(answer.body).toMatchObject({ ok: true, code: 0, data: { url: napcat.qrcodeUrl, qrcode: expect.stringMatching(/^data:image\/png;base64,/) } });
  });

  it('renews the WebUI Credential when NapCat says it has expired', async () => {
    const logins = napcat.logins;
    napcat.expireCredentials();
    const answer = await get('quick-login-list').expect(200);
    expect(answer.body.code).toBe(0);
    expect(napcat.logins).toBe(logins + 1);
  });

  it('lists the real quick-login accounts (GetQuickLoginListNew)', async () => {
    const answer = await get('quick-login-list').expect(200);
    expect(answer.body).toEqual({ ok: true, code: 0, message: 'success', data: napcat.quickLoginList });
    expect(napcat.callsTo('/api/QQLogin/GetQuickLoginListNew').length).toBeGreaterThan(0);
    expect(napcat.callsTo('/api/QQLogin/GetQuickLoginQQ')).toHaveLength(0);
  });

  it('validates the quick-login body and passes NapCat refusals through', async () => {
    expect((await post('quick-login', { uin: 'abc' }).expect(400)).body).toEqual({ ok: false, error: expect.stringContaining('uin') });
    await post('quick-login', {}).expect(400);
    const unknown = await post('quick-login', { uin: '55555' }).expect(200);
    expect(unknown.body).toEqual({ ok: true, code: -1, message: expect.stringContaining('快速登录失败') });
  });

  it('quick-logs in, then reports the account and NapCat\'s "already logged in" refusals', async () => {
    const answer = await post('quick-login', { uin: 123456789 }).expect(200);
    expect(answer.body).toEqual({ ok: true, code: 0, message: 'success', data: null });
    expect(napcat.callsTo('/api/QQLogin/SetQuickLogin').at(-1)?.body).toEqual({ uin: '123456789' });
    const info = await get('login-info').expect(200);
    expect(info.body).toMatchObject({ ok: true, code: 0, data: { uin: '123456789', nick: 'QuickOne', online: true } });
    const qr = await post('qrcode').expect(200);
    expect(qr.body).toEqual({ ok: true, code: -1, message: 'QQ Is Logined' });
    expect(await logSummaries('quick login started')).toEqual([expect.stringContaining('123456789')]);
  });

  it('logs QQ out: auto-login cleared, NapCat restarted, and the panel keeps talking to the new NapCat', async () => {
    napcat.autoLoginAccount = '123456789';
    const answer = await post('logout').expect(200);
    expect(answer.body).toEqual({ ok: true, message: expect.stringContaining('QQ 已退出登录') });
    expect(napcat.autoLoginAccount).toBe('');
    expect(napcat.restarts).toBe(1);
    expect(napcat.loggedIn).toBe(false);
    const status = await post('login-status').expect(200);
    expect(status.body.data.isLogin).toBe(false);
    expect(await logSummaries('logged out')).toHaveLength(1);
  });

  it('exports the logout for other sections (NapcatLoginService.logout)', async () => {
    const result = await t.app.get(NapcatLoginService).logout();
    expect(result).toEqual({ message: expect.any(String) });
    expect(napcat.restarts).toBe(2);
  });

  it('password login sends only the MD5 and passes the captcha and new-device steps through', async () => {
    const password = 'correct horse battery';
    napcat.passwords.set('22334455', FakeNapcatWebui.md5(password));

    napcat.passwordStep = 'captcha';
    const captcha = await post('password-login', { uin: '22334455', password }).expect(200);
    expect(captcha.body).toEqual({ ok: true, code: 0, message: 'success', data: { needCaptcha: true, proofWaterUrl: expect.stringContaining('captcha') } });

    napcat.passwordStep = 'new-device';
    const device = await post('password-login', { uin: '22334455', password }).expect(200);
    expect(device.body.data).toEqual({ needNewDevice: true, jumpUrl: expect.any(String), newDevicePullQrCodeSig: 'sig-fake' });

    const wrong = await post('password-login', { uin: '22334455', password: 'nope' }).expect(200);
    expect(wrong.body).toEqual({ ok: true, code: -1, message: '密码错误' });

    napcat.passwordStep = 'ok';
    const done = await post('password-login', { uin: '22334455', password }).expect(200);
    expect(done.body).toEqual({ ok: true, code: 0, message: 'success', data: null });
    expect(napcat.loggedIn).toBe(true);

    const calls = napcat.callsTo('/api/QQLogin/PasswordLogin');
    expect(calls).toHaveLength(4);
    expect(calls[0].body).toEqual({ uin: '22334455', passwordMd5: FakeNapcatWebui.md5(password) });
    for (const call of napcat.calls) expect(call.raw).not.toContain(password);
    const log = await t.http.get('/api/events?limit=1000').set(auth).expect(200);
    expect(JSON.stringify(log.body)).not.toContain(password);
    expect(JSON.stringify(log.body)).not.toContain(FakeNapcatWebui.md5(password));
    expect(await logSummaries('password login')).toHaveLength(4);
  });

  it('validates the password-login body', async () => {
    await post('password-login', { uin: '22334455' }).expect(400);
    await post('password-login', { uin: '22334455', password: '' }).expect(400);
    await post('password-login', { uin: 'x', password: 'y' }).expect(400);
  });

  it('answers 503 while NapCat is away and works again once it is back', async () => {
    await napcat.stop();
    const down = await post('login-status').expect(503);
    expect(down.body).toEqual({ ok: false, error: expect.stringContaining('not reachable') });
    await get('login-info').expect(503);
    await napcat.start();
    const back = await post('login-status').expect(200);
    expect(back.body.ok).toBe(true);
  });
});

describe('Panel QQ login with a NapCat WebUI that refuses the token', () => {
  let napcat: FakeNapcatWebui;
  let t: TestApp;

  beforeAll(async () => {
    napcat = await FakeNapcatWebui.start({ token: 'the-real-token' });
    t = await startTestApp({ NAPCAT_WEBUI_URL: napcat.url, NAPCAT_WEBUI_TOKEN: 'a-wrong-token' });
  });
  afterAll(async () => {
    await t?.close();
    await napcat?.close();
  });

  it('answers 502 with the reason', async () => {
    const login = await t.http.post('/api/auth/login').send({ token: t.config.adminToken }).expect(200);
    const answer = await t.http.post('/api/napcat/login-status').set({ Authorization: `Bearer ${login.body.token}` }).expect(502);
    expect(answer.body).toEqual({ ok: false, error: expect.stringContaining('token is invalid') });
  });
});
