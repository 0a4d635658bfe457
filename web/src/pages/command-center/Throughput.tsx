import { Center, SegmentedControl, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, ComposedChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, unwrap, type Schemas } from '../../api/client';
import { Panel } from '../../components/Panel';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useChartTheme } from './chartTheme';

const WINDOWS = [7, 14, 30, 90];
const HEIGHT = 260;

/** Tasks created and done per UTC day over a chosen window, with the cycle time under it. */
export function Throughput({ organizationId }: { organizationId: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const c = useChartTheme();
  const [days, setDays] = useState(14);
  const query = useQuery({
    queryKey: ['command-center', 'throughput', organizationId, days],
    queryFn: async () => unwrap(await api.GET('/api/v1/metrics/organizations/{id}', { params: { path: { id: organizationId }, query: { days } } })),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  return (
    <Panel
      testId="throughput"
      title={t('throughput.title')}
      controls={
        <SegmentedControl
          size="xs"
          value={String(days)}
          onChange={(value) => setDays(Number(value))}
          data={WINDOWS.map((n) => ({ value: String(n), label: t('throughput.days', { days: n }) }))}
          data-testid="throughput-window"
        />
      }
    >
      <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
        {() => {
          const metrics = query.data!;
          const done = new Map(metrics.done_per_day.map((d) => [d.date, d.count]));
          const data = metrics.created_per_day.map((d) => ({ date: d.date, created: d.count, done: done.get(d.date) ?? 0 }));
          if (!data.some((d) => d.created || d.done))
            return (
              <Center h={HEIGHT}>
                <Text c="dimmed" ta="center" maw={420} data-testid="throughput-empty">
                  {t('throughput.empty', { days })}
                </Text>
              </Center>
            );
          const cycle = metrics.cycle_time;
          return (
            <>
              <div style={{ width: '100%', height: HEIGHT }} data-testid="throughput-chart">
                <ResponsiveContainer>
                  <BarChart data={data} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
                    <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="date" tickFormatter={f.day} stroke={c.axis} fontSize={12} tickLine={false} minTickGap={16} />
                    <YAxis allowDecimals={false} stroke={c.axis} fontSize={12} tickLine={false} axisLine={false} />
                    <Tooltip labelFormatter={(label) => f.day(String(label))} {...c.tooltip} />
                    <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
                    <Bar dataKey="created" name={t('throughput.created')} fill={c.created} radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
                    <Bar dataKey="done" name={t('throughput.done')} fill={c.done} radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
              <Text size="sm" c="dimmed" data-testid="cycle-time">
                {cycle.count > 0 ? t('throughput.cycle', { median: f.hours(cycle.median_hours), p90: f.hours(cycle.p90_hours), count: cycle.count }) : t('throughput.noCycle')}
              </Text>
            </>
          );
        }}
      </QueryState>
    </Panel>
  );
}

/** Tokens (bars) and cost (line) per UTC day of the last week, from the operational summary. */
export function UsageChart({ throughput }: { throughput: Schemas['ThroughputDayDto'][] }) {
  const { t } = useI18n();
  const f = useFormat();
  const c = useChartTheme();
  const empty = !throughput.some((d) => d.tokens || d.cost_usd);
  return (
    <Panel testId="usage" title={t('usage.title')}>
      {empty ? (
        <Center h={HEIGHT}>
          <Text c="dimmed" ta="center" maw={420} data-testid="usage-empty">
            {t('usage.empty')}
          </Text>
        </Center>
      ) : (
        <div style={{ width: '100%', height: HEIGHT }} data-testid="usage-chart">
          <ResponsiveContainer>
            <ComposedChart data={throughput} margin={{ top: 8, right: 0, left: -8, bottom: 0 }}>
              <CartesianGrid stroke={c.grid} strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="date" tickFormatter={f.day} stroke={c.axis} fontSize={12} tickLine={false} />
              <YAxis yAxisId="tokens" tickFormatter={f.compact} stroke={c.axis} fontSize={12} tickLine={false} axisLine={false} />
              <YAxis yAxisId="cost" orientation="right" tickFormatter={(v: number) => `$${v}`} stroke={c.axis} fontSize={12} tickLine={false} axisLine={false} />
              <Tooltip
                labelFormatter={(label) => f.day(String(label))}
                formatter={(value, name, item) => [item.dataKey === 'cost_usd' ? f.usd(Number(value)) : f.count(Number(value)), name]}
                {...c.tooltip}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
              <Bar yAxisId="tokens" dataKey="tokens" name={t('usage.tokens')} fill={c.tokens} radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
              <Line yAxisId="cost" dataKey="cost_usd" name={t('usage.cost')} stroke={c.cost} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
    </Panel>
  );
}
