import { FakeNapcatWebui } from '../../../test/fakes/napcat-webui';
import { NapcatWebuiClient, napcatTokenHash, passwordMd5 } from './napcat-webui-client';
import { NapcatAuthError, NapcatUnavailableError } from './napcat-webui-errors';

const TOKEN = 'napcat-webui-token';

describe('NapcatWebuiClient against the NapCat WebUI API', () => {
  let napcat: FakeNapcatWebui;

  beforeEach(async () => {
    napcat = await FakeNapcatWebui.start({ token: TOKEN });
  });
  afterEach(() => napcat.close());

  it('logs in with sha256(token + ".napcat") and then sends the Credential as a Bearer', async () => {
    const client = new NapcatWebuiClient({ url: napcat.url, token: TOKEN });
    const answer = await client.checkLoginStatus();
    expect(answer).toMatchObject({ code: 0, data: { isLogin: false } });
    const [login, check] = napcat.calls;
    expect(login.path).toBe('/api/auth/login');
    expect(login.body).toEqual({ hash: napcatTokenHash(TOKEN) });
    expect(login.raw).not.toContain(TOKEN);
    expect(check.authorization).toMatch(/^Bearer \S+$/);
  });

  it('shares one login among concurrent calls and reuses the Credential', async () => {
    const client = new NapcatWebuiClient({ url: napcat.url, token: TOKEN });
    await Promise.all([client.checkLoginStatus(), client.getLoginQrcode(), client.getQuickLoginList()]);
    await client.getLoginInfo();
    expect(napcat.logins).toBe(1);
  });

  it('renews the Credential shortly before its hour is over', async () => {
    let now = Date.now();
    const client = new NapcatWebuiClient({ url: napcat.url, token: TOKEN, now: () => now });
    await client.checkLoginStatus();
    now += 56 * 60_000;
    await client.checkLoginStatus();
    expect(napcat.logins).toBe(2);
    expect(napcat.calls.filter((c) => c.path !== '/api/auth/login').every((c) => c.authorization)).toBe(true);
  });

  it('logs in again once and retries when NapCat says the Credential is no longer good', async () => {
    const client = new NapcatWebuiClient({ url: napcat.url, token: TOKEN });
    await client.checkLoginStatus();
    napcat.expireCredentials();
    const answer = await client.getQuickLoginList();
    expect(answer.code).toBe(0);
    expect(answer.data?.map((a) => a.uin)).toEqual(['123456789', '987654321']);
    expect(napcat.logins).toBe(2);
    expect(napcat.calls.map((c) => c.path)).toEqual([
      '/api/auth/login',
      '/api/QQLogin/CheckLoginStatus',
      '/api/QQLogin/GetQuickLoginListNew',
      '/api/auth/login',
      '/api/QQLogin/GetQuickLoginListNew',
    ]);
  });

  it('refuses with NapcatAuthError when the token is wrong or missing', async () => {
    await expect(new NapcatWebuiClient({ url: napcat.url, token: 'wrong' }).checkLoginStatus()).rejects.toBeInstanceOf(NapcatAuthError);
    await expect(new NapcatWebuiClient({ url: napcat.url }).checkLoginStatus()).rejects.toBeInstanceOf(NapcatAuthError);
  });

  it('says NapCat is unreachable when nothing listens', async () => {
    const url = napcat.url;
    await napcat.stop();
    await expect(new NapcatWebuiClient({ url, token: TOKEN, timeoutMs: 2_000 }).checkLoginStatus()).rejects.toBeInstanceOf(NapcatUnavailableError);
  });

  it('sends only the MD5 of a password and passes a captcha step through untouched', async () => {
    napcat.passwords.set('10001', passwordMd5('hunter2'));
    napcat.passwordStep = 'captcha';
    const client = new NapcatWebuiClient({ url: napcat.url, token: TOKEN });
    const answer = await client.passwordLogin('10001', passwordMd5('hunter2'));
    expect(answer).toEqual({ code: 0, message: 'success', data: { needCaptcha: true, proofWaterUrl: expect.stringContaining('captcha') } });
    const call = napcat.callsTo('/api/QQLogin/PasswordLogin')[0];
    expect(call.body).toEqual({ uin: '10001', passwordMd5: FakeNapcatWebui.md5('hunter2') });
    expect(call.raw).not.toContain('hunter2');
  });

  it('hands NapCat refusals back as they are (code -1 and its message)', async () => {
    const client = new NapcatWebuiClient({ url: napcat.url, token: TOKEN });
    expect(await client.setQuickLogin('')).toEqual({ code: -1, message: 'uin is empty' });
  });
});
