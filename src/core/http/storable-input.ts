import { isUtf8 } from 'node:buffer';
import { unescape as unescapeQueryText } from 'node:querystring';
import { BadRequestException, CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { FieldError, FieldValidationException } from './api-errors';
import { isMissionControlPath, isPanelPath } from './namespaces';

/** Deeper JSON than this is refused: recursive code further in (JSON.stringify, validators) would overflow the stack. */
export const MAX_BODY_DEPTH = 64;
const MAX_REPORTED = 10;

// NUL or any surrogate: a cheap test that nearly every string fails, so the exact test below rarely runs
const SUSPECT_TEXT = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// an escaped NUL or a byte outside ASCII: the only escapes that can decode to something PostgreSQL refuses
const SUSPECT_ESCAPE = /%(?:00|[89a-f][0-9a-f])/i;
const HEX_PAIR = /^[0-9a-f]{2}$/i;

/** Why PostgreSQL cannot store `text` (NUL, or a lone UTF-16 surrogate, which has no UTF-8 form), or undefined. */
export function unstorableTextProblem(text: string): string | undefined {
  if (!SUSPECT_TEXT.test(text)) return undefined;
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  return LONE_SURROGATE.test(text) ? 'must be valid Unicode text (it holds a lone UTF-16 surrogate)' : undefined;
}

/** The bytes a percent-encoded URL part stands for (an invalid escape stays as its characters, as Express reads it). */
function percentDecodedBytes(raw: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const pair = raw[i] === '%' ? raw.slice(i + 1, i + 3) : '';
    if (HEX_PAIR.test(pair)) {
      bytes.push(parseInt(pair, 16));
      i += 2;
    } else {
      // Node reads the request target one char per byte
      bytes.push(raw.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function escapedBytesProblem(raw: string): string | undefined {
  if (!SUSPECT_ESCAPE.test(raw)) return undefined;
  const bytes = percentDecodedBytes(raw);
  if (bytes.includes(0)) return 'must not contain NUL characters';
  return isUtf8(bytes) ? undefined : 'must be UTF-8 text once percent-decoded';
}

/** A name as it can be shown in a message: control characters and lone surrogates escaped, at most 80 characters. */
function printable(name: string): string {
  return JSON.stringify(name.slice(0, 80)).slice(1, -1);
}

function queryProblems(rawQuery: string, out: FieldError[]): void {
  if (!rawQuery.includes('%')) return;
  for (const part of rawQuery.split('&')) {
    const split = part.indexOf('=');
    const rawName = split < 0 ? part : part.slice(0, split);
    const problem = escapedBytesProblem(rawName) ?? (split < 0 ? undefined : escapedBytesProblem(part.slice(split + 1)));
    if (!problem) continue;
    const field = `query.${printable(unescapeQueryText(rawName.replace(/\+/g, ' ')))}`;
    out.push({ field, message: `${field} ${problem}` });
    if (out.length >= MAX_REPORTED) return;
  }
}

function paramProblems(params: Record<string, unknown>, out: FieldError[]): void {
  for (const [name, value] of Object.entries(params)) {
    const problem = typeof value === 'string' ? unstorableTextProblem(value) : undefined;
    if (problem) out.push({ field: `path.${name}`, message: `path.${name} ${problem}` });
  }
}

interface Frame {
  value: object;
  depth: number;
  parent?: Frame;
  key?: string;
}

function fieldOf(frame: Frame | undefined, key?: string): string {
  const names = key === undefined ? [] : [printable(key)];
  for (let at = frame; at?.key !== undefined; at = at.parent) names.push(printable(at.key));
  return ['body', ...names.reverse()].join('.');
}

/** Walks a parsed body without recursion (a hostile body can nest thousands of levels) and without copying it. */
function bodyProblems(body: unknown, out: FieldError[]): void {
  const report = (field: string, problem: string) => out.push({ field, message: `${field} ${problem}` });
  if (typeof body === 'string') {
    const problem = unstorableTextProblem(body);
    if (problem) report('body', problem);
    return;
  }
  if (typeof body !== 'object' || body === null) return;
  const stack: Frame[] = [{ value: body, depth: 1 }];
  while (stack.length > 0 && out.length < MAX_REPORTED) {
    const frame = stack.pop()!;
    if (frame.depth > MAX_BODY_DEPTH) {
      report(fieldOf(frame), `is nested more than ${MAX_BODY_DEPTH} levels deep`);
      return;
    }
    const node = frame.value as Record<string, unknown>;
    const isArray = Array.isArray(node);
    // for…in: parsed JSON has no inherited enumerable keys, and it allocates no entry arrays
    for (const key in node) {
      const keyProblem = isArray ? undefined : unstorableTextProblem(key);
      if (keyProblem) report(fieldOf(frame, key), `(a field name) ${keyProblem}`);
      const value = node[key];
      if (typeof value === 'string') {
        const problem = unstorableTextProblem(value);
        if (problem) report(fieldOf(frame, key), problem);
      } else if (typeof value === 'object' && value !== null) {
        stack.push({ value, depth: frame.depth + 1, parent: frame, key });
      }
    }
  }
}

/** Every place in the request's query string, path parameters and body that PostgreSQL could not store. */
export function unstorableInput(request: Pick<Request, 'originalUrl' | 'params' | 'body'>): FieldError[] {
  const problems: FieldError[] = [];
  const queryStart = request.originalUrl.indexOf('?');
  if (queryStart >= 0) queryProblems(request.originalUrl.slice(queryStart + 1), problems);
  paramProblems(request.params ?? {}, problems);
  bodyProblems(request.body, problems);
  return problems.slice(0, MAX_REPORTED);
}

/**
 * Refuses, on every API route, text PostgreSQL cannot store: NUL and lone surrogates in the query string,
 * path parameters and JSON or form bodies (keys and values, at any depth), query escapes that are not UTF-8,
 * and bodies nested deeper than MAX_BODY_DEPTH. A guard, registered after authentication: a caller without
 * credentials learns nothing about its input, and nothing (idempotency records, pipes, handlers) sees it first.
 * Mission Control answers 422 naming each field; the panel 400.
 */
@Injectable()
export class StorableInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const panel = isPanelPath(request.path);
    if (!panel && !isMissionControlPath(request.path)) return true;
    const problems = unstorableInput(request);
    if (problems.length === 0) return true;
    throw panel ? new BadRequestException({ detail: problems[0].message }) : new FieldValidationException(problems, problems[0].message);
  }
}
