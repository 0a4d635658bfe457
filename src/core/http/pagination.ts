import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
/** PostgreSQL takes a bigint; past this, numbers from a query string are no longer exact integers. */
export const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

/** `limit`/`offset` as the document's §6; lists with sorting add their own `sort` whitelist. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional() @TransformType(() => Number) @IsInt() @Min(1) @Max(MAX_LIMIT)
  limit: number = DEFAULT_LIMIT;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @IsOptional() @TransformType(() => Number) @IsInt() @Min(0) @Max(MAX_OFFSET)
  offset: number = 0;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional() @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';
}

/** What a service returns for a list; the interceptor turns it into the documented body and headers. */
export class Page<T> {
  constructor(
    readonly items: T[],
    readonly total: number,
    readonly limit: number,
    readonly offset: number,
  ) {}

  static of<T>(items: T[], total: number, query: { limit: number; offset: number }): Page<T> {
    return new Page(items, total, query.limit, query.offset);
  }

  map<R>(mapper: (item: T) => R): Page<R> {
    return new Page(this.items.map(mapper), this.total, this.limit, this.offset);
  }

  toBody(): { items: T[]; total: number; page: number; size: number } {
    return { items: this.items, total: this.total, page: Math.floor(this.offset / this.limit) + 1, size: this.limit };
  }
}

@Injectable()
export class PageInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result) => {
        if (!(result instanceof Page)) return result;
        const response = context.switchToHttp().getResponse<Response>();
        response.setHeader('X-Total-Count', String(result.total));
        response.setHeader('X-Limit', String(result.limit));
        response.setHeader('X-Offset', String(result.offset));
        return result.toBody();
      }),
    );
  }
}

class PageEnvelopeDto {
  @ApiProperty({ example: 42 }) total: number;
  @ApiProperty({ example: 1, description: 'floor(offset / limit) + 1' }) page: number;
  @ApiProperty({ example: 20, description: 'the limit used' }) size: number;
}

/** Documents `{items, total, page, size}` and the X-Total-Count / X-Limit / X-Offset headers. */
export function ApiPageResponse(item: Type<unknown>, description = 'One page of results') {
  const header = (text: string) => ({ schema: { type: 'integer' }, description: text });
  return applyDecorators(
    ApiExtraModels(PageEnvelopeDto, item),
    ApiOkResponse({
      description,
      headers: {
        'X-Total-Count': header('total number of matching records'),
        'X-Limit': header('the limit used'),
        'X-Offset': header('the offset used'),
      },
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageEnvelopeDto) },
          { properties: { items: { type: 'array', items: { $ref: getSchemaPath(item) } } }, required: ['items'] },
        ],
      },
    }),
  );
}
