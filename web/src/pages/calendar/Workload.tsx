import { Box, Group, ScrollArea, Text, TextInput, Tooltip } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Panel } from '../../components/Panel';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../lib/i18n';
import { addDays, dayStart, weekday, type DayKey } from '../../lib/zonedTime';
import classes from './calendar.module.css';

const LEGEND = [0, 0.25, 0.5, 0.75, 1, 1.25];

/** Colour of a day's utilisation: more load, stronger blue; over capacity turns red. */
export function heatColor(utilization: number | null, hours: number): string {
  if (utilization === null) return hours > 0 ? 'var(--mantine-color-red-light)' : 'transparent';
  if (utilization > 1) return `color-mix(in srgb, var(--mantine-color-red-filled) ${Math.min(100, 55 + (utilization - 1) * 60)}%, transparent)`;
  if (utilization === 0) return 'transparent';
  return `color-mix(in srgb, var(--mantine-color-blue-filled) ${Math.round(12 + utilization * 70)}%, transparent)`;
}

function hoursText(h: number): string {
  return String(Math.round(h * 10) / 10);
}

/** Hours per agent per day against working hours, for the two weeks from the week shown in the calendar. */
export function Workload({ organizationId, displayZone, firstDay }: { organizationId: string; displayZone: string; firstDay: DayKey }) {
  const { t, language } = useI18n();
  const [workingStart, setWorkingStart] = useState('09:00');
  const [workingEnd, setWorkingEnd] = useState('18:00');
  const days = 14;
  const valid = /^\d{2}:\d{2}$/.test(workingStart) && /^\d{2}:\d{2}$/.test(workingEnd) && workingStart < workingEnd;
  const query = useQuery({
    queryKey: ['calendar', 'workload', organizationId, displayZone, firstDay, workingStart, workingEnd],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/calendar/workload', {
          params: {
            query: {
              organization_id: organizationId,
              timezone: displayZone,
              start_date: dayStart(firstDay, displayZone).toISOString(),
              end_date: dayStart(addDays(firstDay, days), displayZone).toISOString(),
              working_start: workingStart,
              working_end: workingEnd,
            },
          },
        }),
      ),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const loc = language === 'zh' ? 'zh-CN' : 'en';
  const dayLabel = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(loc, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  const weekdayLabel = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(loc, { weekday: 'narrow', timeZone: 'UTC' });
  return (
    <Panel
      title={t('cal.workload')}
      hint={t('cal.workloadHint', { zone: displayZone })}
      testId="workload"
      controls={
        <Group gap="xs" align="flex-end">
          <TextInput type="time" label={t('cal.workingStart')} value={workingStart} onChange={(e) => setWorkingStart(e.currentTarget.value)} w={150} data-testid="workload-start" />
          <TextInput
            type="time"
            label={t('cal.workingEnd')}
            value={workingEnd}
            onChange={(e) => setWorkingEnd(e.currentTarget.value)}
            w={150}
            error={valid ? undefined : t('cal.workingInvalid')}
            data-testid="workload-end"
          />
        </Group>
      }
    >
      <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
        {() =>
          query.data!.items.length === 0 ? (
            <Text c="dimmed" size="sm" data-testid="workload-empty">
              {t('cal.workloadEmpty')}
            </Text>
          ) : (
            <>
              <ScrollArea type="auto">
                <Box className={classes.heat} style={{ gridTemplateColumns: `minmax(140px, 200px) repeat(${query.data!.items[0].days.length}, minmax(44px, 1fr)) 72px`, minWidth: 900 }}>
                  <div />
                  {query.data!.items[0].days.map((d) => (
                    <Text key={d.date} size="xs" c={weekday(d.date) >= 5 ? 'dimmed' : undefined} ta="center" lh={1.2}>
                      {weekdayLabel(d.date)}
                      <br />
                      {dayLabel(d.date)}
                    </Text>
                  ))}
                  <Text size="xs" fw={600} ta="center">
                    {t('cal.total')}
                  </Text>
                  {query.data!.items.map((agent) => (
                    <Box key={agent.agent_id} style={{ display: 'contents' }} data-testid="workload-row" data-agent={agent.agent_name}>
                      <Text size="sm" truncate="end" fw={500}>
                        {agent.agent_name}
                      </Text>
                      {agent.days.map((d) => {
                        const hours = d.scheduled_hours + d.event_hours;
                        return (
                          <Tooltip
                            key={d.date}
                            withinPortal
                            label={t('cal.heatTooltip', {
                              date: d.date,
                              scheduled: hoursText(d.scheduled_hours),
                              events: hoursText(d.event_hours),
                              capacity: hoursText(d.capacity_hours),
                              percent: d.utilization === null ? '—' : `${Math.round(d.utilization * 100)}%`,
                            })}
                          >
                            <div className={classes.heatCell} style={{ background: heatColor(d.utilization, hours) }} data-testid="workload-cell" data-hours={hours} data-date={d.date}>
                              {hours > 0 ? hoursText(hours) : ''}
                            </div>
                          </Tooltip>
                        );
                      })}
                      <Text size="xs" ta="center" data-testid="workload-total">
                        {hoursText(agent.total_hours)}h
                        <br />
                        <Text span size="xs" c="dimmed">
                          {agent.utilization === null ? '—' : `${Math.round(agent.utilization * 100)}%`}
                        </Text>
                      </Text>
                    </Box>
                  ))}
                </Box>
              </ScrollArea>
              <Group gap={6} data-testid="workload-legend">
                <Text size="xs" c="dimmed">
                  {t('cal.legend')}
                </Text>
                {LEGEND.map((u) => (
                  <Group key={u} gap={4}>
                    <div className={classes.heatCell} style={{ width: 22, height: 14, background: heatColor(u, u) }} />
                    <Text size="xs">{`${Math.round(u * 100)}%${u > 1 ? '+' : ''}`}</Text>
                  </Group>
                ))}
                <Text size="xs" c="dimmed">
                  {t('cal.legendHint')}
                </Text>
              </Group>
            </>
          )
        }
      </QueryState>
    </Panel>
  );
}
