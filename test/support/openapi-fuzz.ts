import { randomUUID } from 'node:crypto';
import fc from 'fast-check';

/** The parts of an OpenAPI 3 schema the generators read. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  example?: unknown;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}

interface RawOperation {
  security?: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
}

export interface Operation {
  method: string;
  /** The path template, e.g. `/api/v1/boards/{id}/memory`. */
  path: string;
  /** `METHOD path`, as failures are reported. */
  name: string;
  /** The schemes the document's lock names; empty for a public route. */
  schemes: string[];
  pathParams: Parameter[];
  queryParams: Parameter[];
  bodySchema?: Schema;
  bodyMediaType?: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => {
      const raw = item[method];
      const [bodyMediaType, media] = Object.entries(raw.requestBody?.content ?? {})[0] ?? [];
      return {
        method: method.toUpperCase(),
        path,
        name: `${method.toUpperCase()} ${path}`,
        schemes: [...new Set((raw.security ?? []).flatMap((requirement) => Object.keys(requirement)))],
        pathParams: (raw.parameters ?? []).filter((p) => p.in === 'path'),
        queryParams: (raw.parameters ?? []).filter((p) => p.in === 'query'),
        bodySchema: media?.schema,
        bodyMediaType,
      };
    }),
  );
}

/** Follows `$ref`s and folds `allOf` into one schema. */
export class SchemaResolver {
  constructor(private readonly schemas: Record<string, Schema>) {}

  resolve(schema: Schema | undefined, seen = 0): Schema {
    if (!schema || seen > 20) return {};
    if (schema.$ref) return this.resolve(this.schemas[schema.$ref.replace('#/components/schemas/', '')], seen + 1);
    if (!schema.allOf) return schema;
    const parts = schema.allOf.map((part) => this.resolve(part, seen + 1));
    const { allOf: _folded, ...own } = schema;
    return parts.reduce<Schema>(
      (merged, part) => ({
        ...part,
        ...merged,
        properties: { ...part.properties, ...merged.properties },
        required: [...(merged.required ?? []), ...(part.required ?? [])],
      }),
      own,
    );
  }
}

/** A JSON text spliced into a body as is (bodies nested deeper than JSON.stringify can go). */
export class RawJson {
  constructor(readonly text: string) {}
}

export function jsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => (item instanceof RawJson ? `\u0001raw${raws.push(item.text) - 1}\u0001` : item));
  return text === undefined ? '' : text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_match, index: string) => raws[Number(index)]);
}

/** A value with a description of what is wrong with it, for the failure report. */
export interface Hostile<T = unknown> {
  label: string;
  value: T;
}

const hostile = <T>(label: string, value: T): Hostile<T> => ({ label, value });
const constants = <T>(items: Array<Hostile<T>>) => fc.constantFrom(...items);

const nested = (depth: number) => new RawJson('['.repeat(depth) + '"leaf"' + ']'.repeat(depth));

const UNSTORABLE_TEXT = [
  hostile('NUL', '\u0000'),
  hostile('NUL inside', 'a\u0000b'),
  hostile('lone high surrogate', 'x\uD800'),
  hostile('lone low surrogate', '\uDFFFy'),
  hostile('reversed surrogate pair', '\uDE00\uD83D'),
];

