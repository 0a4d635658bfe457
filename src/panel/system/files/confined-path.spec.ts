import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpException } from '@nestjs/common';
import { markdownPathSegments, resolveConfined } from './confined-path';

const statusOf = async (work: () => unknown) => {
  try {
    await work();
    return 200;
  } catch (error) {
    return error instanceof HttpException ? error.getStatus() : 500;
  }
};

describe('confined Markdown paths', () => {
  let base: string;
  let root: string;

  beforeAll(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'confined-')));
    root = join(base, 'root');
    mkdirSync(join(root, 'docs'), { recursive: true });
    mkdirSync(join(base, 'elsewhere'));
    writeFileSync(join(root, 'docs', 'a.md'), 'a');
    symlinkSync(join(root, 'docs'), join(root, 'alias'));
    symlinkSync(join(base, 'elsewhere'), join(root, 'out'));
    symlinkSync(join(root, 'docs', 'a.md'), join(root, 'link.md'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('splits a relative path and refuses the malformed (422) and the escaping (403)', async () => {
    expect(markdownPathSegments('docs//./a.md')).toEqual(['docs', 'a.md']);
    expect(await statusOf(() => markdownPathSegments('../a.md'))).toBe(403);
    expect(await statusOf(() => markdownPathSegments('docs/.git/a.md'))).toBe(403);
    for (const bad of ['', '/a.md', 'C:\\a.md', 'a\\b.md', 'a\0.md', 'a.txt', '.', 42]) expect(await statusOf(() => markdownPathSegments(bad))).toBe(422);
  });

  it('follows symbolic links only while they stay inside, and never writes through one', async () => {
    expect(await resolveConfined(root, ['docs', 'a.md'])).toEqual({ path: join(root, 'docs', 'a.md'), exists: true });
    expect(await resolveConfined(root, ['alias', 'new.md'])).toEqual({ path: join(root, 'docs', 'new.md'), exists: false });
    expect(await statusOf(() => resolveConfined(root, ['out', 'x.md']))).toBe(403);
    expect(await statusOf(() => resolveConfined(root, ['link.md']))).toBe(403);
    expect(await statusOf(() => resolveConfined(root, ['nowhere', 'x.md']))).toBe(404);
    expect(await statusOf(() => resolveConfined(root, ['docs', 'a.md', 'x.md']))).toBe(422);
  });
});
