import { WechatWebhookError } from './wechat-webhook-errors';

export interface WechatWebhookOptions {
  /** Base URL of wechatbot-webhook, e.g. `http://127.0.0.1:3002` (no trailing slash needed). */
  url: string;
  /** Its `LOGIN_API_TOKEN`, sent as `?token=` on every call. */
  token?: string;
  /** Health and login checks (default 5 s). */
  timeoutMs?: number;
  /** Sends: a `fileUrl` send waits while the bridge downloads the file (default 30 s). */
  sendTimeoutMs?: number;
}

/** `GET /login`: JSON `{success: true, message: "Contact<Name>is already login"}` once logged in, else the QR page. */
export interface WechatLoginState {
  loggedIn: boolean;
  /** The logged-in account's nickname, read from the bridge's message. */
  name?: string;
}

/** The `task` of a v2 send answer, as wechatbot-webhook reports it. */
export interface WechatSendTask {
  successCount: number;
  totalCount: number;
  failedCount: number;
  reject: unknown[];
  sentFailed: unknown[];
  notFound: unknown[];
}

/** The answer of `POST /webhook/msg/v2`: `{success, message, task}`. */
export interface WechatSendResult {
  success: boolean;
  message: string;
  task?: WechatSendTask;
}

export interface WechatMessageTarget {
  /** A contact's nickname, or a group's name when `isRoom`. */
  to: string;
  isRoom: boolean;
}

/** What the panel needs from wechatbot-webhook. */
export interface WechatWebhookApi {
  /** `GET /healthz`: true when it answers `healthy` (a WeChat account is logged in), false for `unHealthy`. */
  health(): Promise<boolean>;
  loginState(): Promise<WechatLoginState>;
  /** The QR login page of the bridge (`/login?token=`), at `baseUrl` (default: the configured URL). */
  loginUrl(baseUrl?: string): string;
  sendText(target: WechatMessageTarget, content: string): Promise<WechatSendResult>;
  sendFileUrl(target: WechatMessageTarget, fileUrl: string): Promise<WechatSendResult>;
}

const MAX_ANSWER_BYTES = 1024 * 1024;
const NOT_LOGGED_IN = /must login/i;

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `Contact<Name>is already login` → `Name`. */
export function nameFromLoginMessage(message: string): string | undefined {
  const match = /^\s*Contact<([\s\S]*)>\s*is already login\s*$/.exec(message);
  const name = (match ? match[1] : message.replace(/\s*is already login\s*$/, '')).trim();
  return name || undefined;
}

/**
 * HTTP client of wechatbot-webhook (danni-cool/wechatbot-webhook): every call carries `?token=`; failures are
 * {@link WechatWebhookError}s that say what went wrong without ever showing the token.
 */
export class WechatWebhookClient implements WechatWebhookApi {
  readonly baseUrl: string;
  private readonly token?: string;
  private readonly timeoutMs: number;
  private readonly sendTimeoutMs: number;

  constructor(options: WechatWebhookOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.token = options.token || undefined;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.sendTimeoutMs = options.sendTimeoutMs ?? 30_000;
  }

  get hasToken(): boolean {
    return this.token !== undefined;
  }

  async health(): Promise<boolean> {
    const answer = await this.call('GET', '/healthz');
    this.refuseUnauthorized(answer, '/healthz');
    if (answer.status !== 200) throw this.unexpected('/healthz', answer);
    const text = answer.text.trim();
    if (text === 'healthy') return true;
    if (text === 'unHealthy') return false;
    throw this.unexpected('/healthz', answer);
  }

  async loginState(): Promise<WechatLoginState> {
    const answer = await this.call('GET', '/login');
    this.refuseUnauthorized(answer, '/login');
    if (answer.status !== 200) throw this.unexpected('/login', answer);
    const body = answer.contentType.includes('json') ? parseJson(answer.text) : undefined;
    if (isRecord(body)) {
      if (body.success === true) {
        return { loggedIn: true, name: typeof body.message === 'string' ? nameFromLoginMessage(body.message) : undefined };
      }
      return { loggedIn: false };
    }
    // not logged in: the bridge serves its QR code page
    if (answer.contentType.includes('html')) return { loggedIn: false };
    throw this.unexpected('/login', answer);
  }

