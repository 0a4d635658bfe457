import { isISO8601, isURL } from 'class-validator';
import type { CustomFieldType } from './entities/task-custom-field.entity';

export interface FieldDefinition {
  key: string;
  type: CustomFieldType;
  required: boolean;
  options: string[];
}

const MAX_TEXT = 10_000;
const MAX_JSON_BYTES = 16 * 1024;

/** Why `value` does not fit the field, or null when it does. */
export function valueProblem(field: FieldDefinition, value: unknown): string | null {
  const name = `custom_fields.${field.key}`;
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.length <= MAX_TEXT ? null : `${name} must be text of at most ${MAX_TEXT} characters`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : `${name} must be a number`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${name} must be true or false`;
    case 'date':
      return typeof value === 'string' && isISO8601(value, { strict: true }) ? null : `${name} must be an ISO 8601 date`;
    case 'url':
      return typeof value === 'string' && isURL(value, { protocols: ['http', 'https'], require_protocol: true })
        ? null
        : `${name} must be an http(s) URL`;
    case 'enum':
      return typeof value === 'string' && field.options.includes(value) ? null : `${name} must be one of: ${field.options.join(', ')}`;
    case 'json':
      return Buffer.byteLength(JSON.stringify(value)) <= MAX_JSON_BYTES ? null : `${name} must be at most ${MAX_JSON_BYTES} bytes of JSON`;
  }
}

/**
 * Applies a patch of custom field values (null removes a value) to the current ones and checks the result
 * against the definitions: unknown keys, wrong types and missing required fields are each one problem.
 */
export function mergeCustomFields(
  definitions: FieldDefinition[],
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): { values: Record<string, unknown>; problems: Array<{ field: string; message: string }> } {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const values: Record<string, unknown> = { ...current };
  const problems: Array<{ field: string; message: string }> = [];
  for (const [key, value] of Object.entries(patch)) {
    const definition = byKey.get(key);
    if (!definition) {
      problems.push({ field: `custom_fields.${key}`, message: `custom_fields.${key} is not a custom field of this board` });
      continue;
    }
    if (value === null) {
      delete values[key];
      continue;
    }
    const problem = valueProblem(definition, value);
    if (problem) problems.push({ field: `custom_fields.${key}`, message: problem });
    else values[key] = value;
  }
  for (const definition of definitions) {
    if (definition.required && values[definition.key] === undefined && !problems.some((p) => p.field === `custom_fields.${definition.key}`)) {
      problems.push({ field: `custom_fields.${definition.key}`, message: `custom_fields.${definition.key} is required` });
    }
  }
  return { values, problems };
}
