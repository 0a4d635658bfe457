import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import picomatch from 'picomatch';
import { PanelSettingsService } from '../admin-config/panel-settings.service';

export const WORKSPACE_SECTION = 'workspace';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Bounds of every setting: PUT answers 400 outside them, and a stored value outside them reads as the default. */
export const WORKSPACE_LIMITS = {
  autoCleanDays: { min: 1, max: 3650 },
  autoCleanIntervalMinutes: { min: 1, max: 7 * 24 * 60 },
  maxUploadFileBytes: { min: 1, max: 100 * GIB },
  maxUploadTotalBytes: { min: 1, max: 100 * GIB },
  maxUploadFiles: { min: 1, max: 1000 },
  excludePatterns: { maxCount: 100, maxLength: 256 },
} as const;

/** The workspace section of the panel's settings (admin-config section `workspace`). */
export interface WorkspaceSettings {
  /** Run the age-based clean on a schedule. */
  autoCleanEnabled: boolean;
  /** Files not modified for more than this many days are removed by a clean. */
  autoCleanDays: number;
  /** Glob patterns (picomatch) kept by every clean; a pattern without '/' also matches a name at any depth; a matching folder is kept whole. */
  excludePatterns: string[];
  /** Minutes between scheduled cleans (the first runs shortly after start or after a change). */
  autoCleanIntervalMinutes: number;
  /** Largest single uploaded file (bytes). */
  maxUploadFileBytes: number;
  /** Largest total of one upload request (bytes). */
  maxUploadTotalBytes: number;
  /** Most files in one upload request. */
  maxUploadFiles: number;
}

export const DEFAULT_WORKSPACE_SETTINGS: Readonly<WorkspaceSettings> = Object.freeze({
  autoCleanEnabled: false,
  autoCleanDays: 30,
  excludePatterns: ['*.md', '.git', 'skills'],
  autoCleanIntervalMinutes: 60,
  maxUploadFileBytes: 100 * MIB,
  maxUploadTotalBytes: 500 * MIB,
  maxUploadFiles: 20,
});

const isIntIn = (value: unknown, range: { min: number; max: number }): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;

/** `a/b/` → `a/b`, `./x` → `x`: patterns are matched against relative paths without a leading `./` or `/`. */
export function normalizePattern(pattern: string): string {
  return pattern.trim().replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

/** The patterns that are usable, or the first problem with them. */
export function checkPatterns(patterns: readonly string[]): string | undefined {
  if (patterns.length > WORKSPACE_LIMITS.excludePatterns.maxCount) return `excludePatterns takes at most ${WORKSPACE_LIMITS.excludePatterns.maxCount} patterns`;
  for (const pattern of patterns) {
    if (typeof pattern !== 'string' || normalizePattern(pattern) === '') return 'excludePatterns must not contain empty patterns';
    if (pattern.length > WORKSPACE_LIMITS.excludePatterns.maxLength) return `an exclude pattern is longer than ${WORKSPACE_LIMITS.excludePatterns.maxLength} characters`;
    if (pattern.includes('\0')) return 'exclude patterns must not contain NUL bytes';
    try {
      picomatch.makeRe(normalizePattern(pattern), { dot: true });
    } catch {
      return `not a valid glob pattern: ${pattern}`;
    }
  }
  return undefined;
}

/** A matcher of relative paths (`a/b.txt`) against the exclude patterns. */
export function excludeMatcher(patterns: readonly string[]): (relPath: string) => boolean {
  const usable = patterns.map(normalizePattern).filter((pattern) => pattern !== '');
  const byName = usable.filter((pattern) => !pattern.includes('/'));
  const byPath = usable.filter((pattern) => pattern.includes('/'));
  const nameMatches = byName.length > 0 ? picomatch(byName, { dot: true }) : () => false;
  const pathMatches = byPath.length > 0 ? picomatch(byPath, { dot: true }) : () => false;
  return (relPath) => nameMatches(relPath.slice(relPath.lastIndexOf('/') + 1)) || pathMatches(relPath);
}

/** Stored values read back: anything outside its bounds (edited through /api/admin/config) falls back to the default. */
export function sanitizeSettings(raw: Record<string, unknown>): WorkspaceSettings {
  const d = DEFAULT_WORKSPACE_SETTINGS;
  const patterns = Array.isArray(raw.excludePatterns) && raw.excludePatterns.every((p) => typeof p === 'string') && !checkPatterns(raw.excludePatterns as string[])
    ? [...(raw.excludePatterns as string[])]
    : [...d.excludePatterns];
  return {
    autoCleanEnabled: typeof raw.autoCleanEnabled === 'boolean' ? raw.autoCleanEnabled : d.autoCleanEnabled,
    autoCleanDays: isIntIn(raw.autoCleanDays, WORKSPACE_LIMITS.autoCleanDays) ? raw.autoCleanDays : d.autoCleanDays,
    excludePatterns: patterns,
    autoCleanIntervalMinutes: isIntIn(raw.autoCleanIntervalMinutes, WORKSPACE_LIMITS.autoCleanIntervalMinutes) ? raw.autoCleanIntervalMinutes : d.autoCleanIntervalMinutes,
    maxUploadFileBytes: isIntIn(raw.maxUploadFileBytes, WORKSPACE_LIMITS.maxUploadFileBytes) ? raw.maxUploadFileBytes : d.maxUploadFileBytes,
    maxUploadTotalBytes: isIntIn(raw.maxUploadTotalBytes, WORKSPACE_LIMITS.maxUploadTotalBytes) ? raw.maxUploadTotalBytes : d.maxUploadTotalBytes,
    maxUploadFiles: isIntIn(raw.maxUploadFiles, WORKSPACE_LIMITS.maxUploadFiles) ? raw.maxUploadFiles : d.maxUploadFiles,
  };
}

/** The workspace settings in the panel's settings store. */
@Injectable()
export class WorkspaceSettingsStore {
  constructor(private readonly settings: PanelSettingsService) {}

  async read(): Promise<WorkspaceSettings> {
    return sanitizeSettings(await this.settings.get<Record<string, unknown>>(WORKSPACE_SECTION, {}));
  }

  /** Merges the given fields over the current settings and stores the whole section. */
  async update(patch: Partial<WorkspaceSettings>): Promise<WorkspaceSettings> {
    const current = await this.read();
    const next: WorkspaceSettings = { ...current };
    for (const [key, value] of Object.entries(patch) as Array<[keyof WorkspaceSettings, never]>) {
      if (value !== undefined) next[key] = value;
    }
    if (patch.excludePatterns) {
      const problem = checkPatterns(patch.excludePatterns);
      if (problem) throw new UnprocessableEntityException({ detail: problem });
      next.excludePatterns = patch.excludePatterns.map((pattern) => pattern.trim());
    }
    await this.settings.set(WORKSPACE_SECTION, next);
    return next;
  }

  onChange(listener: () => void): () => void {
    return this.settings.onChange(WORKSPACE_SECTION, listener);
  }
}
