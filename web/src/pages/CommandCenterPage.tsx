import { Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { QueryState } from '../components/QueryState';
import { useFormat } from '../lib/format';
import { useI18n } from '../lib/i18n';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { AgentStatus } from './command-center/AgentStatus';
import { CommunicationGraph } from './command-center/CommunicationGraph';
import { Kpis } from './command-center/Kpis';
import { LiveActivity } from './command-center/LiveActivity';
import { ResourceAllocation } from './command-center/ResourceAllocation';
import { Throughput, UsageChart } from './command-center/Throughput';

/**
 * After a live entry the figures are fetched again once, this long after it: longer than the service keeps a
 * summary (SUMMARY_TTL_MS, 5 s), so the answer was computed after the entry; a burst of entries costs one fetch.
 */
const REFRESH_AFTER_ACTIVITY_MS = 5_500;

export default function CommandCenterPage() {
  const { t } = useI18n();
  const f = useFormat();
  const client = useQueryClient();
  const { organizationId, organization } = useCurrentOrganization();
  const overview = useQuery({
    queryKey: ['command-center', 'overview', organizationId],
    queryFn: async () => unwrap(await api.GET('/api/v1/command-center/overview', { params: { query: { organization_id: organizationId! } } })),
    enabled: organizationId !== null,
    refetchInterval: 30_000,
  });
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(pending.current), []);
  const onActivity = useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      void client.invalidateQueries({ predicate: ({ queryKey }) => queryKey[0] === 'command-center' && queryKey[1] !== 'live' });
    }, REFRESH_AFTER_ACTIVITY_MS);
  }, [client]);
  const name = organization?.name ?? '';
  return (
    <Stack gap="lg" data-testid="command-center">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>{t('cc.title')}</Title>
          {organizationId && (
            <Text size="sm" c="dimmed">
              {t('cc.subtitle', { org: name })}
            </Text>
          )}
        </div>
        {overview.data && (
          <Text size="xs" c="dimmed" data-testid="cc-updated">
            {t('cc.updated', { time: f.time(overview.data.generated_at) })}
          </Text>
        )}
      </Group>
      {!organizationId ? (
        <Text c="dimmed" data-testid="empty-state">
          {t('cc.noOrganization')} <Link to="/organizations">{t('nav.organizations')}</Link>
        </Text>
      ) : (
        <>
          <QueryState isPending={overview.isPending} error={overview.error} retry={() => void overview.refetch()}>
            {() => <Kpis summary={overview.data!} />}
          </QueryState>
          <Grid gap="md" align="stretch">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Throughput organizationId={organizationId} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>{overview.data && <UsageChart throughput={overview.data.throughput} />}</Grid.Col>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <CommunicationGraph organizationId={organizationId} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <LiveActivity organizationId={organizationId} organizationName={name} onActivity={onActivity} />
            </Grid.Col>
            <Grid.Col span={12}>
              <AgentStatus organizationId={organizationId} organizationName={name} />
            </Grid.Col>
            <Grid.Col span={12}>
              <ResourceAllocation organizationId={organizationId} organizationName={name} />
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
