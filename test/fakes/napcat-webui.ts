import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakeNapcatWebuiOptions {
  /** NapCat's WebUI token (webui.json `token`). */
  token: string;
  port?: number;
}

export interface FakeQuickLoginAccount {
  uin: string;
  uid: string;
  nickName: string;
  faceUrl: string;
  facePath: string;
  loginType: number;
  isQuickLogin: boolean;
  isAutoLogin: boolean;
}

/** What the next `PasswordLogin` answers when the MD5 is right: done, or QQ's captcha / new-device step. */
export type PasswordLoginStep = 'ok' | 'captcha' | 'new-device';

export interface ReceivedCall {
  path: string;
  body: Record<string, unknown>;
  /** The raw request body text, exactly as it came over the socket. */
  raw: string;
  authorization?: string;
}

const MAX_CREDENTIAL_SECONDS = 3600;

/**
 * NapCat's WebUI HTTP API as NapCat answers it (HTTP 200, `{code: 0|-1, message, data}`): `/api/auth/login` with
 * `sha256(token + ".napcat")` issues an HMAC-signed base64 Credential valid one hour; the QQ login routes keep
 * a small QQ state (QR code, quick-login accounts, password login with captcha / new-device steps, login info,
 * auto-login account, restart). The clock can be moved forward to expire Credentials.
 */
export class FakeNapcatWebui {
  loggedIn = false;
  qrcodeUrl = FakeNapcatWebui.newQrUrl();
  autoLoginAccount = '';
  passwordStep: PasswordLoginStep = 'ok';
  /** QQ number → the MD5 of its password. */
  readonly passwords = new Map<string, string>();
  readonly quickLoginList: FakeQuickLoginAccount[] = [
    { uin: '123456789', uid: 'u_abc', nickName: 'QuickOne', faceUrl: 'https://q1.qlogo.cn/g?b=qq&nk=123456789&s=100', facePath: '', loginType: 1, isQuickLogin: true, isAutoLogin: false },
    { uin: '987654321', uid: 'u_def', nickName: 'QuickTwo', faceUrl: 'https://q1.qlogo.cn/g?b=qq&nk=987654321&s=100', facePath: '', loginType: 1, isQuickLogin: true, isAutoLogin: false },
  ];
  loginInfo: { uin: string; nick: string } = { uin: '', nick: '' };
  /** Every call, in order (the login call included). */
  readonly calls: ReceivedCall[] = [];
  logins = 0;
  restarts = 0;

  private server?: Server;
  private secret = randomBytes(16).toString('hex');
  private clockSkewSeconds = 0;
  private readonly revoked = new Set<string>();

  private constructor(
    private readonly options: FakeNapcatWebuiOptions,
    private boundPort: number,
  ) {}

  static async start(options: FakeNapcatWebuiOptions): Promise<FakeNapcatWebui> {
    const fake = new FakeNapcatWebui(options, options.port ?? 0);
    await fake.start();
    return fake;
  }

  static newQrUrl(): string {
    return `https://txz.qq.com/p?k=${randomBytes(12).toString('base64url')}&f=1600001615`;
  }

