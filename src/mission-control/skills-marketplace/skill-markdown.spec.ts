import { fileMapProblem, unsafePathReason } from './dto/text-validators';
import { generatedDescription, skillMarkdown } from './skill-markdown';

describe('SKILL.md front matter sent to a gateway', () => {
  const skill = { slug: 'release-notes', name: 'Release notes', description: 'Writes release notes' as string | null };

  it('is added when the content has none', () => {
    expect(skillMarkdown({ ...skill, content: '# Body\n' })).toBe('---\nname: release-notes\ndescription: Writes release notes\n---\n\n# Body\n');
    expect(skillMarkdown({ ...skill, description: null, content: 'x' })).toMatch(/^---\nname: release-notes\ndescription: Release notes\n---\n/);
    expect(skillMarkdown({ ...skill, description: 'Use when: the "tag" moves', content: 'x' })).toMatch(/^---\nname: release-notes\ndescription: "Use when: the \\"tag\\" moves"\n---\n/);
  });

  it('keeps existing front matter but makes the slug its name', () => {
    const content = '---\nname: Something Else\ndescription: Own words\nmetadata: {"x": 1}\n---\n# Body\n';
    expect(skillMarkdown({ ...skill, content })).toBe('---\nname: release-notes\ndescription: Own words\nmetadata: {"x": 1}\n---\n# Body\n');
    expect(skillMarkdown({ ...skill, content: '---\nhomepage: https://x\n---\nBody' })).toBe(
      '---\nname: release-notes\ndescription: Writes release notes\nhomepage: https://x\n---\nBody',
    );
  });

  it('knows the description a gateway will report, unless the content writes its own', () => {
    expect(generatedDescription({ ...skill, content: '# Body' })).toBe('Writes release notes');
    expect(generatedDescription({ ...skill, description: '  Two\n lines ', content: null })).toBe('Two lines');
    expect(generatedDescription({ ...skill, description: null, content: '---\nhomepage: x\n---\n' })).toBe('Release notes');
    expect(generatedDescription({ ...skill, content: '---\ndescription: Own words\n---\nBody' })).toBeUndefined();
  });
});

describe('file paths a client sends with a skill bundle', () => {
  it.each(['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b', 'nul\u0000', 'a//b', './a', 'a/./b', ''])('refuses %j', (path) => {
    expect(unsafePathReason(path)).toEqual(expect.any(String));
  });

  it('refuses a path longer than 255 characters', () => {
    expect(unsafePathReason('x'.repeat(255))).toBeUndefined();
    expect(unsafePathReason('x'.repeat(256))).toMatch(/255/);
  });

  it.each(['a.md', 'scripts/run.sh', '.hidden/x', 'docs/v1..2.md', '数据/说明.md'])('accepts %j', (path) => {
    expect(unsafePathReason(path)).toBeUndefined();
  });

  it('limits the number and size of files and keeps SKILL.md for the content field', () => {
    const limits = { maxFiles: 2, maxFileBytes: 10, maxTotalBytes: 15, reserved: ['SKILL.md'] };
    expect(fileMapProblem({ 'a.md': 'x', 'b.md': 'y' }, limits)).toBeUndefined();
    expect(fileMapProblem({ 'a.md': 'x', 'b.md': 'y', 'c.md': 'z' }, limits)).toMatch(/at most 2 files/);
    expect(fileMapProblem({ 'a.md': 'x'.repeat(11) }, limits)).toMatch(/larger than/);
    expect(fileMapProblem({ 'a.md': 'x'.repeat(8), 'b.md': 'y'.repeat(8) }, limits)).toMatch(/add up/);
    expect(fileMapProblem({ 'skill.MD': 'x' }, limits)).toMatch(/reserved/);
    expect(fileMapProblem({ 'a.md': 1 }, limits)).toMatch(/must be text/);
    expect(fileMapProblem(['a.md'], limits)).toMatch(/must be an object/);
  });
});
