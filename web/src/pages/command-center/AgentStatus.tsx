import { Anchor, Badge, SegmentedControl, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, PAGE_SIZE, unwrap, type Agent } from '../../api/client';
import { AgentStatusBadge } from '../../components/AgentStatusBadge';
import { PagedTable } from '../../components/PagedTable';
import { Panel } from '../../components/Panel';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

type Status = Agent['status'];
const STATUSES: Status[] = ['online', 'busy', 'error', 'offline', 'disabled'];
const GATEWAY_COLOR: Record<string, string> = { online: 'green', offline: 'red', unknown: 'gray' };

/** Every agent now: status, gateway, the task it works on, its load and usage today; online first. */
export function AgentStatus({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const { t } = useI18n();
  const f = useFormat();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<Status | 'all'>('all');
  const query = useQuery({
    queryKey: ['command-center', 'agent-status', organizationId, status, page],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/command-center/agent-status', {
          params: { query: { organization_id: organizationId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, ...(status === 'all' ? {} : { status }) } },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const choose = (value: string) => {
    setStatus(value as Status | 'all');
    setPage(1);
  };
  return (
    <Panel
      testId="agent-status"
      title={t('agentsNow.title')}
      controls={
        <SegmentedControl size="xs" value={status} onChange={choose} data-testid="agent-status-filter" data={[{ value: 'all', label: t('agentsNow.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`agents.status.${s}`) }))]} />
      }
    >
      <PagedTable
        query={query}
        page={page}
        onPageChange={setPage}
        pagerTestId="agent-status-pager"
        empty={status === 'all' ? t('alloc.empty', { org: organizationName }) : t('agentsNow.noneWithStatus', { status: t(`agents.status.${status}`) })}
        emptyTestId="agent-status-empty"
        testId="agent-status-table"
        minWidth={760}
        verticalSpacing="xs"
        columns={[
          t('alloc.agent'),
          t('agentsNow.gateway'),
          t('agentsNow.current'),
          { label: t('agentsNow.load'), ta: 'right' },
          { label: t('kpi.tokens'), ta: 'right' },
          { label: t('agentsNow.lastActivity'), ta: 'right' },
        ]}
        row={(agent) => (
          <Table.Tr key={agent.agent_id} data-testid="agent-status-row">
            <Table.Td>
              <Text fw={500}>{agent.name}</Text>
              <AgentStatusBadge status={agent.status} />
            </Table.Td>
            <Table.Td>
              {agent.gateway_status ? (
                <Badge size="sm" variant="light" color={GATEWAY_COLOR[agent.gateway_status] ?? 'gray'}>
                  {t(`agentsNow.gateway.${agent.gateway_status as 'online' | 'offline' | 'unknown'}`)}
                </Badge>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('agentsNow.noGateway')}
                </Text>
              )}
            </Table.Td>
            <Table.Td maw={320}>
              {agent.current_task && agent.board_id ? (
                <Anchor component={Link} to={`/boards/${agent.board_id}`} size="sm" lineClamp={1}>
                  {agent.current_task.title}
                </Anchor>
              ) : (
                <Text size="sm" c="dimmed" lineClamp={1}>
                  {agent.current_task?.title ?? t('agentsNow.idle')}
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right">
              <Text size="sm">{t('agentsNow.loadValue', { inProgress: agent.in_progress, open: agent.open_tasks })}</Text>
            </Table.Td>
            <Table.Td ta="right">{f.compact(agent.usage_today.total_tokens)}</Table.Td>
            <Table.Td ta="right">
              <Text size="sm" c="dimmed">
                {agent.last_activity_at ? (f.ago(agent.last_activity_at) ?? t('time.justNow')) : t('agents.never')}
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Panel>
  );
}
