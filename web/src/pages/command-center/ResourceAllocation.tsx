import { Progress, Table, Text, Tooltip } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { AgentStatusBadge } from '../../components/AgentStatusBadge';
import { PagedTable } from '../../components/PagedTable';
import { Panel } from '../../components/Panel';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';


const PRIORITIES = [
  { key: 'urgent', color: 'red' },
  { key: 'high', color: 'orange' },
  { key: 'medium', color: 'indigo' },
  { key: 'low', color: 'gray' },
] as const;

/** Each agent's open work by priority, overdue tasks, scheduled hours and usage, most loaded first. */
export function ResourceAllocation({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['command-center', 'allocation', organizationId, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/command-center/resource-allocation', { params: { query: { organization_id: organizationId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  // the longest bar is the agent with the most open tasks on this page
  const most = Math.max(1, ...(query.data?.items ?? []).map((a) => a.open_tasks));
  return (
    <Panel testId="allocation" title={t('alloc.title')} hint={t('alloc.hint')}>
      <PagedTable
        query={query}
        page={page}
        onPageChange={setPage}
        pagerTestId="allocation-pager"
        empty={t('alloc.empty', { org: organizationName })}
        emptyTestId="allocation-empty"
        testId="allocation-table"
        minWidth={760}
        verticalSpacing="xs"
        columns={[
          t('alloc.agent'),
          { label: t('alloc.open'), ta: 'right' },
          { label: t('alloc.byPriority'), w: '28%' },
          { label: t('alloc.overdue'), ta: 'right' },
          { label: t('alloc.hours'), ta: 'right' },
          { label: t('alloc.tokens'), ta: 'right' },
          { label: t('alloc.cost'), ta: 'right' },
        ]}
        row={(agent) => {
          const byPriority = agent.open_by_priority as Record<string, number>;
          return (
            <Table.Tr key={agent.agent_id} data-testid="allocation-row">
              <Table.Td>
                <Text fw={500}>{agent.name}</Text>
                <AgentStatusBadge status={agent.status} />
              </Table.Td>
              <Table.Td ta="right">
                <Text fw={600}>{f.count(agent.open_tasks)}</Text>
              </Table.Td>
              <Table.Td>
                <Progress.Root size="lg" w={`${Math.max(8, (100 * agent.open_tasks) / most)}%`} miw={24}>
                  {PRIORITIES.map(({ key, color }) =>
                    byPriority[key] ? (
                      <Tooltip key={key} label={`${t(`priority.${key}` as MessageKey)}: ${byPriority[key]}`}>
                        <Progress.Section value={(100 * byPriority[key]) / agent.open_tasks} color={color} />
                      </Tooltip>
                    ) : null,
                  )}
                </Progress.Root>
              </Table.Td>
              <Table.Td ta="right">
                <Text c={agent.overdue ? 'red' : undefined} fw={agent.overdue ? 600 : undefined}>
                  {f.count(agent.overdue)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text>{f.hours(agent.estimated_hours)}</Text>
                <Text size="xs" c="dimmed">
                  {t('alloc.scheduled', { count: agent.scheduled_tasks })}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{f.compact(agent.usage.total_tokens)}</Table.Td>
              <Table.Td ta="right">{f.usd(agent.usage.cost_usd)}</Table.Td>
            </Table.Tr>
          );
        }}
      />
    </Panel>
  );
}