const TRAVERSAL_TEXT = [
  hostile('traversal', '../../etc/passwd'),
  hostile('windows traversal', '..\\..\\windows\\win.ini'),
  hostile('absolute path', '/etc/passwd'),
  hostile('encoded traversal', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'),
  hostile('traversal with NUL', '../\u0000/etc/passwd'),
];

const ODD_TEXT = [
  hostile('empty string', ''),
  hostile('spaces', '   '),
  hostile('SQL', "' OR 1=1; DROP TABLE organizations; --"),
  hostile('HTML', '<script>alert(1)</script>'),
  hostile('template', '${process.env.JWT_SECRET}{{7*7}}'),
  hostile('prototype key', '__proto__'),
  hostile('RTL and zero width', '\u202Eabc\u200B'),
];

const HUGE_TEXT = [hostile('100k string', 'x'.repeat(100_000)), hostile('300k multibyte string', '数'.repeat(100_000))];

const DEEP = [hostile('nested 100 deep', nested(100)), hostile('nested 20000 deep', nested(20_000))];

const ANY_JSON_TYPE = [
  hostile('number', 0),
  hostile('negative number', -1),
  hostile('fraction', 1.5),
  hostile('true', true),
  hostile('false', false),
  hostile('string', 'text'),
  hostile('null', null),
  hostile('empty array', []),
  hostile('array', [1, 'two', null]),
  hostile('empty object', {}),
  hostile('object', { a: 1 }),
];

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Values of every JSON type the schema does not accept. */
function wrongTypes(schema: Schema): Array<Hostile> {
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  if (!type) return ANY_JSON_TYPE;
  const accepted = (value: unknown) => {
    const actual = jsonTypeOf(value);
    return actual === type || (type === 'number' && actual === 'integer') || (actual === 'null' && schema.nullable === true);
  };
  return ANY_JSON_TYPE.filter((candidate) => !accepted(candidate.value)).map((candidate) => hostile(`wrong type (${candidate.label})`, candidate.value));
}

function outOfRange(schema: Schema): Array<Hostile> {
  const values: Array<Hostile> = [];
  if (schema.type === 'number' || schema.type === 'integer') {
    values.push(hostile('1e308', 1e308), hostile('-1e308', -1e308), hostile('2^53 + 2', 2 ** 53 + 2), hostile('tiny fraction', 1e-12));
    if (schema.minimum !== undefined) values.push(hostile('below minimum', schema.minimum - 1));
    if (schema.maximum !== undefined) values.push(hostile('above maximum', schema.maximum + 1));
  }
  if (schema.type === 'string' && schema.maxLength !== undefined) values.push(hostile('longer than maxLength', 'y'.repeat(schema.maxLength + 1)));
  if (schema.type === 'string' && schema.minLength) values.push(hostile('shorter than minLength', 'y'.repeat(schema.minLength - 1)));
  if (schema.type === 'array') values.push(hostile('10000 items', Array.from({ length: 10_000 }, (_, i) => i)));
  if (schema.type === 'array' && schema.maxItems !== undefined) values.push(hostile('more than maxItems', Array.from({ length: schema.maxItems + 1 }, () => 'x')));
  return values;
}

function badFormats(schema: Schema): Array<Hostile> {
  if (schema.enum) return [hostile('not in enum', 'definitely-not-an-enum-value'), hostile('enum in capitals', String(schema.enum[0]).toUpperCase() + '_')];
  switch (schema.format) {
    case 'uuid':
      return [
        hostile('malformed uuid', 'not-a-uuid'),
        hostile('nil uuid', '00000000-0000-0000-0000-000000000000'),
        hostile('uuid with NUL', '6f1c0a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6\u0000'),
        hostile('braced uuid', '{6f1c0a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6}'),
      ];
    case 'date-time':
      return [hostile('not a date', 'yesterday'), hostile('impossible date', '2024-13-45T99:99:99Z'), hostile('year 0', '0000-01-01T00:00:00Z'), hostile('far future', '+275760-09-13T00:00:00.001Z')];
    case 'email':
      return [hostile('not an email', 'nobody'), hostile('email with NUL', 'a\u0000@example.com')];
    default:
      return [];
  }
}

function hostileValue(schema: Schema): fc.Arbitrary<Hostile> {
  const groups = [wrongTypes(schema), UNSTORABLE_TEXT, TRAVERSAL_TEXT, ODD_TEXT, HUGE_TEXT, DEEP, outOfRange(schema), badFormats(schema)].filter((group) => group.length > 0);
  return fc.oneof(...groups.map((group) => constants(group)));
}

/** Real values by field or parameter name: ids of rows the suite created (`board_id`, …), the callback secret. */
export type KnownValues = Record<string, string | undefined>;

function validString(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => schema.maxLength === undefined || text.length <= schema.maxLength);
    } catch {
      // a pattern JavaScript cannot compile: any string
    }
  }
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  const text = fc.string({ minLength: Math.min(schema.minLength ?? 0, maxLength), maxLength, unit: 'grapheme' });
  return typeof schema.example === 'string' ? fc.oneof(fc.constant(schema.example), text) : text;
}

