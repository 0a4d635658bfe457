import { ArgumentMetadata, BadRequestException, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, ValidateIf } from 'class-validator';
import { FieldError, FieldValidationException } from './api-errors';

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

const isPlainObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (value === undefined || value === null || value === '') value = {};
      else if (!isPlainObject(value)) throw new BadRequestException({ detail: 'Request body must be a JSON object' });
    }
    return super.transform(value, metadata);
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
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return new FieldValidationException(fieldErrors, fieldErrors[0]?.message ?? 'Validation failed');
    },
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
