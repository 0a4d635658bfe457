import { parseSkillFrontMatter } from './skills.service';

describe('SKILL.md front matter', () => {
  it('reads name, description, version and metadata (YAML or a JSON string)', () => {
    expect(parseSkillFrontMatter('---\nname: gh\ndescription: "GitHub CLI"\nversion: 1.2\nmetadata: {"openclaw": {"requires": {"bins": ["gh"]}}}\n---\n# gh\n')).toEqual({
      name: 'gh',
      description: 'GitHub CLI',
      version: '1.2',
      metadata: { openclaw: { requires: { bins: ['gh'] } } },
    });
    expect(parseSkillFrontMatter("---\r\nname: x\r\nmetadata: '{\"a\": 1}'\r\n---\r\n").metadata).toEqual({ a: 1 });
  });

  it('gives nothing for a file without front matter or with broken YAML', () => {
    expect(parseSkillFrontMatter('# no front matter')).toEqual({});
    expect(parseSkillFrontMatter('---\nname: [oops\n---\n')).toEqual({});
    expect(parseSkillFrontMatter('---\n- a list\n---\n')).toEqual({});
  });
});