/** A value the schema accepts (as far as the schema says), with real values where the suite has them. */
export function validValue(resolver: SchemaResolver, raw: Schema | undefined, name: string, known: KnownValues, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolver.resolve(raw);
  const real = known[name];
  if (real !== undefined && (schema.type === undefined || schema.type === 'string') && !schema.enum) return fc.constant(real);
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices?.length) return fc.oneof(...choices.map((choice) => validValue(resolver, choice, name, known, depth)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const value = ((): fc.Arbitrary<unknown> => {
    switch (schema.type ?? (schema.properties ? 'object' : undefined)) {
      case 'string':
        return validString(schema);
      case 'integer':
        return fc.integer({ min: Math.ceil(schema.minimum ?? -1000), max: Math.floor(schema.maximum ?? 1000) });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 3 ? fc.constant([]) : fc.array(validValue(resolver, schema.items, name, known, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
      case 'object': {
        if (depth > 3) return fc.constant({});
        const properties = schema.properties ?? {};
        const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, validValue(resolver, property, key, known, depth + 1)]));
        const record = fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
        if (!schema.additionalProperties || Object.keys(properties).length > 0) return record;
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable ? fc.option(value, { nil: null, freq: 8 }) : value;
}

interface Slot {
  path: string[];
  schema: Schema;
}

/** Every property a body can carry, nested objects and the first item of arrays included, up to a depth. */
function slotsOf(resolver: SchemaResolver, raw: Schema | undefined, prefix: string[] = [], depth = 0): Slot[] {
  const schema = resolver.resolve(raw);
  if (depth > 3) return [];
  if (schema.type === 'array' && schema.items) return slotsOf(resolver, schema.items, [...prefix, '0'], depth + 1);
  return Object.entries(schema.properties ?? {}).flatMap(([key, property]) => {
    const path = [...prefix, key];
    return [{ path, schema: resolver.resolve(property) }, ...slotsOf(resolver, property, path, depth + 1)];
  });
}

/** A copy of `target` (generated values may be shared between runs) with `value` at `path`. */
function setAt(target: unknown, path: string[], value: unknown): unknown {
  const root = typeof target === 'object' && target !== null ? structuredClone(target) : {};
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = /^\d+$/.test(key) ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
  return root;
}

const TOP_LEVEL: Hostile[] = [
  hostile('array body', []),
  hostile('array of objects body', [{}, {}]),
  hostile('null body', null),
  hostile('number body', 42),
  hostile('string body', 'text'),
  hostile('NUL string body', '\u0000'),
  hostile('boolean body', true),
  hostile('deeply nested array body', nested(50_000)),
];

const SPECIAL_KEYS: Array<Hostile<object>> = [
  hostile('__proto__ key', JSON.parse('{"__proto__": {"isAdmin": true, "polluted": true}}')),
  hostile('constructor key', { constructor: { prototype: { polluted: true } } }),
  hostile('NUL in a key', { 'a\u0000b': 1 }),
  hostile('lone surrogate in a key', { '\uD800': 1 }),
  hostile('unknown fields', { unknown_field: 'x', anotherOne: [1, 2] }),
  hostile('1000 keys', Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]))),
];

export interface BodyCase {
  label: string;
  /** As sent; undefined: no body. */
  body?: string | Buffer;
  contentType?: string;
}

const json = (label: string, value: unknown): BodyCase => ({ label, body: jsonText(value), contentType: 'application/json' });

/** A valid and a hostile arbitrary for one part of a request. */
export interface Cases<T> {
  valid: fc.Arbitrary<T>;
  hostile: fc.Arbitrary<T>;
}

/** Bodies: a valid one, or one with a single thing wrong anywhere in it, or of the wrong shape altogether. */
export function bodyCases(resolver: SchemaResolver, raw: Schema | undefined, known: KnownValues): Cases<BodyCase> {
  const value = validValue(resolver, raw ?? { type: 'object', additionalProperties: true }, 'body', known);
  const valid = raw ? value.map((body) => json('valid body', body)) : fc.constant<BodyCase>({ label: 'no body' });
  const slots = slotsOf(resolver, raw);
  const schema = resolver.resolve(raw);
  const required = (schema.required ?? []).filter((key) => schema.properties?.[key]);
  const attacks: Array<fc.Arbitrary<BodyCase>> = [
    constants(TOP_LEVEL).map(({ label, value: body }) => json(label, body)),
    // spread, not Object.assign: a "__proto__" key must stay a key, not become the prototype
    fc.tuple(value, constants(SPECIAL_KEYS)).map(([body, extra]) =>
      json(`body with ${extra.label}`, typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, ...extra.value } : extra.value),
    ),
  ];
  if (raw) attacks.push(fc.constant({ label: 'no body' }));
  if (slots.length > 0) {
    const slotAttack = fc.constantFrom(...slots).chain((slot) => hostileValue(slot.schema).map((bad) => ({ slot, bad })));
    attacks.push(
      fc.tuple(value, slotAttack).map(([body, { slot, bad }]) => json(`body.${slot.path.join('.')} = ${bad.label}`, setAt(body, slot.path, bad.value))),
    );
  }
  if (required.length > 0) {
    attacks.push(
      fc.tuple(value, fc.subarray(required, { minLength: 1 })).map(([body, missing]) =>
        json(`body without ${missing.join(', ')}`, Object.fromEntries(Object.entries(body as object).filter(([key]) => !missing.includes(key)))),
      ),
    );
  }
  return { valid, hostile: fc.oneof(...attacks) };
}

