import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.MC_TEST_TEMPLATE_DIR;
  if (template) rmSync(template, { recursive: true, force: true });
}
