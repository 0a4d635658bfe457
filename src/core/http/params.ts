import { Param } from '@nestjs/common';
import { uuidPipe } from './validation';

/** A UUID path parameter: anything else is a 422 naming the parameter, before any query runs. */
export function UuidParam(name = 'id'): ParameterDecorator {
  return Param(name, uuidPipe(name));
}
