import { BadGatewayException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  NapcatAnswer,
  NapcatAuthError,
  NapcatPasswordLoginStep,
  NapcatQuickLoginAccount,
  NapcatUnavailableError,
  NapcatWebuiClient,
  passwordMd5,
} from '../../integrations/napcat-webui';
import { PanelEventsService } from '../events/panel-events.service';

export const LOGOUT_MESSAGE = 'QQ 已退出登录，NapCat 正在重启...';
/** How long `qrcode/refresh` waits for QQ to hand NapCat the new code. */
const REFRESH_WAIT_MS = 3_000;
const REFRESH_POLL_MS = 200;

export type PanelNapcatAnswer<T> = { ok: true } & NapcatAnswer<T>;

/**
 * QQ login through NapCat's WebUI: NapCat's answers are passed through beside `ok: true` (its `code` -1 is a
 * refusal the web client shows, not an error of ours); NapCat unreachable is a 503, a refused WebUI token a 502.
 */
@Injectable()
export class NapcatLoginService {
  constructor(
    private readonly napcat: NapcatWebuiClient,
    private readonly events: PanelEventsService,
  ) {}

  async loginStatus() {
    return this.pass(await this.guard(() => this.napcat.checkLoginStatus()));
  }

  /** The login QR code as an image data URI (NapCat gives the URL QQ encodes). */
  async qrcode(): Promise<PanelNapcatAnswer<{ qrcode: string; url?: string }>> {
    return this.withImage(await this.guard(() => this.napcat.getLoginQrcode()));
  }

  /** Asks QQ for a new code and answers with it (as `qrcode` does) once NapCat has it. */
  async refreshQrcode(): Promise<PanelNapcatAnswer<{ qrcode: string; url?: string }>> {
    return this.guard(async () => {
      const before = await this.napcat.getLoginQrcode();
      const refreshed = await this.napcat.refreshQrcode();
      if (refreshed.code !== 0) return { ok: true as const, code: refreshed.code, message: refreshed.message };
      let latest = await this.napcat.getLoginQrcode();
      const deadline = Date.now() + REFRESH_WAIT_MS;
      while (latest.code === 0 && latest.data?.qrcode === before.data?.qrcode && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, REFRESH_POLL_MS));
        latest = await this.napcat.getLoginQrcode();
      }
      return this.withImage(latest);
    });
  }

  async quickLoginList(): Promise<PanelNapcatAnswer<NapcatQuickLoginAccount[]>> {
    return this.pass(await this.guard(() => this.napcat.getQuickLoginList()));
  }

  async quickLogin(uin: string): Promise<PanelNapcatAnswer<null>> {
    const answer = await this.guard(() => this.napcat.setQuickLogin(uin));
    await this.events.record({
      source: 'qq',
      type: 'qq.login',
      summary: answer.code === 0 ? `QQ quick login started for ${uin}` : `QQ quick login for ${uin} refused: ${answer.message}`,
    });
    return this.pass(answer);
  }

  /** Only the MD5 of the password leaves this method; the password itself is neither kept nor logged. */
  async passwordLogin(uin: string, password: string): Promise<PanelNapcatAnswer<NapcatPasswordLoginStep | null>> {
    const md5 = passwordMd5(password);
    const answer = await this.guard(() => this.napcat.passwordLogin(uin, md5));
    const step = answer.data?.needCaptcha ? 'QQ asks for a captcha' : answer.data?.needNewDevice ? 'QQ asks to verify the new device' : undefined;
    const summary = answer.code !== 0 ? `QQ password login for ${uin} refused: ${answer.message}` : step ? `QQ password login for ${uin}: ${step}` : `QQ password login for ${uin} accepted`;
    await this.events.record({ source: 'qq', type: 'qq.login', summary });
    return this.pass(answer);
  }

  async loginInfo() {
    return this.pass(await this.guard(() => this.napcat.getLoginInfo()));
  }

  /**
   * NapCat's WebUI has no QQ logout; this is how its own API ends a session: clear the auto-login account
   * (`SetQuickLoginQQ {uin: ""}`) so NapCat does not log back in, then restart NapCat (`RestartNapCat`), which
   * comes back waiting for a QR / quick / password login. The account stays in QQ's quick-login list.
   */
  async logout(): Promise<{ message: string }> {
    await this.guard(async () => {
      const cleared = await this.napcat.setAutoLoginAccount('');
      if (cleared.code !== 0) throw new BadGatewayException({ detail: `NapCat refused to clear the auto-login account: ${cleared.message}` });
      const restarted = await this.napcat.restartNapcat();
      if (restarted.code !== 0) throw new BadGatewayException({ detail: `NapCat refused to restart: ${restarted.message}` });
      // the restarted NapCat signs Credentials with a new key
      this.napcat.forgetCredential();
    });
    await this.events.record({ source: 'qq', type: 'qq.logout', summary: 'QQ logged out: NapCat auto-login cleared, NapCat restarting' });
    return { message: LOGOUT_MESSAGE };
  }

  private pass<T>(answer: NapcatAnswer<T>): PanelNapcatAnswer<T> {
    return { ok: true, ...answer };
  }

  private async withImage(answer: NapcatAnswer<{ qrcode: string }>): Promise<PanelNapcatAnswer<{ qrcode: string; url?: string }>> {
    const raw = answer.data?.qrcode;
    if (answer.code !== 0 || typeof raw !== 'string' || !raw) return { ok: true, code: answer.code, message: answer.message };
    return { ok: true, code: answer.code, message: answer.message, data: await qrImage(raw) };
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof NapcatUnavailableError) throw new ServiceUnavailableException({ detail: error.message });
      if (error instanceof NapcatAuthError) {
        if (!this.napcat.configured) throw new ServiceUnavailableException({ detail: 'NapCat WebUI is not configured: set NAPCAT_WEBUI_TOKEN' });
        throw new BadGatewayException({ detail: error.message });
      }
      throw error;
    }
  }
}

const BASE64_IMAGE = /^[A-Za-z0-9+/]+={0,2}$/;

/** A data URI as is; a bare base64 PNG wrapped; anything else (NapCat's URL) drawn as a QR code PNG. */
export async function qrImage(value: string): Promise<{ qrcode: string; url?: string }> {
  if (value.startsWith('data:image/')) return { qrcode: value };
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value) && value.length > 64 && BASE64_IMAGE.test(value)) return { qrcode: `data:image/png;base64,${value}` };
  // required on first use: only a QQ login ever draws a QR code
  const { toDataURL } = require('qrcode') as typeof import('qrcode');
  return { qrcode: await toDataURL(value, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2, width: 256 }), url: value };
}
