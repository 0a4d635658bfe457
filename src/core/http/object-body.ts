import { applyDecorators, Body, PipeTransform, Type } from '@nestjs/common';
import { ApiBody, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { fieldValidationException, isPlainObject, notAnObjectBody } from './validation';

/** Checks a free-form body: a JSON object, whose fields named in `knownFields` obey that class's decorators. */
class ObjectBodyPipe implements PipeTransform<unknown, Record<string, unknown>> {
  constructor(private readonly knownFields?: Type<object>) {}

  transform(value: unknown): Record<string, unknown> {
    if (!isPlainObject(value)) throw notAnObjectBody();
    if (this.knownFields) {
      const errors = validateSync(plainToInstance(this.knownFields, value), { validationError: { target: false, value: false } });
      if (errors.length > 0) throw fieldValidationException(errors);
    }
    return value;
  }
}

/**
 * A body that is "the object itself", with keys of the client's choosing (kept as sent): anything but a JSON
 * object is a 400, and a field the service reads, declared with its decorators in `knownFields`, is a 422 when
 * it has the wrong type. Declare the parameter as a record type, so the global pipe passes it through.
 */
export const ObjectBody = (knownFields?: Type<object>): ParameterDecorator => Body(new ObjectBodyPipe(knownFields));

/** Documents an `@ObjectBody()`: any keys, with `knownFields`' properties among them. */
export function ApiObjectBody(knownFields?: Type<object>, description?: string) {
  const anyKeys = { type: 'object' as const, additionalProperties: true };
  if (!knownFields) return ApiBody({ schema: anyKeys, description });
  return applyDecorators(ApiExtraModels(knownFields), ApiBody({ schema: { ...anyKeys, allOf: [{ $ref: getSchemaPath(knownFields) }] }, description }));
}
