import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClientPath, parseName, WorkspacePaths } from './workspace-paths';
import { excludeMatcher, checkPatterns, sanitizeSettings, DEFAULT_WORKSPACE_SETTINGS } from './workspace-settings';
import { decodeText } from './workspace.service';

const statusOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as { getStatus(): number }).getStatus();
  }
};

describe('workspace paths', () => {
  it('splits clean relative paths and drops empty and "." names', () => {
    expect(parseClientPath(undefined)).toEqual([]);
    expect(parseClientPath('')).toEqual([]);
    expect(parseClientPath('a/b.txt')).toEqual(['a', 'b.txt']);
    expect(parseClientPath('./a//b/')).toEqual(['a', 'b']);
    expect(parseClientPath('C:notes.txt')).toEqual(['C:notes.txt']);
  });

  it.each([
    ['../etc/passwd', "'..'"],
    ['a/../../b', "'..'"],
    ['/etc/passwd', 'absolute'],
    ['C:/Windows', 'absolute'],
    ['..\\..\\etc', "'\\'"],
    ['a\0b', 'NUL'],
    ['a\nb', 'control'],
    ['x'.repeat(1025), 'too long'],
    [`${'y'.repeat(256)}/z`, 'longer than 255'],
    ['.clawpanel-upload-1.part', 'reserved'],
  ])('refuses %j (400, %s)', (raw, message) => {
    expect(() => parseClientPath(raw)).toThrow(expect.objectContaining({ message: expect.any(String) }));
    try {
      parseClientPath(raw);
    } catch (error) {
      expect((error as { getStatus(): number }).getStatus()).toBe(400);
      expect(JSON.stringify((error as { getResponse(): unknown }).getResponse())).toContain(message.replace(/\\/g, '\\\\'));
    }
  });

  it('refuses a path given twice in a query (an array)', () => {
    expect(() => parseClientPath(['a', 'b'])).toThrow();
  });

  it('takes only single names for new entries', () => {
    expect(parseName('report.md')).toBe('report.md');
    for (const bad of ['', ' ', '.', '..', 'a/b', 'a\\b', 'a\0', 'x'.repeat(256), 42]) expect(() => parseName(bad)).toThrow();
  });

  describe('against a real folder', () => {
    let base: string;
    let paths: WorkspacePaths;

    beforeAll(() => {
      base = mkdtempSync(join(tmpdir(), 'ws-paths-'));
      mkdirSync(join(base, 'root/inside'), { recursive: true });
      mkdirSync(join(base, 'outside'));
      writeFileSync(join(base, 'outside/secret.txt'), 'secret');
      writeFileSync(join(base, 'root/inside/a.txt'), 'a');
      symlinkSync(join(base, 'outside'), join(base, 'root/out'));
      symlinkSync(join(base, 'root/inside'), join(base, 'root/in'));
      paths = new WorkspacePaths(join(base, 'root'));
    });
    afterAll(() => rmSync(base, { recursive: true, force: true }));

    it('follows links that stay inside', async () => {
      expect((await paths.existing(['in', 'a.txt'])).real).toBe(join(base, 'root/inside/a.txt'));
    });

    it('refuses links that lead out, whether or not the target exists (403, never 404)', async () => {
      expect(await statusOf(paths.existing(['out', 'secret.txt']))).toBe(403);
      expect(await statusOf(paths.existing(['out', 'missing.txt']))).toBe(403);
      expect(await statusOf(paths.existing(['out', 'missing', 'deeper.txt']))).toBe(403);
      expect(await statusOf(paths.folder(['out']))).toBe(403);
      expect(await statusOf(paths.vacant(['out'], 'new'))).toBe(403);
    });

    it('answers 404 for what is missing inside, 409 for a taken name', async () => {
      expect(await statusOf(paths.existing(['inside', 'nope.txt']))).toBe(404);
      expect(await statusOf(paths.vacant(['inside'], 'a.txt'))).toBe(409);
      expect(await statusOf(paths.folder(['inside', 'a.txt']))).toBe(400);
    });

    it('addresses a link itself as an entry (to remove it) without following it', async () => {
      const entry = await paths.entry(['out']);
      expect(entry.stats.isSymbolicLink()).toBe(true);
      expect(await statusOf(paths.entry(['out', 'secret.txt']))).toBe(403);
      expect(await statusOf(paths.entry([]))).toBe(400);
    });
  });
});

describe('workspace exclude patterns and settings', () => {
  it('matches names at any depth without "/", paths from the root with it', () => {
    const excluded = excludeMatcher(['*.md', '.git', 'identity/*', 'logs/**', './keep/']);
    expect(['a.md', 'x/y/b.md', '.git', 'sub/.git', 'identity/x', 'logs/a/b.txt', 'keep'].every(excluded)).toBe(true);
    expect(['a.txt', 'identity/x/y', 'sub/identity/x', 'mdfile'].some(excluded)).toBe(false);
  });

  it('checks patterns and falls back to defaults for stored values out of bounds', () => {
    expect(checkPatterns(['*.md'])).toBeUndefined();
    expect(checkPatterns(['  '])).toContain('empty');
    expect(sanitizeSettings({ autoCleanDays: -3, maxUploadFiles: 5, excludePatterns: 'x' })).toEqual({
      ...DEFAULT_WORKSPACE_SETTINGS,
      maxUploadFiles: 5,
    });
  });
});

describe('text preview decoding', () => {
  it('keeps UTF-8 text, drops a character cut at the limit, refuses binary', () => {
    expect(decodeText(Buffer.from('héllo'), false)).toBe('héllo');
    const cut = Buffer.from('ab€').subarray(0, 3);
    expect(decodeText(cut, true)).toBe('ab');
    expect(decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]), false)).toBeUndefined();
    expect(decodeText(Buffer.from([0xff, 0xfe, 0x41]), false)).toBeUndefined();
  });
});
