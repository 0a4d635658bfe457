/** The `eventLog` section of the panel's settings (`/api/admin/config/eventLog`): how much of the activity log is kept. */
export const EVENT_LOG_SECTION = 'eventLog';

export interface EventLogSettings {
  /** The newest this many entries are kept; older ones are removed in the background, oldest first. */
  maxEntries: number;
  /** Entries older than this many days are removed too; 0 keeps them whatever their age. */
  maxAgeDays: number;
}

export const EVENT_LOG_LIMITS = {
  maxEntries: { min: 1, max: 100_000_000 },
  maxAgeDays: { min: 0, max: 36_500 },
} as const;

export const DEFAULT_EVENT_LOG_SETTINGS: Readonly<EventLogSettings> = Object.freeze({ maxEntries: 1_000_000, maxAgeDays: 0 });

const isIntIn = (value: unknown, range: { min: number; max: number }): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;

/** What is wrong with a section a client sent, or undefined when it can be stored. */
export function checkEventLogSettings(section: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(section)) {
    if (!(key in EVENT_LOG_LIMITS)) return `${EVENT_LOG_SECTION}.${key.slice(0, 80)} is not a setting (maxEntries, maxAgeDays)`;
  }
  for (const [key, range] of Object.entries(EVENT_LOG_LIMITS)) {
    if (section[key] !== undefined && !isIntIn(section[key], range)) return `${EVENT_LOG_SECTION}.${key} must be an integer from ${range.min} to ${range.max}`;
  }
  return undefined;
}

/** The stored section read back; a missing or unusable value is the default. */
export function readEventLogSettings(raw: Record<string, unknown>): EventLogSettings {
  const d = DEFAULT_EVENT_LOG_SETTINGS;
  return {
    maxEntries: isIntIn(raw.maxEntries, EVENT_LOG_LIMITS.maxEntries) ? raw.maxEntries : d.maxEntries,
    maxAgeDays: isIntIn(raw.maxAgeDays, EVENT_LOG_LIMITS.maxAgeDays) ? raw.maxAgeDays : d.maxAgeDays,
  };
}
