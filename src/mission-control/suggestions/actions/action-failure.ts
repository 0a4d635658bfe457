import { HttpException } from '@nestjs/common';
import { OutboundRefused } from '../../../core/http/outbound-http';
import { normalizeError } from '../../../core/http/filters/normalize-error';

/** An action that did not happen. `permanent`: trying again cannot help (a refused move, a task gone, a host not allowed). */
export class ActionFailed extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }

  /** What any error thrown while acting means: refusals (4xx, a host not allowed) are permanent, the rest worth a retry. */
  static from(error: unknown): ActionFailed {
    if (error instanceof ActionFailed) return error;
    if (error instanceof OutboundRefused) return new ActionFailed(error.message, true);
    if (error instanceof HttpException) {
      const { status, detail } = normalizeError(error);
      return new ActionFailed(detail, status < 500);
    }
    return new ActionFailed(error instanceof Error ? error.message : String(error), false);
  }
}
