export const MISSION_CONTROL_PREFIX = '/api/v1';
export const PANEL_PREFIX = '/api';

/** ClawPanel owns `/api/**` except Mission Control's `/api/v1/**`. */
export function isPanelPath(path: string): boolean {
  return (path === PANEL_PREFIX || path.startsWith(`${PANEL_PREFIX}/`)) &&
    !(path === MISSION_CONTROL_PREFIX || path.startsWith(`${MISSION_CONTROL_PREFIX}/`));
}
