const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** A one-line YAML scalar: plain when that is unambiguous, else double-quoted (JSON strings are valid YAML). */
function yamlScalar(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const plain = /^[A-Za-z0-9(][^:#"'`{}[\]|>&*!%@]*$/.test(line) && !line.endsWith(' ');
  return plain ? line : JSON.stringify(line);
}

/**
 * The SKILL.md a gateway receives: front matter whose `name` is the slug (the skill key) and which has a
 * `description` (the catalogue's, or the skill name) when the stored content has none.
 */
type SkillSource = { slug: string; name: string; description: string | null; content: string | null };

const catalogueDescription = (skill: SkillSource) => (skill.description?.trim() || skill.name).replace(/\s+/g, ' ').trim();

/** The description a gateway will report for this SKILL.md, when it is ours (not one written in the content's front matter). */
export function generatedDescription(skill: SkillSource): string | undefined {
  const match = FRONT_MATTER.exec(skill.content ?? '');
  if (match && match[1].split(/\r?\n/).some((line) => /^description\s*:/.test(line))) return undefined;
  return catalogueDescription(skill);
}

export function skillMarkdown(skill: SkillSource): string {
  const description = yamlScalar(catalogueDescription(skill));
  const content = skill.content ?? '';
  const match = FRONT_MATTER.exec(content);
  if (!match) return `---\nname: ${skill.slug}\ndescription: ${description}\n---\n\n${content}`;
  const lines = match[1].split(/\r?\n/).filter((line) => !/^name\s*:/.test(line));
  const hasDescription = lines.some((line) => /^description\s*:/.test(line));
  const header = [`name: ${skill.slug}`, ...(hasDescription ? [] : [`description: ${description}`]), ...lines];
  return `---\n${header.join('\n')}\n---\n${content.slice(match[0].length)}`;
}
