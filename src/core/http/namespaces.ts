export const MISSION_CONTROL_PREFIX = '/api/v1';
export const PANEL_PREFIX = '/api';

const isUnder = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export function isMissionControlPath(path: string): boolean {
  return isUnder(path, MISSION_CONTROL_PREFIX);
}

/** ClawPanel owns `/api/**` except Mission Control's `/api/v1/**`. */
export function isPanelPath(path: string): boolean {
  return isUnder(path, PANEL_PREFIX) && !isMissionControlPath(path);
}
