import { createHash } from 'node:crypto';
import { strToU8, zipSync, Zippable } from 'fflate';

export interface SkillArchive {
  bytes: Uint8Array;
  sha256: string;
}

/** A zip with the given files at its root; the gateway installs archives whose root holds SKILL.md. */
export function buildSkillArchive(files: Record<string, string | Uint8Array>): SkillArchive {
  if (!Object.hasOwn(files, 'SKILL.md')) throw new Error('a skill archive needs a SKILL.md');
  const entries: Zippable = {};
  for (const [name, content] of Object.entries(files)) {
    if (!isSafeEntryName(name)) throw new Error(`unsafe file name in a skill archive: ${name}`);
    entries[name] = typeof content === 'string' ? strToU8(content) : content;
  }
  // a fixed date keeps the archive (and its hash) the same for the same files
  const bytes = zipSync(entries, { level: 6, mtime: new Date('2020-01-01T00:00:00Z') });
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function isSafeEntryName(name: string): boolean {
  if (!name || name.startsWith('/') || name.includes('\\') || name.includes('\0')) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