/** One part of a multipart/form-data body; a file part has a filename. */
export interface FormPart {
  name: string;
  value: string | Buffer;
  filename?: string | Buffer;
}

export function multipart(parts: FormPart[]): { body: Buffer; contentType: string } {
  const boundary = `----fuzz${randomUUID().replace(/-/g, '')}`;
  const chunks = parts.flatMap((part) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`),
    ...(part.filename === undefined ? [] : [Buffer.from('; filename="'), Buffer.from(part.filename), Buffer.from('"\r\nContent-Type: application/octet-stream')]),
    Buffer.from('\r\n\r\n'),
    Buffer.from(part.value),
    Buffer.from('\r\n'),
  ]);
  return { body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

const HOSTILE_FILENAMES: Array<Hostile<string | Buffer>> = [
  hostile('traversal filename', '../../../etc/passwd'),
  hostile('absolute filename', '/etc/passwd'),
  hostile('dot dot filename', '..'),
  hostile('dot filename', '.'),
  hostile('empty filename', ''),
  hostile('filename with a folder', 'a/b.txt'),
  hostile('backslash filename', '..\\..\\evil.txt'),
  hostile('NUL filename', 'a\u0000b.txt'),
  hostile('filename bytes that are not UTF-8', Buffer.from([0x61, 0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74])),
  hostile('5000-character filename', `${'f'.repeat(5000)}.txt`),
  hostile('control characters in filename', 'a\u0001\u001fb.txt'),
];

const isBinary = (schema: Schema) => schema.format === 'binary' || schema.items?.format === 'binary';

/** multipart/form-data bodies: valid parts, or one field, file name or file wrong, or JSON where a form belongs. */
export function formCases(resolver: SchemaResolver, raw: Schema | undefined, known: KnownValues): Cases<BodyCase> {
  const schema = resolver.resolve(raw);
  const properties = Object.entries(schema.properties ?? {}).map(([name, property]) => ({ name, schema: resolver.resolve(property) }));
  const required = new Set(schema.required ?? []);
  const partsOf = (name: string, property: Schema): fc.Arbitrary<FormPart[]> =>
    isBinary(property)
      ? fc.array(fc.record({ name: fc.constant(name), filename: fc.constantFrom('a.txt', 'notes.md', '中文.txt'), value: fc.string({ maxLength: 50 }) }), { minLength: 1, maxLength: 2 })
      : validValue(resolver, property, name, known).map((value) => [{ name, value: typeof value === 'string' ? value : JSON.stringify(value) ?? '' }]);
  const validParts = fc
    .tuple(...properties.map(({ name, schema: property }) => (required.has(name) ? partsOf(name, property) : fc.option(partsOf(name, property), { nil: undefined }))))
    .map((groups) => groups.flatMap((group) => group ?? []));
  const form = (label: string, parts: FormPart[]): BodyCase => ({ label, ...multipart(parts) });
  const fields = properties.filter(({ schema: property }) => !isBinary(property)).map(({ name }) => name);
  const files = properties.filter(({ schema: property }) => isBinary(property)).map(({ name }) => name);
  const fieldText = fc.oneof(constants([...UNSTORABLE_TEXT, ...TRAVERSAL_TEXT, ...ODD_TEXT, ...HUGE_TEXT]), constants([hostile('bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x00]))]));
  const attacks: Array<fc.Arbitrary<BodyCase>> = [
    constants(TOP_LEVEL).map(({ label, value }) => json(`JSON instead of a form: ${label}`, value)),
    validParts.map((parts) => form('form with an unknown field', [...parts, { name: 'unknown_field', value: 'x' }])),
    fc.constant(form('empty form', [])),
  ];
  if (fields.length > 0) {
    attacks.push(
      fc.tuple(validParts, fc.constantFrom(...fields), fieldText).map(([parts, name, bad]) =>
        form(`form field ${name} = ${bad.label}`, [...parts.filter((part) => part.name !== name), { name, value: bad.value }]),
      ),
    );
  }
  if (files.length > 0) {
    attacks.push(
      fc.tuple(fc.constantFrom(...files), constants(HOSTILE_FILENAMES)).map(([name, bad]) => form(`file part ${name} with ${bad.label}`, [{ name, filename: bad.value, value: 'x' }])),
      fc.constantFrom(...files).map((name) => form(`200 ${name} parts`, Array.from({ length: 200 }, (_, i) => ({ name, filename: `f${i}.txt`, value: 'x' })))),
      fc.constantFrom(...files).map((name) => form(`${name} part without a filename`, [{ name, value: 'x' }])),
    );
  }
  if (required.size > 0) attacks.push(validParts.map((parts) => form('form without its required parts', parts.filter((part) => !required.has(part.name)))));
  return { valid: validParts.map((parts) => form('valid form', parts)), hostile: fc.oneof(...attacks) };
}

const isSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;

/** Percent-encodes text for a URL; a lone surrogate (which encodeURIComponent refuses) goes as its CESU-8 bytes. */
export function encodeText(text: string): string {
  let encoded = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      encoded += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (isSurrogate(unit)) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16)}`).join('');
    } else {
      encoded += encodeURIComponent(text[i]);
    }
  }
  return encoded;
}

