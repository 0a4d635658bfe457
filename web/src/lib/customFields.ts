import type { Schemas } from '../api/client';

export type CustomField = Pick<Schemas['CustomFieldDto'], 'type'>;

/** A stored value as its input edits it: text for most types, indented JSON for json, a boolean or number as is. */
export function toDraft(field: CustomField, value: unknown): unknown {
  if (value === undefined || value === null) return field.type === 'boolean' ? false : '';
  if (field.type === 'json') return JSON.stringify(value, null, 2);
  if (field.type === 'date') return String(value).slice(0, 10);
  return value;
}

/** The draft as the API takes it: an emptied input is null (the API then removes the value); JSON that does not parse is invalid. */
export function fromDraft(field: CustomField, draft: unknown): { value: unknown } | { invalid: true } {
  if (field.type === 'boolean') return { value: draft === true };
  if (draft === '' || draft === undefined) return { value: null };
  if (field.type === 'number') return { value: typeof draft === 'number' ? draft : Number(draft) };
  if (field.type === 'json') {
    try {
      return { value: JSON.parse(String(draft)) };
    } catch {
      return { invalid: true };
    }
  }
  return { value: draft };
}
