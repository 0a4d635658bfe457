import { gzipSync } from 'node:zlib';

/**
 * Turns the output of `openclaw config schema` (the JSON schema OpenClaw itself validates `openclaw.json` with)
 * into what the panel ships: the same constraints without prose (titles, descriptions, examples), nested
 * `$schema` markers removed, and an `$id` on every embedded plugin schema that keeps its own `$defs`, so that
 * its local `#/$defs/...` references resolve where they were written.
 *
 * The end-to-end suite regenerates it from the real package and fails when the shipped copy differs.
 */
const PROSE = new Set(['title', 'description', 'examples', '$comment', 'markdownDescription', 'deprecationMessage']);
/** Keywords whose object values map names to subschemas (their keys are data, never keywords). */
const SCHEMA_MAPS = new Set(['properties', 'definitions', '$defs', 'patternProperties']);

export function prepareOpenClawSchema(raw: unknown): Record<string, unknown> {
  return walk(raw, undefined, '') as Record<string, unknown>;
}

function walk(node: unknown, parentKey: string | undefined, path: string): unknown {
  if (Array.isArray(node)) return node.map((item, index) => walk(item, undefined, `${path}/${index}`));
  if (!node || typeof node !== 'object') return node;
  const isMap = parentKey !== undefined && SCHEMA_MAPS.has(parentKey);
  const out: Record<string, unknown> = {};
  if (!isMap && path !== '' && Object.hasOwn(node, '$defs')) out.$id = `urn:openclaw-config:${path.slice(1)}`;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (!isMap && PROSE.has(key) && typeof value === 'string') continue;
    if (!isMap && key === '$schema' && path !== '') continue;
    out[key] = walk(value, isMap ? undefined : key, `${path}/${key}`);
  }
  return out;
}

/**
 * The TypeScript module that carries the prepared schema: one JSON string, gzipped and base64-encoded (about a
 * tenth of the size, cheap to compile), decoded once when the module loads.
 */
export function renderSchemaModule(openclawVersion: string, prepared: Record<string, unknown>): string {
  const packed = gzipSync(JSON.stringify(prepared), { level: 9 }).toString('base64');
  return [
    `// Generated from \`openclaw config schema\` of openclaw@${openclawVersion} by prepareOpenClawSchema (./prepare-schema.ts).`,
    '// Do not edit. Regenerate with: UPDATE_OPENCLAW_SCHEMA=1 npx jest -c test/jest.config.js test/panel-openclaw-config.e2e-spec.ts --selectProjects e2e',
    "import { gunzipSync } from 'node:zlib';",
    '',
    `export const OPENCLAW_SCHEMA_VERSION = '${openclawVersion}';`,
    `export const OPENCLAW_CONFIG_SCHEMA_JSON: string = gunzipSync(Buffer.from('${packed}', 'base64')).toString('utf8');`,
    '',
  ].join('\n');
}
