import { Alert, Badge, Button, Group, SegmentedControl, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { NoOrganization } from '../components/NoOrganization';
import { Notice } from '../components/Notice';
import { QueryState } from '../components/QueryState';
import { useI18n } from '../lib/i18n';
import { meQuery } from '../lib/meQuery';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { addDays, addMonths, browserTimeZone, dayKey, dayStart, monthGrid, parseDay, startOfWeek, timeZones, type DayKey } from '../lib/zonedTime';
import { byDay, MonthView, WeekView } from './calendar/CalendarGrid';
import { EVENT_TYPES, itemsOf, loadOccurrences, loadSchedules, TYPE_COLORS, type CalendarEvent, type CalendarItem } from './calendar/calendarData';
import { EventModal, type EventPrefill } from './calendar/EventModal';
import { Feeds } from './calendar/Feeds';
import { ItemModal } from './calendar/ItemModal';
import { ScheduleModal } from './calendar/ScheduleModal';
import { SuggestSlot } from './calendar/SuggestSlot';
import { Workload } from './calendar/Workload';

type View = 'month' | 'week';
type Tab = 'events' | 'workload' | 'suggest' | 'feeds';
const TABS: Tab[] = ['events', 'workload', 'suggest', 'feeds'];
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export default function CalendarPage() {
  const { t, language } = useI18n();
  const { organizationId, organization } = useCurrentOrganization();
  const me = useQuery(meQuery);
  const [params, setParams] = useSearchParams();
  const [chosenZone, setChosenZone] = useState<string | null>(null);
  const displayZone = chosenZone ?? me.data?.timezone ?? browserTimeZone();
  const today = dayKey(new Date(), displayZone);
  const view: View = params.get('view') === 'week' ? 'week' : 'month';
  const tab: Tab = TABS.find((value) => value === params.get('tab')) ?? 'events';
  const anchor: DayKey = DAY_RE.test(params.get('date') ?? '') ? params.get('date')! : today;
  const update = (changes: { view?: View; date?: DayKey; tab?: Tab }) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) next.set(key, value);
        return next;
      },
      { replace: true },
    );

  const days = useMemo(() => (view === 'month' ? monthGrid(anchor) : Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(anchor), i))), [view, anchor]);
  const windowStart = dayStart(days[0], displayZone);
  const windowEnd = dayStart(addDays(days[days.length - 1], 1), displayZone);
  const enabled = organizationId !== null && tab === 'events';
  const occurrences = useQuery({
    queryKey: ['calendar', 'events', organizationId, windowStart.toISOString(), windowEnd.toISOString()],
    queryFn: () => loadOccurrences(organizationId!, windowStart, windowEnd),
    enabled,
    placeholderData: keepPreviousData,
  });
  const schedules = useQuery({
    queryKey: ['calendar', 'schedules', organizationId, windowStart.toISOString(), windowEnd.toISOString()],
    queryFn: () => loadSchedules(organizationId!, windowStart, windowEnd),
    enabled,
    placeholderData: keepPreviousData,
  });
  const items = useMemo(() => byDay(itemsOf(occurrences.data?.items ?? [], schedules.data?.items ?? []), displayZone), [occurrences.data, schedules.data, displayZone]);
  const truncated = (occurrences.data && occurrences.data.items.length < occurrences.data.total) || (schedules.data && schedules.data.items.length < schedules.data.total);

  const [editor, setEditor] = useState<{ editing: CalendarEvent | null; prefill: EventPrefill | null } | null>(null);
  const [scheduling, setScheduling] = useState(false);
  const [open, setOpen] = useState<CalendarItem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(displayZone) ? all : [displayZone, ...all];
  }, [displayZone]);

  const loc = language === 'zh' ? 'zh-CN' : 'en';
  const { year, month } = parseDay(anchor);
  const title =
    view === 'month'
      ? new Date(Date.UTC(year, month - 1, 15)).toLocaleDateString(loc, { year: 'numeric', month: 'long', timeZone: 'UTC' })
      : `${new Date(`${days[0]}T12:00:00Z`).toLocaleDateString(loc, { month: 'short', day: 'numeric', timeZone: 'UTC' })} – ${new Date(`${days[6]}T12:00:00Z`).toLocaleDateString(loc, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })}`;
  const step = (direction: 1 | -1) => update({ date: view === 'month' ? addMonths(anchor, direction) : addDays(anchor, 7 * direction) });
  const newEventAt = (day: DayKey) => {
    const start = new Date(dayStart(day, displayZone).getTime() + 10 * 3600_000);
    setEditor({ editing: null, prefill: { start, end: new Date(start.getTime() + 3600_000) } });
  };

  if (!organizationId || !organization)
    return (
      <Stack>
        <Title order={2}>{t('cal.title')}</Title>
        <NoOrganization />
      </Stack>
    );

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('cal.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('cal.subtitle', { org: organization.name })}
          </Text>
        </div>
        <Select
          label={t('cal.displayZone')}
          data={zones}
          value={displayZone}
          onChange={(value) => value && setChosenZone(value)}
          searchable
          allowDeselect={false}
          limit={100}
          w={240}
          data-testid="calendar-timezone"
        />
      </Group>
      <Notice message={notice} onClose={() => setNotice(null)} testId="calendar-notice" />
      <Tabs value={tab} onChange={(value) => {
          if (!value) return;
          setNotice(null);
          update({ tab: value as Tab });
        }} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map((value) => (
            <Tabs.Tab key={value} value={value} data-testid={`calendar-tab-${value}`}>
              {t(`cal.tab.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="events">
          <Stack gap="sm">
            <Group justify="space-between">
              <Group gap="xs">
                <Button variant="default" size="xs" onClick={() => step(-1)} aria-label={t('cal.previous')} data-testid="calendar-prev">
                  ‹
                </Button>
                <Button variant="default" size="xs" onClick={() => update({ date: today })} data-testid="calendar-today">
                  {t('cal.today')}
                </Button>
                <Button variant="default" size="xs" onClick={() => step(1)} aria-label={t('cal.next')} data-testid="calendar-next">
                  ›
                </Button>
                <Title order={4} ml="xs" data-testid="calendar-range">
                  {title}
                </Title>
              </Group>
              <Group gap="xs">
                <SegmentedControl
                  size="xs"
                  value={view}
                  onChange={(value) => update({ view: value as View })}
                  data={[
                    { value: 'month', label: t('cal.month') },
                    { value: 'week', label: t('cal.week') },
                  ]}
                  data-testid="calendar-view"
                />
                <Button variant="light" size="xs" onClick={() => setScheduling(true)} data-testid="schedule-new">
                  {t('cal.scheduleTask')}
                </Button>
                <Button size="xs" onClick={() => newEventAt(anchor)} data-testid="event-new">
                  {t('cal.newEvent')}
                </Button>
              </Group>
            </Group>
            <Group gap={6}>
              {EVENT_TYPES.map((type) => (
                <Badge key={type} color={TYPE_COLORS[type]} variant="light" size="sm">
                  {t(`cal.type.${type}`)}
                </Badge>
              ))}
              <Badge color="yellow" variant="light" size="sm">
                {t('cal.taskSchedules')}
              </Badge>
              <Text size="xs" c="dimmed">
                {t('cal.shownIn', { zone: displayZone })}
              </Text>
            </Group>
            {truncated && <Alert color="yellow">{t('cal.truncated')}</Alert>}
            <QueryState
              isPending={occurrences.isPending || schedules.isPending}
              error={occurrences.error ?? schedules.error}
              retry={() => {
                void occurrences.refetch();
                void schedules.refetch();
              }}
            >
              {() => (
                <>
                  {view === 'month' ? (
                    <MonthView
                      days={days}
                      month={month}
                      today={today}
                      items={items}
                      timeZone={displayZone}
                      onOpen={setOpen}
                      onDay={(day) => update({ view: 'week', date: day })}
                    />
                  ) : (
                    <WeekView days={days} today={today} items={items} timeZone={displayZone} onOpen={setOpen} />
                  )}
                  {items.size === 0 && (
                    <Text size="sm" c="dimmed" data-testid="empty-state">
                      {t('cal.empty')}
                    </Text>
                  )}
                </>
              )}
            </QueryState>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="workload">
          <Workload organizationId={organizationId} displayZone={displayZone} firstDay={startOfWeek(anchor)} />
        </Tabs.Panel>
        <Tabs.Panel value="suggest">
          <SuggestSlot
            organizationId={organizationId}
            displayZone={displayZone}
            onPick={(prefill) => {
              update({ tab: 'events', view: 'week', date: dayKey(prefill.start, displayZone) });
              setEditor({ editing: null, prefill });
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="feeds">
          <Feeds organizationId={organizationId} organizationName={organization.name} />
        </Tabs.Panel>
      </Tabs>
      {editor && (
        <EventModal
          organizationId={organizationId}
          displayZone={displayZone}
          editing={editor.editing}
          prefill={editor.prefill}
          onClose={() => setEditor(null)}
          onSaved={(saved) => {
            setEditor(null);
            setNotice(t(editor.editing ? 'cal.updated' : 'cal.created', { title: saved }));
          }}
        />
      )}
      {scheduling && (
        <ScheduleModal
          organizationId={organizationId}
          displayZone={displayZone}
          start={new Date(dayStart(anchor, displayZone).getTime() + 9 * 3600_000)}
          onClose={() => setScheduling(false)}
          onSaved={() => {
            setScheduling(false);
            setNotice(t('cal.scheduled'));
          }}
        />
      )}
      <ItemModal
        item={open}
        displayZone={displayZone}
        onClose={() => setOpen(null)}
        onEdit={(series) => {
          setOpen(null);
          setEditor({ editing: series, prefill: null });
        }}
        onDone={(message) => {
          setOpen(null);
          setNotice(message);
        }}
      />
    </Stack>
  );
}
