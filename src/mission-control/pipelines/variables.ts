import { readPath } from '../../core/expressions/expression';

/** `{{ input.title }}` or `{{ input.title | Untitled }}`: a dotted path into the run's context, with a fallback. */
const VARIABLE = /\{\{\s*([^{}|]*?)\s*(?:\|\s*([^{}]*?)\s*)?\}\}/g;
const WHOLE_VARIABLE = /^\{\{[^{}]*\}\}$/;
const PATH = /^[A-Za-z_][\w]*(\.[\w]+|\[\d+\])*$/;

export function hasVariables(text: string): boolean {
  return text.includes('{{');
}

/** Why a text's variables cannot be rendered, or undefined. */
export function variablesProblem(text: string): string | undefined {
  for (const match of text.matchAll(VARIABLE)) {
    if (!PATH.test(match[1])) return `{{${match[1]}}} is not a dotted path such as input.title`;
  }
  const leftover = text.replace(VARIABLE, '');
  if (leftover.includes('{{') || leftover.includes('}}')) return 'has an unclosed {{ variable }}';
  return undefined;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The text with each variable replaced by the value at its path (or its fallback, or nothing). */
export function renderText(text: string, context: unknown): string {
  return text.replace(VARIABLE, (_whole, path: string, fallback?: string) => {
    const value = readPath(context, path);
    return value === undefined || value === null || value === '' ? (fallback ?? '') : asText(value);
  });
}

/**
 * A string that is one variable becomes the value itself (a number stays a number, an object an object);
 * other strings are rendered as text; arrays and objects are rendered member by member.
 */
export function renderValue(value: unknown, context: unknown): unknown {
  if (typeof value === 'string') {
    if (!hasVariables(value)) return value;
    if (WHOLE_VARIABLE.test(value)) {
      const [, path, fallback] = new RegExp(VARIABLE.source).exec(value) ?? [];
      const found = path === undefined ? undefined : readPath(context, path);
      return found === undefined || found === null || found === '' ? (fallback ?? null) : found;
    }
    return renderText(value, context);
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(item, context));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderValue(item, context)]));
  }
  return value;
}
