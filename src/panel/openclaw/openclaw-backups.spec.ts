import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupFolder, parseBackupName } from './openclaw-backups';

describe('backup names', () => {
  it.each([
    ['openclaw-2026-01-02T03-04-05-678Z.json', { prefix: 'openclaw', folder: false, time: '2026-01-02T03:04:05.678Z' }],
    ['cron-jobs-2026-01-02T03-04-05-678Z.json', { prefix: 'cron-jobs', folder: false }],
    ['pre-restore-2026-01-02T03-04-05-678Z.json', { prefix: 'pre-restore', folder: false }],
    ['backup-2026-01-02T03-04-05-678Z', { prefix: 'backup', folder: true }],
    ['backup-2026-01-02T03-04-05-678Z-3', { prefix: 'backup', folder: true, order: 3 }],
    ['pre-restore-2026-01-02T03-04-05-678Z', { prefix: 'pre-restore', folder: true }],
  ])('%s is a backup name', (name, expected) => expect(parseBackupName(name)).toMatchObject(expected));

  it.each([
    '../openclaw.json',
    'openclaw.json',
    'backup-2026-01-02T03-04-05-678Z.json',
    'openclaw-2026-01-02T03-04-05-678Z',
    'openclaw-2026-01-02T03-04-05-678Z.json/../../etc/passwd',
    '/etc/passwd',
    'backup-2026-01-02T03-04-05-678Z\0',
    'backup-2026-13-45T03-04-05-678Z',
    'x/backup-2026-01-02T03-04-05-678Z',
  ])('%j is not', (name) => expect(parseBackupName(name)).toBeUndefined());
});

describe('BackupFolder', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'oc-backups-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the newest copies of each kind, lists newest first, and reads the bytes back', async () => {
    const folder = new BackupFolder(dir, 3);
    for (let i = 0; i < 5; i++) await folder.saveConfigCopy(Buffer.from(`v${i}`), new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
    const snapshot = await folder.saveSnapshot('backup', new Map([['openclaw.json', Buffer.from('{}')], ['cron/jobs.json', Buffer.from('[]')]]), new Date(Date.UTC(2026, 0, 1, 0, 1)));
    const list = await folder.list();
    expect(list.map((entry) => entry.name)).toEqual([
      snapshot.name,
      'openclaw-2026-01-01T00-00-04-000Z.json',
      'openclaw-2026-01-01T00-00-03-000Z.json',
      'openclaw-2026-01-01T00-00-02-000Z.json',
    ]);
    expect(list[0]).toEqual({ name: snapshot.name, kind: 'full', time: '2026-01-01T00:01:00.000Z', size: 4, files: ['openclaw.json', 'cron/jobs.json'] });
    expect((await folder.read('openclaw-2026-01-01T00-00-04-000Z.json'))?.files.get('openclaw.json')?.toString()).toBe('v4');
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('names a second backup in the same millisecond apart, and never follows a planted symlink', async () => {
    const folder = new BackupFolder(dir, 50);
    const now = new Date(Date.UTC(2026, 0, 1));
    const first = await folder.saveConfigCopy(Buffer.from('a'), now);
    const second = await folder.saveConfigCopy(Buffer.from('b'), now);
    expect(second.name).toBe(first.name.replace('.json', '-1.json'));
    const outside = join(dir, '..', `secret-${Date.now()}.txt`);
    writeFileSync(outside, 'secret');
    try {
      symlinkSync(outside, join(dir, 'openclaw-2026-02-01T00-00-00-000Z.json'));
      expect((await folder.list()).map((entry) => entry.name)).not.toContain('openclaw-2026-02-01T00-00-00-000Z.json');
      expect(await folder.read('openclaw-2026-02-01T00-00-00-000Z.json')).toBeUndefined();
      expect(readFileSync(outside, 'utf8')).toBe('secret');
    } finally {
      rmSync(outside, { force: true });
    }
  });
});
