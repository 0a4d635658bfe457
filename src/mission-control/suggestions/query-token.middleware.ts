import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Browsers' EventSource cannot set headers: on the routes this is applied to, `?token=` stands in for
 * `Authorization: Bearer` (a header, when sent, wins), so the global guard checks it like any admin credential.
 */
@Injectable()
export class QueryTokenAsBearer implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const token = request.query.token;
    if (!request.headers.authorization && typeof token === 'string' && token !== '') request.headers.authorization = `Bearer ${token}`;
    next();
  }
}
