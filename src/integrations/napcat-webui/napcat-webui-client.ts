import { createHash } from 'node:crypto';
import { NapcatAuthError, NapcatUnavailableError } from './napcat-webui-errors';

/** Every NapCat WebUI answer: HTTP 200 with `code` 0 (success) or -1 (refused, with the reason in `message`). */
export interface NapcatAnswer<T = unknown> {
  code: number;
  message: string;
  data?: T;
}

/** One entry of `GetQuickLoginListNew` (NapCat's `LoginListItem`). */
export interface NapcatQuickLoginAccount {
  uin: string;
  uid?: string;
  nickName?: string;
  faceUrl?: string;
  facePath?: string;
  loginType?: number;
  isQuickLogin?: boolean;
  isAutoLogin?: boolean;
}

/** What `PasswordLogin` answers when QQ wants a second step (code 0 with one of these, or `data: null` when done). */
export interface NapcatPasswordLoginStep {
  needCaptcha?: boolean;
  proofWaterUrl?: string;
  needNewDevice?: boolean;
  jumpUrl?: string;
  newDevicePullQrCodeSig?: string;
}

/** Nest's Logger fits. */
export interface NapcatLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface NapcatWebuiClientOptions {
  /** `http://127.0.0.1:6099` */
  url: string;
  /** The WebUI token (NapCat's `webui.json` `token`); only its `sha256(token + ".napcat")` is ever sent. */
  token?: string;
  timeoutMs?: number;
  /** How long NapCat honours a Credential (one hour). */
  credentialTtlMs?: number;
  /** A Credential this close to its end is replaced before it is used. */
  refreshMarginMs?: number;
  now?: () => number;
  logger?: NapcatLogger;
}

const DEFAULTS = { timeoutMs: 15_000, credentialTtlMs: 3_600_000, refreshMarginMs: 300_000 };

/** The messages NapCat's auth middleware and `/auth/check` answer with when a Credential is not (or no longer) good. */
const AUTH_FAILURE = /unauthori[sz]ed|authorization failed|revoked/i;

/** `sha256(token + ".napcat")`, hex: what NapCat's `/api/auth/login` compares. */
export function napcatTokenHash(token: string): string {
  return createHash('sha256').update(`${token}.napcat`).digest('hex');
}

/** The MD5 NapCat's `PasswordLogin` takes instead of the password. */
export function passwordMd5(password: string): string {
  return createHash('md5').update(password, 'utf8').digest('hex');
}

export function isNapcatAuthFailure(answer: NapcatAnswer): boolean {
  return answer.code !== 0 && AUTH_FAILURE.test(answer.message ?? '');
}

/**
 * NapCat WebUI's HTTP API (the QQ login side of NapCat): logs in with the token hash, keeps the one-hour
 * Credential fresh (renewed shortly before it ends, and once more when NapCat answers that it is no longer
 * good, e.g. after NapCat restarted), and hands back NapCat's `{code, message, data}` untouched.
 */
export class NapcatWebuiClient {
  private readonly options: Required<Omit<NapcatWebuiClientOptions, 'token' | 'logger'>> & Pick<NapcatWebuiClientOptions, 'token' | 'logger'>;
  private credential?: { value: string; expiresAt: number };
  private loggingIn?: Promise<string>;

  constructor(options: NapcatWebuiClientOptions) {
    this.options = { ...DEFAULTS, now: Date.now, ...options, url: options.url.replace(/\/+$/, '') };
  }

  get url(): string {
    return this.options.url;
  }

  get configured(): boolean {
    return Boolean(this.options.token);
  }

  /** POSTs to a WebUI route with a valid Credential; one fresh login and retry when NapCat says it is not valid. */
  async call<T = unknown>(path: string, body: object = {}): Promise<NapcatAnswer<T>> {
    const credential = await this.currentCredential();
    const answer = await this.post<T>(path, body, credential);
    if (!isNapcatAuthFailure(answer)) return answer;
    this.options.logger?.log(`NapCat WebUI no longer accepts the Credential (${answer.message}); logging in again`);
    this.forgetCredential(credential);
    const renewed = await this.currentCredential();
    const retried = await this.post<T>(path, body, renewed);
    if (isNapcatAuthFailure(retried)) {
      this.forgetCredential(renewed);
      throw new NapcatAuthError(`NapCat WebUI refused a fresh Credential: ${retried.message}`);
    }
    return retried;
  }

  checkLoginStatus() {
    return this.call<{ isLogin: boolean; isOffline?: boolean; qrcodeurl?: string; loginError?: string }>('/api/QQLogin/CheckLoginStatus');
  }

