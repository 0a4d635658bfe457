import { JsonHttpFake } from './json-http-fake';

/** The npm registry's `GET /<package>/latest` (the manifest of the `latest` dist-tag), for the packages it knows. */
export class FakeNpmRegistry extends JsonHttpFake {
  readonly latest = new Map<string, string>();

  constructor() {
    super((_request, url) => {
      const match = /^\/((?:@[^/]+\/)?[^/]+)\/latest$/.exec(decodeURIComponent(url.pathname));
      const version = match ? this.latest.get(match[1]) : undefined;
      if (!match || !version) return { status: 404, body: { error: 'Not found' } };
      return { status: 200, body: { name: match[1], version, dist: { tarball: `${this.url}/${match[1]}/-/${match[1]}-${version}.tgz` } } };
    });
  }

  static async start(latest: Record<string, string> = {}): Promise<FakeNpmRegistry> {
    const fake = new FakeNpmRegistry();
    for (const [name, version] of Object.entries(latest)) fake.latest.set(name, version);
    await fake.start();
    return fake;
  }
}