  loginUrl(baseUrl = this.baseUrl): string {
    return `${baseUrl.replace(/\/+$/, '')}/login${this.token ? `?token=${encodeURIComponent(this.token)}` : ''}`;
  }

  sendText(target: WechatMessageTarget, content: string): Promise<WechatSendResult> {
    return this.send({ to: target.to, isRoom: target.isRoom, data: { type: 'text', content } });
  }

  sendFileUrl(target: WechatMessageTarget, fileUrl: string): Promise<WechatSendResult> {
    return this.send({ to: target.to, isRoom: target.isRoom, data: { type: 'fileUrl', content: fileUrl } });
  }

  private async send(payload: object): Promise<WechatSendResult> {
    const path = '/webhook/msg/v2';
    const answer = await this.call('POST', path, payload, this.sendTimeoutMs);
    const body = parseJson(answer.text);
    const message = isRecord(body) && typeof body.message === 'string' ? body.message : '';
    if (answer.status === 401) {
      if (NOT_LOGGED_IN.test(message)) throw new WechatWebhookError('not-logged-in', 'WeChat is not logged in: scan the QR code of the login page first', 401);
      throw this.unauthorized(path);
    }
    if (!isRecord(body) || typeof body.success !== 'boolean') throw this.unexpected(path, answer);
    if (answer.status >= 500) {
      throw new WechatWebhookError('bad-response', `wechatbot-webhook failed to send (HTTP ${answer.status}${message ? `: ${message}` : ''})`, answer.status);
    }
    return { success: body.success, message, ...(isRecord(body.task) ? { task: body.task as unknown as WechatSendTask } : {}) };
  }

  private async call(method: 'GET' | 'POST', path: string, body?: object, timeoutMs = this.timeoutMs): Promise<Answer> {
    const url = `${this.baseUrl}${path}${this.token ? `?token=${encodeURIComponent(this.token)}` : ''}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: body ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json, text/plain, text/html' },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      const name = (error as { name?: string })?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new WechatWebhookError('timeout', `wechatbot-webhook at ${this.baseUrl} did not answer ${method} ${path} within ${timeoutMs} ms`);
      }
      const code = causeCode(error);
      throw new WechatWebhookError('unreachable', `wechatbot-webhook at ${this.baseUrl} is not reachable${code ? ` (${code})` : ''}`);
    }
    let text: string;
    try {
      text = await this.readCapped(response);
    } catch (error) {
      if (error instanceof WechatWebhookError) throw error;
      const name = (error as { name?: string })?.name;
      throw new WechatWebhookError(
        name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable',
        `wechatbot-webhook at ${this.baseUrl} broke off its answer to ${method} ${path}`,
        response.status,
      );
    }
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text };
  }

  private async readCapped(response: Response): Promise<string> {
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > MAX_ANSWER_BYTES) {
      await response.body?.cancel().catch(() => undefined);
      throw new WechatWebhookError('bad-response', `wechatbot-webhook answered with more than ${MAX_ANSWER_BYTES} bytes`, response.status);
    }
    if (!response.body) return '';
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        throw new WechatWebhookError('bad-response', `wechatbot-webhook answered with more than ${MAX_ANSWER_BYTES} bytes`, response.status);
      }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private refuseUnauthorized(answer: Answer, path: string): void {
    if (answer.status === 401 || answer.status === 403) throw this.unauthorized(path);
  }

  private unauthorized(path: string): WechatWebhookError {
    return new WechatWebhookError(
      'unauthorized',
      `wechatbot-webhook refused the token on ${path}: set WECHAT_TOKEN to its LOGIN_API_TOKEN${this.token ? '' : ' (no token is configured)'}`,
      401,
    );
  }

  private unexpected(path: string, answer: Answer): WechatWebhookError {
    const excerpt = answer.text.replace(/\s+/g, ' ').trim().slice(0, 120);
    return new WechatWebhookError(
      'bad-response',
      `wechatbot-webhook gave an unexpected answer to ${path} (HTTP ${answer.status}${excerpt ? `: ${excerpt}` : ''})`,
      answer.status,
    );
  }
}
