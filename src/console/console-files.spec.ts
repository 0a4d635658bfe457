import { isClientRoute, isConsolePath } from './console-files';

describe('console paths', () => {
  it('leaves the service its own paths', () => {
    for (const path of ['/api', '/api/v1/boards', '/api/status', '/docs', '/docs-json', '/docs/swagger-ui.css', '/ws/board/x/sync', '/health', '/healthz']) {
      expect(isConsolePath(path)).toBe(false);
    }
  });
  it('takes everything else, including names that only start like a service path', () => {
    for (const path of ['/', '/boards', '/boards/x', '/assets/index-abc.js', '/apis', '/documents', '/wsx', '/healthy']) {
      expect(isConsolePath(path)).toBe(true);
    }
  });
  it('answers index.html for client routes only, not for missing files', () => {
    expect(isClientRoute('/')).toBe(true);
    expect(isClientRoute('/boards/6f1c5b1e-0000-4000-8000-000000000000')).toBe(true);
    expect(isClientRoute('/assets/missing.js')).toBe(false);
    expect(isClientRoute('/favicon.ico')).toBe(false);
  });
});
