import { execFile } from 'node:child_process';

export const NOT_INSTALLED = 'not installed';

/**
 * The first line a program prints for `args` (stdout, else stderr), or undefined when it is not on
 * PATH, fails or takes too long. No shell: the name and arguments are passed as they are. The
 * environment is this module's `process.env`, so that PATH is looked up the way the service sees it.
 */
export function firstLineOf(program: string, args: string[], timeoutMs = 5_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: timeoutMs, env: process.env, maxBuffer: 256 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error) return resolve(undefined);
      const line = `${stdout}`.trim().split('\n')[0]?.trim() || `${stderr}`.trim().split('\n')[0]?.trim();
      resolve(line || undefined);
    });
  });
}