  static md5(text: string): string {
    return createHash('md5').update(text, 'utf8').digest('hex');
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  close(): Promise<void> {
    return this.stop();
  }

  /** Moves NapCat's clock forward, as if that much time had passed (past 3600 s every Credential is stale). */
  advanceClock(seconds: number): void {
    this.clockSkewSeconds += seconds;
  }

  /** Every Credential issued so far stops working (the hour is over). */
  expireCredentials(): void {
    this.advanceClock(MAX_CREDENTIAL_SECONDS + 1);
  }

  callsTo(path: string): ReceivedCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  private nowSeconds(): number {
    return Math.floor(Date.now() / 1000) + this.clockSkewSeconds;
  }

  private tokenHash(): string {
    return createHash('sha256').update(`${this.options.token}.napcat`).digest('hex');
  }

  private sign(data: { CreatedTime: number; HashEncoded: string }): string {
    return createHmac('sha256', this.secret).update(JSON.stringify(data), 'utf8').digest('hex');
  }

  private issueCredential(): string {
    const data = { CreatedTime: this.nowSeconds(), HashEncoded: this.tokenHash() };
    return Buffer.from(JSON.stringify({ Data: data, Hmac: this.sign(data) })).toString('base64');
  }

  private credentialValid(authorization: string | undefined): boolean {
    const parts = authorization?.split(' ') ?? [];
    if (parts.length < 2) return false;
    try {
      const credential = JSON.parse(Buffer.from(parts[1], 'base64').toString('utf8')) as { Data: { CreatedTime: number; HashEncoded: string }; Hmac: string };
      if (this.sign(credential.Data) !== credential.Hmac || this.revoked.has(credential.Hmac)) return false;
      const age = this.nowSeconds() - Math.floor(Number(credential.Data.CreatedTime));
      return age >= 0 && age <= MAX_CREDENTIAL_SECONDS && credential.Data.HashEncoded === this.tokenHash();
    } catch {
      return false;
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      body = {};
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    this.calls.push({ path, body, raw, authorization: request.headers.authorization });

    const success = (data?: unknown, message = 'success') => this.json(response, { code: 0, data, message });
    const error = (message: string) => this.json(response, { code: -1, message });

    if (request.method !== 'POST' || !path.startsWith('/api/')) {
      response.writeHead(404, { 'content-type': 'text/html' }).end(`Cannot ${request.method} ${path}`);
      return;
    }
    if (path === '/api/auth/login') {
      if (typeof body.hash !== 'string' || !body.hash) return error('token is empty');
      if (body.hash !== this.tokenHash()) return error('token is invalid');
      this.logins++;
      return success({ Credential: this.issueCredential() });
    }
    if (!this.credentialValid(request.headers.authorization)) return error('Unauthorized');

    switch (path) {
      case '/api/auth/check':
        return success(null);
      case '/api/auth/logout': {
        const credential = JSON.parse(Buffer.from(request.headers.authorization!.split(' ')[1], 'base64').toString('utf8'));
        this.revoked.add(credential.Hmac);
        return success('Logged out successfully');
      }
      case '/api/QQLogin/CheckLoginStatus':
        return success({ isLogin: this.loggedIn, isOffline: false, qrcodeurl: this.loggedIn ? '' : this.qrcodeUrl, loginError: '' });
      case '/api/QQLogin/GetQQLoginQrcode':
        if (this.loggedIn) return error('QQ Is Logined');
        return success({ qrcode: this.qrcodeUrl });
      case '/api/QQLogin/RefreshQRcode':
        if (this.loggedIn) return error('QQ Is Logined');
        this.qrcodeUrl = FakeNapcatWebui.newQrUrl();
        return success(null);
      case '/api/QQLogin/GetQuickLoginList':
        return success(this.quickLoginList.map((a) => a.uin));
      case '/api/QQLogin/GetQuickLoginListNew':
        return success(this.quickLoginList);
      case '/api/QQLogin/GetQuickLoginQQ':
        return success(this.autoLoginAccount);
      case '/api/QQLogin/SetQuickLoginQQ':
        this.autoLoginAccount = String(body.uin ?? '');
        return success(null);
      case '/api/QQLogin/SetQuickLogin': {
        if (this.loggedIn) return error('QQ Is Logined');
        const uin = String(body.uin ?? '');
        if (!uin) return error('uin is empty');
        const account = this.quickLoginList.find((a) => a.uin === uin);
        if (!account) return error('快速登录失败，未找到该 QQ 历史登录记录');
        this.logIn(uin, account.nickName);
        return success(null);
      }
      case '/api/QQLogin/PasswordLogin': {
        if (this.loggedIn) return error('QQ Is Logined');
        const uin = String(body.uin ?? '');
        const md5 = String(body.passwordMd5 ?? '');
        if (!uin) return error('uin is empty');
        if (!md5) return error('passwordMd5 is empty');
        const expected = this.passwords.get(uin);
        if (!expected || expected !== md5) return error('密码错误');
        if (this.passwordStep === 'captcha') {
          return success({ needCaptcha: true, proofWaterUrl: `https://ti.qq.com/safe/tools/captcha/sms-verify-login?uin=${uin}&sid=fake` });
        }
        if (this.passwordStep === 'new-device') {
          return success({ needNewDevice: true, jumpUrl: `https://accounts.qq.com/safe/verify?uin=${uin}`, newDevicePullQrCodeSig: 'sig-fake' });
        }
        this.logIn(uin, `User${uin}`);
        return success(null);
      }
      case '/api/QQLogin/GetQQLoginInfo':
        return success(this.loggedIn ? { uin: this.loginInfo.uin, nick: this.loginInfo.nick, online: true, avatarUrl: `https://q1.qlogo.cn/g?b=qq&nk=${this.loginInfo.uin}&s=640` } : { online: undefined });
      case '/api/QQLogin/RestartNapCat':
        this.restart();
        return success({ message: 'Restart initiated' });
      default:
        response.writeHead(404, { 'content-type': 'text/html' }).end(`Cannot POST ${path}`);
    }
  }

  private logIn(uin: string, nick: string): void {
    this.loggedIn = true;
    this.loginInfo = { uin, nick };
  }

  /** NapCat comes back: a new process secret (old Credentials stop working), logged in only with an auto-login account. */
  private restart(): void {
    this.restarts++;
    this.secret = randomBytes(16).toString('hex');
    this.revoked.clear();
    const auto = this.autoLoginAccount && this.quickLoginList.find((a) => a.uin === this.autoLoginAccount);
    if (auto) this.logIn(auto.uin, auto.nickName);
    else {
      this.loggedIn = false;
      this.loginInfo = { uin: '', nick: '' };
      this.qrcodeUrl = FakeNapcatWebui.newQrUrl();
    }
  }

  private json(response: ServerResponse, body: unknown): void {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}