  /** `data.qrcode` is the URL QQ encodes in its login QR code. */
  getLoginQrcode() {
    return this.call<{ qrcode: string }>('/api/QQLogin/GetQQLoginQrcode');
  }

  /** Asks QQ for a new code; NapCat answers `data: null` and the new URL shows up in `getLoginQrcode`. */
  refreshQrcode() {
    return this.call<null>('/api/QQLogin/RefreshQRcode');
  }

  /** Accounts QQ remembers on this machine (`GetQuickLoginQQ` is only the auto-login account). */
  getQuickLoginList() {
    return this.call<NapcatQuickLoginAccount[]>('/api/QQLogin/GetQuickLoginListNew');
  }

  setQuickLogin(uin: string) {
    return this.call<null>('/api/QQLogin/SetQuickLogin', { uin });
  }

  /** Takes the MD5 only; a captcha or new-device step comes back as `data` (see NapcatPasswordLoginStep). */
  passwordLogin(uin: string, md5: string) {
    return this.call<NapcatPasswordLoginStep | null>('/api/QQLogin/PasswordLogin', { uin, passwordMd5: md5 });
  }

  getLoginInfo() {
    return this.call<Record<string, unknown>>('/api/QQLogin/GetQQLoginInfo');
  }

  /** The account NapCat logs in automatically when it starts (`""`: none). */
  setAutoLoginAccount(uin: string) {
    return this.call<null>('/api/QQLogin/SetQuickLoginQQ', { uin });
  }

  /**
   * Restarts the NapCat process (ending the QQ session). `QQLogin/RestartNapCat` on current NapCat,
   * `Process/Restart` on versions that only have that one.
   */
  async restartNapcat(): Promise<NapcatAnswer<{ message?: string }>> {
    try {
      return await this.call<{ message?: string }>('/api/QQLogin/RestartNapCat');
    } catch (error) {
      if (error instanceof NapcatUnavailableError && error.httpStatus === 404) return this.call<{ message?: string }>('/api/Process/Restart');
      throw error;
    }
  }

  /** Revokes our WebUI Credential (NapCat's `/api/auth/logout`); the next call logs in again. */
  async logoutWebui(): Promise<void> {
    const credential = this.credential;
    this.credential = undefined;
    if (!credential || credential.expiresAt <= this.options.now()) return;
    await this.post('/api/auth/logout', {}, credential.value).catch(() => undefined);
  }

  /** Drops the cached Credential so that the next call logs in first. */
  forgetCredential(value?: string): void {
    if (value === undefined || this.credential?.value === value) this.credential = undefined;
  }

  private async currentCredential(): Promise<string> {
    const now = this.options.now();
    if (this.credential && this.credential.expiresAt - this.options.refreshMarginMs > now) return this.credential.value;
    // concurrent callers share one login
    this.loggingIn ??= this.login().finally(() => (this.loggingIn = undefined));
    return this.loggingIn;
  }

  private async login(): Promise<string> {
    const token = this.options.token;
    if (!token) throw new NapcatAuthError('NAPCAT_WEBUI_TOKEN is not set, so the NapCat WebUI cannot be logged in to');
    const issuedAt = this.options.now();
    const answer = await this.post<{ Credential?: string; require2FA?: boolean }>('/api/auth/login', { hash: napcatTokenHash(token) });
    if (answer.code === 0 && typeof answer.data?.Credential === 'string' && answer.data.Credential) {
      this.credential = { value: answer.data.Credential, expiresAt: issuedAt + this.options.credentialTtlMs };
      return answer.data.Credential;
    }
    if (answer.data?.require2FA) throw new NapcatAuthError('NapCat WebUI has two-factor login enabled; turn it off for the panel to log in');
    throw new NapcatAuthError(`NapCat WebUI refused the login: ${answer.message || 'no Credential in the answer'}`);
  }

  private async post<T>(path: string, body: object, credential?: string): Promise<NapcatAnswer<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (credential) headers.authorization = `Bearer ${credential}`;
    let response: Response;
    try {
      response = await fetch(`${this.options.url}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : describeNetworkError(error);
      throw new NapcatUnavailableError(`NapCat WebUI at ${this.options.url} is not reachable: ${reason}`);
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok || !isAnswer(parsed)) {
      throw new NapcatUnavailableError(`NapCat WebUI answered ${path} with HTTP ${response.status} and no {code, message} JSON`, response.status);
    }
    return { code: parsed.code, message: typeof parsed.message === 'string' ? parsed.message : '', ...('data' in parsed ? { data: parsed.data as T } : {}) };
  }
}

function isAnswer(value: unknown): value is { code: number; message?: unknown; data?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'number';
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
