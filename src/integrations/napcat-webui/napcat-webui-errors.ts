/** NapCat WebUI could not be reached, or answered something that is not its `{code, message, data}` JSON. */
export class NapcatUnavailableError extends Error {
  constructor(
    message: string,
    /** The HTTP status when there was an answer that was not NapCat's JSON (404 for a route this NapCat lacks). */
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'NapcatUnavailableError';
  }
}

/** NapCat WebUI refused our token (wrong token, login rate limit, 2FA enabled), or no token is configured. */
export class NapcatAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NapcatAuthError';
  }
}
