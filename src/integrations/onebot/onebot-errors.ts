/** Not connected to the OneBot server (or the connection closed before the answer came). */
export class OneBotUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OneBotUnavailableError';
  }
}

/** No answer to an action in time. */
export class OneBotTimeoutError extends Error {
  constructor(
    readonly action: string,
    readonly timeoutMs: number,
  ) {
    super(`OneBot action ${action} got no answer within ${timeoutMs} ms`);
    this.name = 'OneBotTimeoutError';
  }
}

/** The server answered the action with `status: "failed"` (retcode and message as it gave them). */
export class OneBotActionError extends Error {
  constructor(
    readonly action: string,
    readonly retcode: number,
    readonly reason: string,
  ) {
    super(`OneBot action ${action} failed (retcode ${retcode})${reason ? `: ${reason}` : ''}`);
    this.name = 'OneBotActionError';
  }
}

/** The server refused the access token (NapCat: a `retcode: 1403` frame, then close). */
export class OneBotAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OneBotAuthError';
  }
}
