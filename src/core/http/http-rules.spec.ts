import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { FieldValidationException } from './api-errors';
import { normalizeError } from './filters/normalize-error';
import { isPanelPath } from './namespaces';
import { Page } from './pagination';

describe('isPanelPath', () => {
  it.each([
    ['/api/status', true],
    ['/api', true],
    ['/api/v1/organizations', false],
    ['/api/v1', false],
    ['/api/v10/thing', true],
    ['/health', false],
    ['/apix', false],
  ])('%s → %s', (path, expected) => expect(isPanelPath(path)).toBe(expected));
});

describe('Page', () => {
  it('reports page numbers from limit and offset', () => {
    expect(Page.of([1, 2], 45, { limit: 20, offset: 0 }).toBody()).toEqual({ items: [1, 2], total: 45, page: 1, size: 20 });
    expect(Page.of([], 45, { limit: 20, offset: 40 }).toBody()).toMatchObject({ page: 3, size: 20 });
    expect(Page.of([], 45, { limit: 20, offset: 30 }).toBody()).toMatchObject({ page: 2 });
  });

  it('maps items and keeps the totals', () => {
    expect(Page.of([1, 2], 9, { limit: 2, offset: 2 }).map((n) => n * 10)).toEqual(new Page([10, 20], 9, 2, 2));
  });
});

describe('normalizeError', () => {
  const queryFailed = (code: string) => Object.assign(new QueryFailedError('q', [], new Error('driver')), { code });

  it('keeps a {detail, errors} body', () => {
    const error = normalizeError(new FieldValidationException([{ field: 'name', message: 'name is bad' }], 'name is bad'));
    expect(error).toEqual({ status: 422, detail: 'name is bad', errors: [{ field: 'name', message: 'name is bad' }], unexpected: false });
  });

  it('reads Nest-style messages', () => {
    expect(normalizeError(new NotFoundException()).detail).toBe('Not Found');
    expect(normalizeError(new BadRequestException(['a', 'b'])).detail).toBe('a; b');
    expect(normalizeError(new HttpException('plain', 418))).toMatchObject({ status: 418, detail: 'plain' });
  });

  it('turns rate limiting into 429', () => {
    expect(normalizeError(new ThrottlerException())).toMatchObject({ status: 429, detail: 'Too many requests, try again later' });
  });

  it('maps database constraint violations to client errors', () => {
    expect(normalizeError(queryFailed('23505')).status).toBe(409);
    expect(normalizeError(queryFailed('23503')).status).toBe(409);
    expect(normalizeError(queryFailed('22P02')).status).toBe(422);
  });

  it('hides anything unexpected behind a 500 without details', () => {
    const error = normalizeError(new TypeError('cannot read x of undefined at /srv/app.js:10'));
    expect(error).toEqual({ status: 500, detail: 'Internal server error', unexpected: true });
    expect(normalizeError(queryFailed('57014'))).toMatchObject({ status: 500, unexpected: true });
  });

  it('passes client errors raised by middleware through', () => {
    expect(normalizeError(Object.assign(new Error('request aborted'), { status: 400 }))).toMatchObject({ status: 400, detail: 'request aborted' });
  });
});
