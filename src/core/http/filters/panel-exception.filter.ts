import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { normalizeError } from './normalize-error';

/**
 * The ClawPanel dialect `{ok: false, error}` with the right HTTP status. Input the route cannot take is a 400
 * there, as the panel's own server answered it, where Mission Control says 422.
 */
@Catch()
export class PanelExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('PanelHttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    const error = normalizeError(exception);
    if (error.unexpected) {
      this.logger.error({ err: exception, path: host.switchToHttp().getRequest<Request>().path }, 'Unhandled error');
    }
    if (response.headersSent) return;
    response.status(error.status === 422 ? 400 : error.status).json({ ok: false, error: error.detail });
  }
}
