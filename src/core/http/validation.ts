import { ArgumentMetadata, BadRequestException, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, ValidateIf } from 'class-validator';
import { FieldError, FieldValidationException } from './api-errors';
import { BoundedMap } from '../caching/bounded-map';

// when a value has the wrong type, say that rather than what its length or range should be
const TYPE_CONSTRAINTS = ['whitelistValidation', 'isDefined', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isObject', 'isArray', 'isUuid', 'isEmail', 'isUrl', 'isIn', 'isEnum'];

function mainMessage(constraints: Record<string, string>): string {
  const key = TYPE_CONSTRAINTS.find((name) => name in constraints) ?? Object.keys(constraints)[0];
  return constraints[key].replace(/^property (\S+) should not exist$/, '$1 is not an allowed field');
}

/** One message per field, nested fields as dotted paths. */
function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, message: mainMessage(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A body of the wrong JSON type (array, string, number, null): 400, for DTO and free-form bodies alike. */
export const notAnObjectBody = () => new BadRequestException({ detail: 'Request body must be a JSON object' });

/** 422 with one entry per failed field, the first one as the detail. */
export function fieldValidationException(errors: ValidationError[]): FieldValidationException {
  const fieldErrors = flatten(errors);
  return new FieldValidationException(fieldErrors, fieldErrors[0]?.message ?? 'Validation failed');
}

type QueryValue = string | string[];

const QUERY_CACHE_SIZE = 256;

/** A query string parses to strings and arrays of strings only; those are safe to key a cache by. */
function isFlatQuery(value: unknown): value is Record<string, QueryValue> {
  if (!isPlainObject(value)) return false;
  for (const item of Object.values(value as object)) {
    if (typeof item !== 'string' && !(Array.isArray(item) && item.every((entry) => typeof entry === 'string'))) return false;
  }
  return true;
}

/** A copy a handler may change without changing the cached DTO: same class, arrays copied. */
function copyOf<T extends object>(dto: T): T {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(dto) as object) as T, dto);
  for (const [key, item] of Object.entries(copy)) if (Array.isArray(item)) (copy as Record<string, unknown>)[key] = [...item];
  return copy;
}

/**
 * Valid query DTOs by query string, per DTO class. Validating a query DTO is a pure function of its class
 * and its strings, and clients (list views, pollers) repeat the same few query strings; class-validator's
 * metadata lookup scans every DTO class on each call, so a hit saves most of a list request's validation.
 * Only valid queries are kept (a refused one is checked again), at most `QUERY_CACHE_SIZE` per class.
 */
export class QueryDtoCache {
  private readonly byClass = new WeakMap<object, BoundedMap<string, object>>();

  constructor(private readonly sizePerClass = QUERY_CACHE_SIZE) {}

  get(metatype: object, key: string): object | undefined {
    const found = this.byClass.get(metatype)?.get(key);
    return found && copyOf(found);
  }

  set(metatype: object, key: string, dto: object): void {
    let entries = this.byClass.get(metatype);
    if (!entries) this.byClass.set(metatype, (entries = new BoundedMap(this.sizePerClass)));
    entries.set(key, copyOf(dto));
  }
}

class RequestValidationPipe extends ValidationPipe {
  private readonly queries = new QueryDtoCache();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      // no body at all reads as an empty object; JSON null is a body of the wrong type
      if (value === undefined || value === '') value = {};
      else if (!isPlainObject(value)) throw notAnObjectBody();
    }
    if (metadata.type !== 'query' || !metadata.metatype || metadata.metatype === Object || !isFlatQuery(value)) {
      return super.transform(value, metadata);
    }
    const key = JSON.stringify(value);
    const cached = this.queries.get(metadata.metatype, key);
    if (cached) return cached;
    const dto = await super.transform(value, metadata);
    if (typeof dto === 'object' && dto !== null) this.queries.set(metadata.metatype, key, dto);
    return dto;
  }
}

/** Whitelist, refuse unknown fields, transform to DTO classes, and answer 422 with each bad field. */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: fieldValidationException,
  });
}

/** Path ids are UUIDs; anything else is a 422 naming the parameter, before any query runs. */
export function uuidPipe(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new FieldValidationException([{ field: name, message: `${name} must be a UUID` }], `${name} must be a UUID`),
  });
}

/** A field that may be left out but, when present, must not be null (its column is NOT NULL). */
export const Omittable = () => ValidateIf((_object, value) => value !== undefined);

/** An optional `true`/`false` query parameter (query strings carry text). */
export const OptionalQueryBoolean = () =>
  applyDecorators(
    IsOptional(),
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean(),
  );
