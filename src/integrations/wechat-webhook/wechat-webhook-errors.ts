/**
 * Why a call to wechatbot-webhook failed:
 * - `unreachable`: nothing answered (refused, reset, DNS);
 * - `timeout`: it did not answer in time;
 * - `unauthorized`: it refused our token (`WECHAT_TOKEN` differs from its `LOGIN_API_TOKEN`);
 * - `not-logged-in`: no WeChat account is logged in, so it cannot send;
 * - `bad-response`: it answered something this client does not understand (or a 5xx).
 */
export type WechatWebhookErrorKind = 'unreachable' | 'timeout' | 'unauthorized' | 'not-logged-in' | 'bad-response';

export class WechatWebhookError extends Error {
  constructor(
    readonly kind: WechatWebhookErrorKind,
    message: string,
    /** The HTTP status it answered with, if it answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WechatWebhookError';
  }

  /** The bridge itself is absent (as opposed to present but refusing). */
  get isUnavailable(): boolean {
    return this.kind === 'unreachable' || this.kind === 'timeout';
  }
}
