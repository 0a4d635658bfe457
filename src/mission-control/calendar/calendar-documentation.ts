/** The `/docs` section on the shared calendar: recurrence, exceptions, schedules and feeds. */
export function calendarDocumentation(): string {
  return [
    '### Shared calendar (M11)',
    '',
    '**Recurrence.** `recurrence_rule` is an RFC 5545 RRULE value (`FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`, FREQ from YEARLY to HOURLY). The',
    'series repeats from `starts_at` in the event\'s `timezone` (IANA), so 09:00 America/New_York stays 09:00 local across DST; every',
    'occurrence lasts as long as the first (`ends_at - starts_at`).',
    '',
    '**Exceptions** name an occurrence by its original start (`occurrence_start` in the list): `exdates: ["2026-03-07T14:00:00Z"]` cancels',
    'it (EXDATE); `overrides: [{occurrence_start, starts_at, ends_at}]` moves it (listed at its new time with `moved: true`). Each must be',
    'an occurrence the rule produces (422 `exdates[0]` / `overrides[0].occurrence_start` otherwise). A PATCH replaces both lists; DELETE',
    'removes the whole series.',
    '',
    '**Listing a window** (`GET /api/v1/calendar/events?start_date&end_date`) answers occurrences, not events: a series once per',
    'occurrence touching the window, each with `event_id`. Windows span at most 366 days.',
    '',
    '**Schedules** follow their task through the job engine: `actual_start` when it goes in_progress, `actual_end` when done (cleared when',
    'reopened). Overlapping schedules of one agent are refused (409).',
    '',
    '**iCalendar feeds.** `POST /api/v1/calendar/feeds {organization_id, agent_id?, name?}` answers a URL with a token, once; the URL',
    'serves `text/calendar` without other credentials (series with RRULE in their TZID, EXDATE, moved occurrences as RECURRENCE-ID',
    'events, task schedules). `DELETE /api/v1/calendar/feeds/{id}` revokes it.',
  ].join('\n');
}
