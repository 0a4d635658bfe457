import { createHash, randomBytes } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { backoffDelay } from './backoff';
import { GatewayCaller } from './gateway-caller';
import { installSkillArchive, UPLOAD_CHUNK_BYTES } from './gateway-operations';
import { buildSkillArchive } from './skill-archive';

interface Recorded {
  method: string;
  params: Record<string, unknown>;
}

/** Records every call and answers like the gateway does for the upload methods. */
function recordingCaller(): GatewayCaller & { calls: Recorded[] } {
  const calls: Recorded[] = [];
  return {
    calls,
    async call<T>(method: string, params: object = {}): Promise<T> {
      calls.push({ method, params: params as Record<string, unknown> });
      const answers: Record<string, unknown> = {
        'skills.upload.begin': { uploadId: 'up-1' },
        'skills.upload.chunk': { ok: true },
        'skills.upload.commit': { ok: true },
        'skills.install': { ok: true, message: 'Installed demo', slug: 'demo' },
      };
      return answers[method] as T;
    },
  };
}

const SKILL_MD = '---\nname: demo\ndescription: A demo skill.\n---\n# Demo\n';

describe('installSkillArchive', () => {
  it('uploads a zip with SKILL.md at its root in chunks under 256 KiB of base64, then installs it', async () => {
    const caller = recordingCaller();
    const big = randomBytes(UPLOAD_CHUNK_BYTES * 2 + 1000);

    const result = await installSkillArchive(caller, { slug: 'demo', files: { 'SKILL.md': SKILL_MD, 'assets/blob.bin': big }, agentId: 'ops' });

    expect(result).toMatchObject({ ok: true, slug: 'demo' });
    const methods = caller.calls.map((call) => call.method);
    expect(methods).toEqual(['skills.upload.begin', 'skills.upload.chunk', 'skills.upload.chunk', 'skills.upload.chunk', 'skills.upload.commit', 'skills.install']);

    const chunks = caller.calls.filter((call) => call.method === 'skills.upload.chunk');
    const parts = chunks.map((chunk) => Buffer.from(chunk.params.dataBase64 as string, 'base64'));
    chunks.forEach((chunk) => expect((chunk.params.dataBase64 as string).length).toBeLessThanOrEqual(256 * 1024));
    expect(chunks.map((chunk) => chunk.params.offset)).toEqual([0, parts[0].length, parts[0].length + parts[1].length]);

    const archive = Buffer.concat(parts);
    const sha256 = createHash('sha256').update(archive).digest('hex');
    expect(caller.calls[0].params).toEqual({ kind: 'skill-archive', slug: 'demo', sizeBytes: archive.length, sha256 });
    expect(caller.calls[4].params).toEqual({ uploadId: 'up-1', sha256 });
    expect(caller.calls[5].params).toEqual({ source: 'upload', uploadId: 'up-1', slug: 'demo', agentId: 'ops' });

    const unzipped = unzipSync(archive);
    expect(Object.keys(unzipped).sort()).toEqual(['SKILL.md', 'assets/blob.bin']);
    expect(strFromU8(unzipped['SKILL.md'])).toBe(SKILL_MD);
    expect(Buffer.from(unzipped['assets/blob.bin']).equals(big)).toBe(true);
  });

  it('passes force to both the upload and the install', async () => {
    const caller = recordingCaller();
    await installSkillArchive(caller, { slug: 'demo', files: { 'SKILL.md': SKILL_MD }, force: true });
    expect(caller.calls[0].params.force).toBe(true);
    expect(caller.calls.at(-1)!.params.force).toBe(true);
  });
});

describe('buildSkillArchive', () => {
  it('needs a SKILL.md', () => {
    expect(() => buildSkillArchive({ 'README.md': 'x' })).toThrow(/SKILL\.md/);
  });

  it.each(['../escape.md', '/abs.md', 'a/../../b.md', 'dir\\file.md', 'a//b.md'])('refuses the unsafe name %s', (name) => {
    expect(() => buildSkillArchive({ 'SKILL.md': SKILL_MD, [name]: 'x' })).toThrow(/unsafe/);
  });

  it('builds the same bytes for the same files', () => {
    expect(buildSkillArchive({ 'SKILL.md': SKILL_MD }).sha256).toBe(buildSkillArchive({ 'SKILL.md': SKILL_MD }).sha256);
  });
});

describe('backoffDelay', () => {
  it('doubles from the minimum up to the maximum, with jitter in the upper half', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(0, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelay(20, 100, 10_000, () => 0.999)).toBeLessThanOrEqual(10_000);
    expect(backoffDelay(20, 100, 10_000, () => 0)).toBe(5_000);
  });
});
