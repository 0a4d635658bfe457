import { JsonHttpFake } from './json-http-fake';

export interface FakeClawHubSkill {
  slug: string;
  displayName?: string;
  summary?: string;
  version?: string;
  downloads?: number;
}

/**
 * ClawHub's public read API as its docs describe it (`GET /api/v1/skills?sort&limit&cursor` →
 * `{items: [{slug, displayName, summary, tags, stats, createdAt, updatedAt, latestVersion}], nextCursor}`),
 * paginated with an opaque cursor; `status` makes it answer an HTTP error instead (e.g. 429).
 */
export class FakeClawHub extends JsonHttpFake {
  skills: FakeClawHubSkill[] = [];
  status = 200;

  constructor() {
    super((_request, url) => {
      if (url.pathname !== '/api/v1/skills') return { status: 404, body: 'Not found' };
      if (this.status !== 200) return { status: this.status, body: 'Rate limit exceeded', headers: { 'retry-after': '34' } };
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), 200);
      const start = Number(url.searchParams.get('cursor')?.replace('c-', '') ?? 0);
      const page = this.skills.slice(start, start + limit);
      const next = start + limit < this.skills.length ? `c-${start + limit}` : null;
      return {
        status: 200,
        body: {
          items: page.map((skill) => ({
            slug: skill.slug,
            displayName: skill.displayName ?? skill.slug,
            summary: skill.summary ?? '',
            tags: { latest: skill.version ?? '1.0.0' },
            stats: { downloads: skill.downloads ?? 0, stars: 1 },
            createdAt: 1_730_000_000_000,
            updatedAt: 1_730_000_000_000,
            latestVersion: { version: skill.version ?? '1.0.0', createdAt: 1_730_000_000_000, changelog: '' },
            metadata: null,
          })),
          nextCursor: next,
        },
      };
    });
  }

  static async start(skills: FakeClawHubSkill[] = []): Promise<FakeClawHub> {
    const fake = new FakeClawHub();
    fake.skills = skills;
    await fake.start();
    return fake;
  }
}
