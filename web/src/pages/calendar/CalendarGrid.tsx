import { Box, Group, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../lib/i18n';
import { addDays, dayKey, dayStart, wallTime, weekday, type DayKey } from '../../lib/zonedTime';
import type { CalendarItem } from './calendarData';
import { useTaskTitle } from './TaskTitle';
import classes from './calendar.module.css';

const HOUR_PX = 40;

function locale(language: string) {
  return language === 'zh' ? 'zh-CN' : 'en';
}

export function timeLabel(instant: Date, timeZone: string, language: string): string {
  return instant.toLocaleTimeString(locale(language), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** The days an item touches, in the viewer's zone (an item ending at midnight does not touch the next day). */
function daysOf(item: CalendarItem, timeZone: string): DayKey[] {
  const first = dayKey(item.start, timeZone);
  const last = dayKey(new Date(Math.max(item.start.getTime(), item.end.getTime() - 1)), timeZone);
  const days = [first];
  while (days[days.length - 1] < last && days.length < 62) days.push(addDays(days[days.length - 1], 1));
  return days;
}

export function byDay(items: CalendarItem[], timeZone: string): Map<DayKey, CalendarItem[]> {
  const map = new Map<DayKey, CalendarItem[]>();
  for (const item of items)
    for (const day of daysOf(item, timeZone)) {
      const list = map.get(day) ?? [];
      list.push(item);
      map.set(day, list);
    }
  return map;
}

function ItemLabel({ item }: { item: CalendarItem }) {
  const taskTitle = useTaskTitle(item.kind === 'schedule' ? item.schedule.task_id : '');
  return <>{item.kind === 'schedule' ? taskTitle : item.title}</>;
}

function TaskItemTitle({ item }: { item: CalendarItem }) {
  return item.kind === 'schedule' ? <ItemLabel item={item} /> : <>{item.title}</>;
}

function Chip({ item, timeZone, onOpen }: { item: CalendarItem; timeZone: string; onOpen(item: CalendarItem): void }) {
  const { language } = useI18n();
  return (
    <UnstyledButton
      className={classes.chip}
      style={{ '--chip-color': `var(--mantine-color-${item.color}-light)`, '--chip-bar': `var(--mantine-color-${item.color}-filled)` } as React.CSSProperties}
      onClick={() => onOpen(item)}
      data-testid={item.kind === 'event' ? 'calendar-event' : 'calendar-schedule'}
      data-title={item.kind === 'event' ? item.title : undefined}
    >
      <Text size="xs" truncate="end">
        {!item.allDay && <span className={classes.time}>{timeLabel(item.start, timeZone, language)} </span>}
        <TaskItemTitle item={item} />
      </Text>
    </UnstyledButton>
  );
}

const VISIBLE_IN_MONTH = 3;

export function MonthView(props: { days: DayKey[]; month: number; today: DayKey; items: Map<DayKey, CalendarItem[]>; timeZone: string; onOpen(item: CalendarItem): void; onDay(day: DayKey): void }) {
  const { t, language } = useI18n();
  const weekdayNames = props.days.slice(0, 7).map((day) => new Date(`${day}T12:00:00Z`).toLocaleDateString(locale(language), { weekday: 'short', timeZone: 'UTC' }));
  return (
    <div className={classes.month} data-testid="calendar-month">
      {weekdayNames.map((name) => (
        <Text key={name} size="xs" fw={600} c="dimmed" ta="center" className={classes.weekdayHead}>
          {name}
        </Text>
      ))}
      {props.days.map((day) => {
        const list = props.items.get(day) ?? [];
        const inMonth = Number(day.slice(5, 7)) === props.month;
        return (
          <div key={day} className={classes.monthCell} data-outside={!inMonth || undefined} data-weekend={weekday(day) >= 5 || undefined} data-testid="calendar-day" data-day={day}>
            <UnstyledButton onClick={() => props.onDay(day)} className={classes.dayNumber} data-today={day === props.today || undefined} aria-label={day}>
              {Number(day.slice(8))}
            </UnstyledButton>
            {list.slice(0, VISIBLE_IN_MONTH).map((item) => (
              <Chip key={item.key} item={item} timeZone={props.timeZone} onOpen={props.onOpen} />
            ))}
            {list.length > VISIBLE_IN_MONTH && (
              <UnstyledButton onClick={() => props.onDay(day)} className={classes.more}>
                <Text size="xs" c="dimmed">
                  {t('cal.more', { count: list.length - VISIBLE_IN_MONTH })}
                </Text>
              </UnstyledButton>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** Side-by-side lanes for items of one day that overlap. */
function lanes(items: CalendarItem[]): Map<string, { lane: number; of: number }> {
  const result = new Map<string, { lane: number; of: number }>();
  let group: { item: CalendarItem; lane: number }[] = [];
  let groupEnd = 0;
  const flush = () => {
    const of = Math.max(1, ...group.map((g) => g.lane + 1));
    for (const g of group) result.set(g.item.key, { lane: g.lane, of });
    group = [];
  };
  for (const item of items) {
    if (group.length > 0 && item.start.getTime() >= groupEnd) flush();
    const busy = new Set(group.filter((g) => g.item.end.getTime() > item.start.getTime()).map((g) => g.lane));
    let lane = 0;
    while (busy.has(lane)) lane++;
    group.push({ item, lane });
    groupEnd = Math.max(groupEnd, item.end.getTime());
  }
  flush();
  return result;
}

export function WeekView(props: { days: DayKey[]; today: DayKey; items: Map<DayKey, CalendarItem[]>; timeZone: string; onOpen(item: CalendarItem): void }) {
  const { t, language } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    scroller.current?.scrollTo({ top: HOUR_PX * 7 - 12 });
  }, []);
  const hours = Array.from({ length: 24 }, (_, h) => h);
  return (
    <Box className={classes.weekFrame} data-testid="calendar-week">
      <div className={classes.weekHead}>
        <div />
        {props.days.map((day) => {
          const allDay = (props.items.get(day) ?? []).filter((item) => item.allDay);
          return (
            <div key={day} className={classes.weekHeadCell} data-today={day === props.today || undefined}>
              <Text size="xs" c="dimmed" ta="center">
                {new Date(`${day}T12:00:00Z`).toLocaleDateString(locale(language), { weekday: 'short', month: 'numeric', day: 'numeric', timeZone: 'UTC' })}
              </Text>
              {allDay.map((item) => (
                <Chip key={item.key} item={item} timeZone={props.timeZone} onOpen={props.onOpen} />
              ))}
            </div>
          );
        })}
      </div>
      <ScrollArea h={520} viewportRef={scroller} type="auto">
        <div className={classes.weekBody} style={{ height: HOUR_PX * 24 }}>
          <div className={classes.hourColumn}>
            {hours.map((h) => (
              <Text key={h} size="xs" c="dimmed" className={classes.hourLabel} style={{ top: h * HOUR_PX }}>
                {h === 0 ? '' : `${String(h).padStart(2, '0')}:00`}
              </Text>
            ))}
          </div>
          {props.days.map((day) => {
            const timed = (props.items.get(day) ?? []).filter((item) => !item.allDay);
            const placed = lanes(timed);
            const from = dayStart(day, props.timeZone).getTime();
            const to = dayStart(addDays(day, 1), props.timeZone).getTime();
            const dayMinutes = (to - from) / 60_000;
            return (
              <div key={day} className={classes.weekDay} data-weekend={weekday(day) >= 5 || undefined} data-testid="calendar-week-day" data-day={day}>
                {hours.map((h) => (
                  <div key={h} className={classes.hourLine} style={{ top: h * HOUR_PX }} />
                ))}
                {timed.map((item) => {
                  const startMin = Math.max(0, (item.start.getTime() - from) / 60_000);
                  const endMin = Math.min(dayMinutes, (item.end.getTime() - from) / 60_000);
                  const scale = (HOUR_PX * 24) / dayMinutes;
                  const lane = placed.get(item.key) ?? { lane: 0, of: 1 };
                  const clippedStart = item.start.getTime() < from;
                  const w = wallTime(clippedStart ? from : item.start, props.timeZone);
                  return (
                    <UnstyledButton
                      key={item.key}
                      className={classes.block}
                      onClick={() => props.onOpen(item)}
                      style={
                        {
                          top: startMin * scale,
                          height: Math.max(18, (endMin - startMin) * scale - 2),
                          left: `calc(${(lane.lane / lane.of) * 100}% + 2px)`,
                          width: `calc(${100 / lane.of}% - 4px)`,
                          '--chip-color': `var(--mantine-color-${item.color}-light)`,
                          '--chip-bar': `var(--mantine-color-${item.color}-filled)`,
                        } as React.CSSProperties
                      }
                      data-testid={item.kind === 'event' ? 'calendar-week-event' : 'calendar-week-schedule'}
                      data-title={item.kind === 'event' ? item.title : undefined}
                    >
                      <Text size="xs" fw={600} lineClamp={2}>
                        <TaskItemTitle item={item} />
                      </Text>
                      <Group gap={4} wrap="nowrap">
                        <Text size="xs" c="dimmed" truncate="end">
                          {`${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}–${timeLabel(item.end, props.timeZone, language)}`}
                        </Text>
                      </Group>
                    </UnstyledButton>
                  );
                })}
              </div>
            );
          })}
        </div>
      </ScrollArea>
      {props.days.every((day) => (props.items.get(day) ?? []).length === 0) && (
        <Text size="sm" c="dimmed" ta="center" p="xs" data-testid="calendar-week-empty">
          {t('cal.weekEmpty')}
        </Text>
      )}
    </Box>
  );
}
