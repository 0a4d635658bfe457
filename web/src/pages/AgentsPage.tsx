import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, PAGE_SIZE, unwrap, type Agent } from '../api/client';
import { NameCell } from '../components/NameCell';
import { Pager } from '../components/Pager';
import { QueryState } from '../components/QueryState';
import { useI18n } from '../lib/i18n';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';

const STATUS_COLOR: Record<Agent['status'], string> = { online: 'green', busy: 'orange', offline: 'gray', error: 'red', disabled: 'dark' };

export default function AgentsPage() {
  const { t, language } = useI18n();
  const { organizationId, organization } = useCurrentOrganization();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['agents', organizationId, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/agents', { params: { query: { organization_id: organizationId!, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: 'name', order: 'asc' } } })),
    enabled: organizationId !== null,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  return (
    <Stack>
      <Title order={2}>{t('agents.title')}</Title>
      {!organizationId ? (
        <Text c="dimmed" data-testid="empty-state">
          {t('boards.noOrganization')} <Link to="/organizations">{t('nav.organizations')}</Link>
        </Text>
      ) : (
        <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
          {() =>
            query.data!.total === 0 ? (
              <Text c="dimmed" data-testid="empty-state">
                {t('agents.empty', { org: organization?.name ?? '' })}
              </Text>
            ) : (
              <>
                <Table striped data-testid="agents-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('common.name')}</Table.Th>
                      <Table.Th>{t('agents.status')}</Table.Th>
                      <Table.Th>{t('agents.lastSeen')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {query.data!.items.map((agent) => (
                      <Table.Tr key={agent.id}>
                        <NameCell name={agent.name} description={agent.description} />
                        <Table.Td>
                          <Badge color={STATUS_COLOR[agent.status]}>{t(`agents.status.${agent.status}`)}</Badge>
                        </Table.Td>
                        <Table.Td>{agent.last_seen_at ? new Date(agent.last_seen_at).toLocaleString(language === 'zh' ? 'zh-CN' : 'en') : t('agents.never')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                <Pager page={page} total={query.data!.total} onChange={setPage} />
              </>
            )
          }
        </QueryState>
      )}
    </Stack>
  );
}