/** Raw (already encoded) URL texts: bytes PostgreSQL refuses (NUL, not UTF-8) and escapes that do not decode. */
const UNDECODABLE_URL_TEXT = [
  hostile('%00', '%00'),
  hostile('NUL inside', 'a%00b'),
  hostile('%00%ff', '%00%ff'),
  hostile('%ff (not UTF-8)', '%ff'),
  hostile('overlong UTF-8', '%c0%af'),
  hostile('CESU surrogate', '%ed%a0%80'),
  hostile('truncated UTF-8', '%e4%b8'),
  hostile('malformed escape', '%e0%a4%a'),
  hostile('bare percent', '%'),
  hostile('not hex escape', '%zz'),
];

/** Raw URL texts no server should trust in other ways: traversal, odd numbers, odd names. */
const HOSTILE_URL_TEXT = [
  hostile('encoded traversal', '%2e%2e%2f%2e%2e%2fetc%2fpasswd'),
  hostile('traversal with encoded slashes', '..%2F..%2Fetc%2Fpasswd'),
  hostile('encoded dot dot', '%2e%2e'),
  hostile('dot dot', '..'),
  hostile('dot', '.'),
  hostile('encoded slash', 'a%2Fb'),
  hostile('backslash traversal', '..%5C..%5Cwindows'),
  // long, yet (repeated) under Node's 16 KiB limit of a request head, past which Node itself answers 431
  hostile('5000 characters', 'x'.repeat(5000)),
  hostile('space', '%20'),
  hostile('plus', '+'),
  hostile('prototype', '__proto__'),
  hostile('constructor', 'constructor'),
  hostile('not a uuid', 'not-a-uuid'),
  hostile('nil uuid', '00000000-0000-0000-0000-000000000000'),
  hostile('number', '0'),
  hostile('negative', '-1'),
  hostile('huge number', '99999999999999999999999'),
  hostile('1e309', '1e309'),
  hostile('NaN', 'NaN'),
  hostile('fraction', '1.5'),
  hostile('empty', ''),
  hostile('JSON', encodeURIComponent('{"$ne":null}')),
];

