import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

// The console's own unit tests (kanban moves and snap-back, language detection, messages, refusal reasons) run under Vitest in its
// workspace; this runs them as part of `npm test`.
describe('Console unit tests (Vitest, web/)', () => {
  it('pass', () => {
    const web = join(__dirname, '..', 'web');
    // wherever npm placed it (hoisted to the root or in web/node_modules)
    const vitest = join(dirname(require.resolve('vitest/package.json', { paths: [web] })), 'vitest.mjs');
    const result = spawnSync(process.execPath, [vitest, 'run', '--reporter=verbose'], {
      cwd: web,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 120_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) throw new Error(`vitest exited with ${result.status ?? result.signal}:\n${output}`);
    expect(output).toMatch(/Tests\s+\d+ passed/);
  });
});
