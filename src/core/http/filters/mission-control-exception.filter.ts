import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isPanelPath } from '../namespaces';
import { normalizeError } from './normalize-error';
import { PanelExceptionFilter } from './panel-exception.filter';

/** The Mission Control dialect `{detail, errors?}`; the global default. */
@Catch()
export class MissionControlExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');
  private readonly panel = new PanelExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const request = host.switchToHttp().getRequest<Request>();
    // errors raised before routing (unknown path, unreadable body) still answer in the panel's own dialect
    if (isPanelPath(request.path)) return this.panel.catch(exception, host);

    const response = host.switchToHttp().getResponse<Response>();
    const error = normalizeError(exception);
    if (error.unexpected) this.logger.error({ err: exception, path: request.path }, 'Unhandled error');
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(error.headers ?? {})) response.setHeader(name, value);
    response.status(error.status).json(error.errors ? { detail: error.detail, errors: error.errors } : { detail: error.detail });
  }
}