const urlText = fc.oneof(
  { weight: 2, arbitrary: constants(UNDECODABLE_URL_TEXT) },
  { weight: 2, arbitrary: constants(HOSTILE_URL_TEXT) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }).map((text) => hostile(`random text ${JSON.stringify(text)}`, encodeText(text))) },
);

/** True when Express cannot percent-decode it (its router answers 400 before any route or guard runs). */
export function isUndecodable(raw: string): boolean {
  try {
    decodeURIComponent(raw);
    return false;
  } catch {
    return true;
  }
}

export interface PathCase {
  label: string;
  path: string;
  /** A parameter Express cannot decode: refused while routing, before any lock. */
  undecodable: boolean;
}

/** Paths with real values (`known`, else random UUIDs), or with one parameter hostile. */
export function pathCases(operation: Operation, known: Record<string, string | undefined>): Cases<PathCase> {
  const names = operation.pathParams.map((p) => p.name);
  const fill = (randomIds: string[], overrides: Record<string, string> = {}) =>
    operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => overrides[name] ?? encodeURIComponent(known[name] ?? randomIds[names.indexOf(name)]));
  const randomIds = fc.tuple(...names.map(() => fc.uuid()));
  const valid = randomIds.map((ids) => ({ label: 'real path values', path: fill(ids), undecodable: false }));
  if (names.length === 0) return { valid, hostile: valid };
  // an empty segment would name another route (or none), not this one's parameter
  const attacked = fc.tuple(randomIds, fc.constantFrom(...names), urlText.filter((bad) => bad.value !== '')).map(([ids, name, bad]) => ({
    label: `path.${name} = ${bad.label}`,
    path: fill(ids, { [name]: bad.value }),
    undecodable: isUndecodable(bad.value),
  }));
  const unknownId = fc.tuple(randomIds, fc.constantFrom(...names), fc.uuid()).map(([ids, name, id]) => ({
    label: `path.${name} = random uuid`,
    path: fill(ids, { [name]: id }),
    undecodable: false,
  }));
  return { valid, hostile: fc.oneof({ weight: 1, arbitrary: unknownId }, { weight: 4, arbitrary: attacked }) };
}

export interface QueryCase {
  label: string;
  /** `?…` or ''. */
  query: string;
}

/** Valid values for some documented query parameters, or one parameter (documented or not) hostile. */
export function queryCases(resolver: SchemaResolver, operation: Operation, known: KnownValues): Cases<QueryCase> {
  const params = operation.queryParams;
  const validPairs = fc
    .tuple(...params.map((param) => fc.option(validValue(resolver, param.schema, param.name, known), { nil: undefined, freq: 2 })))
    .map((values) => values.flatMap((value, index) => (value === undefined ? [] : [`${params[index].name}=${encodeText(typeof value === 'string' ? value : JSON.stringify(value))}`])));
  const asQuery = (pairs: string[]) => (pairs.length > 0 ? `?${pairs.join('&')}` : '');
  const names = [...params.map((p) => p.name), 'unknown_param'];
  const shapes = [
    (name: string, value: string) => hostile('', `${name}=${value}`),
    (name: string, value: string) => hostile(' (repeated)', `${name}=${value}&${name}=${value}`),
    (name: string, value: string) => hostile(' (as name[x])', `${name}%5Bx%5D=${value}`),
    (name: string, value: string) => hostile(' (as the name)', `${value}=${name}`),
  ];
  const hostileQuery = fc.tuple(validPairs, fc.constantFrom(...names), urlText, fc.constantFrom(...shapes)).map(([pairs, name, bad, shape]) => {
    const pair = shape(name, bad.value);
    return { label: `query.${name} = ${bad.label}${pair.label}`, query: asQuery([...pairs.filter((p) => !p.startsWith(`${name}=`)), pair.value]) };
  });
  return { valid: validPairs.map((pairs) => ({ label: 'valid query', query: asQuery(pairs) })), hostile: hostileQuery };
}
