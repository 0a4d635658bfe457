// Jest runs CommonJS; NestJS 12 and a few dependencies ship only ES modules, so those packages are
// compiled to CommonJS by SWC like our own TypeScript. The list is read from node_modules, not kept by hand.
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const modules = join(root, 'node_modules');

function esmPackages() {
  const names = [];
  for (const entry of readdirSync(modules)) {
    const dirs = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of dirs) {
      try {
        if (JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')).type === 'module') names.push(name);
      } catch {
        // not a package folder
      }
    }
  }
  return names;
}

// CommonJS builds that still load parts of themselves with import(), which Jest's VM cannot run
const DYNAMIC_IMPORTERS = ['@electric-sql/pglite', '@electric-sql/pglite-pgvector', '@electric-sql/pglite-socket'];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  rootDir: root,
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${[...esmPackages(), ...DYNAMIC_IMPORTERS].map(escape).join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testEnvironment: 'node',
  // the console (web/) is its own workspace, tested by Vitest (test/console-vitest.e2e-spec.ts runs it)
  modulePathIgnorePatterns: ['<rootDir>/web/'],
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  // a global option: Jest ignores it inside a project
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
