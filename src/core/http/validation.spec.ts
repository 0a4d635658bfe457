import { ArgumentMetadata } from '@nestjs/common';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { FieldValidationException } from './api-errors';
import { PageQueryDto } from './pagination';
import { createValidationPipe, QueryDtoCache } from './validation';

class ListQuery extends PageQueryDto {
  @IsOptional() @IsIn(['name', 'created_at'])
  sort?: string;

  @IsOptional() @IsString({ each: true })
  tag?: string[];
}

const query: ArgumentMetadata = { type: 'query', metatype: ListQuery, data: undefined };

describe('the validation pipe on query DTOs', () => {
  it('answers a repeated query string with an equal, separate DTO of the same class', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ limit: '5', tag: ['a', 'b'] }, query)) as ListQuery;
    first.limit = 99;
    first.tag!.push('changed');
    const second = (await pipe.transform({ limit: '5', tag: ['a', 'b'] }, query)) as ListQuery;
    expect(second).toBeInstanceOf(ListQuery);
    expect(second).toEqual(Object.assign(new ListQuery(), { limit: 5, offset: 0, order: 'desc', tag: ['a', 'b'] }));
    expect(second).not.toBe(first);
  });

  it('refuses an invalid query every time, also after the valid one was kept', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({ sort: 'name' }, query);
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(pipe.transform({ sort: 'password' }, query)).rejects.toBeInstanceOf(FieldValidationException);
      await expect(pipe.transform({ limit: '1000' }, query)).rejects.toBeInstanceOf(FieldValidationException);
      await expect(pipe.transform({ unknown: 'x' }, query)).rejects.toBeInstanceOf(FieldValidationException);
    }
  });

  it('keys by DTO class: the same string is checked against each class it is sent to', async () => {
    const pipe = createValidationPipe();
    await expect(pipe.transform({ sort: 'name' }, query)).resolves.toMatchObject({ sort: 'name' });
    await expect(pipe.transform({ sort: 'name' }, { ...query, metatype: PageQueryDto })).rejects.toBeInstanceOf(
      FieldValidationException,
    );
  });
});

describe('QueryDtoCache', () => {
  it('keeps at most its size per class, forgetting the oldest first', () => {
    const cache = new QueryDtoCache(2);
    for (const key of ['a', 'b', 'c']) cache.set(ListQuery, key, { key });
    expect(cache.get(ListQuery, 'a')).toBeUndefined();
    expect(cache.get(ListQuery, 'b')).toEqual({ key: 'b' });
    expect(cache.get(ListQuery, 'c')).toEqual({ key: 'c' });
    expect(cache.get(PageQueryDto, 'c')).toBeUndefined();
  });
});
