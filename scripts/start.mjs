// `npm start`: build what changed since the last build, then run the compiled service in this same process.
import { createRequire } from 'node:module';
import { ensureBuilt } from './build.mjs';

try {
  ensureBuilt();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
createRequire(import.meta.url)('../dist/src/main.js');
