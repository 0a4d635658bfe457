import JSON5 from 'json5';

export type JsonObject = Record<string, unknown>;

export const isRecord = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export class OpenClawConfigSyntaxError extends Error {}

/** `openclaw.json` as OpenClaw reads it: JSON5 (comments, trailing commas, unquoted keys), a BOM tolerated. */
export function parseOpenClawJson(text: string, fileLabel = 'openclaw.json'): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON5.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new OpenClawConfigSyntaxError(`${fileLabel} is not valid JSON5: ${(error as Error).message.replace(/^JSON5: /, '')}`);
  }
  if (!isRecord(parsed)) throw new OpenClawConfigSyntaxError(`${fileLabel} must hold a JSON object`);
  return parsed;
}

/** What the panel writes: plain JSON (valid JSON5), two-space indent, a final newline. */
export function serializeOpenClawJson(config: JsonObject): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** Names a client may use as a channel or plugin id: no path or prototype tricks, at most 64 characters. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const FORBIDDEN_IDS = new Set(['__proto__', 'constructor', 'prototype']);

export function isSafeId(id: string): boolean {
  return ID_PATTERN.test(id) && !FORBIDDEN_IDS.has(id);
}

/** Whether any object in the document carries an `$include` directive (a config split over several files). */
export function usesInclude(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(usesInclude);
  if (!isRecord(value)) return false;
  return Object.hasOwn(value, '$include') || Object.values(value).some(usesInclude);
}

/** Shallow merge of a client's object over the stored one; a `null` value removes that key. */
export function mergeObject(current: unknown, patch: JsonObject): JsonObject {
  const merged: JsonObject = isRecord(current) ? { ...current } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    // defineProperty: a `__proto__` key from a client's JSON stays data, never a prototype
    else Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return merged;
}
