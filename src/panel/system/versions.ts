/** A version number somewhere in a program's `--version` output (`OpenClaw 2026.9.6 (eb377ac)` → `2026.9.6`). */
export function extractVersion(text: string): string | undefined {
  return /\bv?(\d+\.\d+(?:\.\d+)*(?:-[0-9A-Za-z.-]+)?)\b/.exec(text)?.[1];
}

interface Parsed {
  numbers: number[];
  prerelease?: string;
}

function parse(version: string): Parsed | undefined {
  const match = /^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(version.trim());
  if (!match) return undefined;
  return { numbers: match[1].split('.').map(Number), prerelease: match[2] };
}

/**
 * Orders two versions (semver and OpenClaw's calendar versions such as `2026.9.6`, `2026.9.7-beta.1`):
 * negative when a < b, 0 when equal, positive when a > b; undefined when either is not a version.
 */
export function compareVersions(a: string, b: string): number | undefined {
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return undefined;
  const length = Math.max(left.numbers.length, right.numbers.length);
  for (let index = 0; index < length; index++) {
    const difference = (left.numbers[index] ?? 0) - (right.numbers[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  if (left.prerelease === right.prerelease) return 0;
  if (left.prerelease === undefined) return 1;
  if (right.prerelease === undefined) return -1;
  return comparePrerelease(left.prerelease, right.prerelease);
}

function comparePrerelease(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    if (left[index] === undefined) return -1;
    if (right[index] === undefined) return 1;
    const numeric = /^\d+$/.test(left[index]) && /^\d+$/.test(right[index]);
    const difference = numeric ? Number(left[index]) - Number(right[index]) : left[index].localeCompare(right[index]);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}
