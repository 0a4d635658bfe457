import { readPath } from '../../../core/expressions/expression';

const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*)\s*\}\}/g;

/** Fills `{{task.title}}`-style template fields from a JSON context (a field path read, nothing evaluated); absent paths become empty. */
export function renderTemplate(template: string, context: unknown): string {
  return template.replace(PLACEHOLDER, (_match, path: string) => {
    const value = readPath(context, path);
    if (value === undefined || value === null) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}
