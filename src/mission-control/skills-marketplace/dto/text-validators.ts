import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

export const KIB = 1024;

/** Lowercase letters, digits and dashes, starting with a letter or digit, at most 64 characters. */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const SLUG_MESSAGE = 'slug must be 1-64 lowercase letters, digits or dashes, starting with a letter or digit';

export const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/** A string of at most `max` bytes of UTF-8 (the limit of what is written to a gateway, not of characters). */
export function MaxBytes(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxBytes',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && byteLength(value) <= max,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be at most ${max / KIB} KiB of UTF-8`,
      },
    },
    options,
  );
}

/**
 * Why a client-sent relative file path is unsafe, or undefined when it is fine: no absolute paths, no `..`
 * segments, no NUL or control characters, no backslashes (a Windows separator), nothing empty.
 */
export function unsafePathReason(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (path.length > 255) return 'is longer than 255 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains a NUL or control character';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  const segments = path.split('/');
  if (segments.some((segment) => segment === '..')) return 'leaves the skill folder (..)';
  if (segments.some((segment) => segment === '' || segment === '.')) return 'has an empty or "." segment';
  return undefined;
}

export interface FileMapLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  /** Paths the map may not use (compared without regard to case), e.g. the file the `content` field fills. */
  reserved: string[];
}

/** Why a `{relative path: text}` map is refused, or undefined when it is fine. */
export function fileMapProblem(value: unknown, limits: FileMapLimits): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of {relative path: text}';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > limits.maxFiles) return `may hold at most ${limits.maxFiles} files`;
  let total = 0;
  for (const [path, text] of entries) {
    const reason = unsafePathReason(path);
    if (reason) return `path "${path.replace(/[\u0000-\u001f\u007f]/g, '?')}" ${reason}`;
    if (limits.reserved.some((name) => name.toLowerCase() === path.toLowerCase())) return `path "${path}" is reserved (send it as content)`;
    if (typeof text !== 'string') return `the content of "${path}" must be text`;
    const size = byteLength(text);
    if (size > limits.maxFileBytes) return `"${path}" is larger than ${limits.maxFileBytes / KIB} KiB`;
    total += size;
  }
  if (total > limits.maxTotalBytes) return `the files add up to more than ${limits.maxTotalBytes / KIB} KiB`;
  return undefined;
}

/** Validates a `{relative path: text}` map with `fileMapProblem`. */
export function IsSafeFileMap(limits: FileMapLimits, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSafeFileMap',
      constraints: [limits],
      validator: {
        validate: (value: unknown) => fileMapProblem(value, limits) === undefined,
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'files'}: ${fileMapProblem(args?.value, limits)}`,
      },
    },
    options,
  );
}
