import { createHash } from 'node:crypto';
import {
  CallHandler,
  ConflictException,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { LessThan, Repository } from 'typeorm';
import { AuthScheme } from '../../auth/auth-scheme';
import { Principal } from '../../auth/principal';
import { fieldError } from '../api-errors';
import { IdempotencyRecordEntity } from './idempotency-record.entity';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;
const RETENTION_MS = 24 * 3600 * 1000;

function scopeOf(principal: Principal): string {
  switch (principal.scheme) {
    case AuthScheme.Admin:
      return `admin:${principal.userId}`;
    case AuthScheme.Agent:
      return `agent:${principal.agentId}`;
    case AuthScheme.H5:
      return `h5:${principal.userId}`;
    default:
      return 'panel';
  }
}

/**
 * An authenticated POST with an `Idempotency-Key` header runs once: a retry with the same key and the same
 * request gets the stored answer (with `Idempotent-Replayed: true`), the same key with another request is a
 * 422, and a retry while the first is still running is a 409. Failed requests are not kept, so they can be
 * retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectRepository(IdempotencyRecordEntity) private readonly records: Repository<IdempotencyRecordEntity>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { user?: Principal }>();
    const key = request.header(IDEMPOTENCY_HEADER);
    if (request.method !== 'POST' || key === undefined || !request.user) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      throw fieldError(IDEMPOTENCY_HEADER, `${IDEMPOTENCY_HEADER} must be 1-200 letters, digits, . _ : or -`);
    }
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.once(scopeOf(request.user), key, request, response, next));
  }

  private async once(scope: string, key: string, request: Request, response: Response, next: CallHandler): Promise<unknown> {
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    await this.records.delete({ scope, key, expiresAt: LessThan(new Date()) });
    const claimed = await this.records
      .createQueryBuilder()
      .insert()
      .values({ scope, key, requestHash, expiresAt: new Date(Date.now() + RETENTION_MS) })
      .orIgnore()
      .returning(['id'])
      .execute();

    if (claimed.raw.length === 0) return this.replay(scope, key, requestHash, response);

    const id: string = claimed.raw[0].id;
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.records.update({ id }, { statusCode: response.statusCode, responseBody: (body ?? null) as never });
      return body;
    } catch (error) {
      await this.records.delete({ id });
      throw error;
    }
  }

  private async replay(scope: string, key: string, requestHash: string, response: Response): Promise<unknown> {
    const earlier = await this.records.findOneByOrFail({ scope, key });
    if (earlier.requestHash !== requestHash) {
      throw fieldError(IDEMPOTENCY_HEADER, `This ${IDEMPOTENCY_HEADER} was already used for a different request`);
    }
    if (earlier.statusCode === null) {
      throw new ConflictException({ detail: `A request with this ${IDEMPOTENCY_HEADER} is still being processed` });
    }
    response.status(earlier.statusCode);
    response.setHeader(REPLAYED_HEADER, 'true');
    return earlier.responseBody;
  }
}
