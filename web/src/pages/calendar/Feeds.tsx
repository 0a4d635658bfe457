import { Alert, Button, Code, CopyButton, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, PAGE_SIZE, unwrap, type Schemas } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { DataTable } from '../../components/DataTable';
import { Pager } from '../../components/Pager';
import { Panel } from '../../components/Panel';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/dates';
import { useI18n } from '../../lib/i18n';

type Feed = Schemas['CalendarFeedDto'];

/** The organisation's iCalendar subscriptions: the URL is shown once when a feed is created; revoking ends it. */
export function Feeds({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [name, setName] = useState('');
  const [revoking, setRevoking] = useState<Feed | null>(null);
  const query = useQuery({
    queryKey: ['calendar', 'feeds', organizationId, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/calendar/feeds', { params: { query: { organization_id: organizationId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, order: 'desc' } } })),
    placeholderData: keepPreviousData,
  });
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/calendar/feeds', { body: { organization_id: organizationId, ...(name.trim() ? { name: name.trim() } : {}) } })),
    onSuccess: () => setName(''),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['calendar', 'feeds'] }),
  });
  const revoke = useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE('/api/v1/calendar/feeds/{id}', { params: { path: { id } } })),
    onSuccess: (_, id) => {
      if (create.data?.id === id) create.reset();
      setRevoking(null);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['calendar', 'feeds'] }),
  });
  const url = create.data ? new URL(create.data.url, window.location.origin).toString() : null;
  return (
    <Panel title={t('cal.feeds')} hint={t('cal.feedsHint', { org: organizationName })} testId="feeds">
      <Stack>
        <Group align="flex-end">
          <TextInput label={t('cal.feedName')} placeholder={organizationName} value={name} onChange={(e) => setName(e.currentTarget.value)} w={280} data-testid="feed-name" />
          <Button onClick={() => create.mutate()} loading={create.isPending} data-testid="feed-create">
            {t('cal.feedCreate')}
          </Button>
        </Group>
        {create.error && <Alert color="red">{create.error.message}</Alert>}
        {url && (
          <Alert color="green" title={t('cal.feedCreated')} data-testid="feed-created">
            <Stack gap="xs">
              <Text size="sm">{t('cal.feedOnce')}</Text>
              <Group gap="xs" wrap="nowrap">
                <Code style={{ overflowWrap: 'anywhere', flex: 1 }} data-testid="feed-url">
                  {url}
                </Code>
                <CopyButton value={url}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : undefined} onClick={copy} data-testid="feed-copy">
                      {copied ? t('cal.copied') : t('cal.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Alert>
        )}
        <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
          {() =>
            query.data!.items.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="feeds-empty">
                {t('cal.feedsEmpty')}
              </Text>
            ) : (
              <>
                <DataTable
                  items={query.data!.items}
                  testId="feeds-table"
                  striped={false}
                  columns={[t('common.name'), t('cal.feedScope'), t('common.created'), {}]}
                  row={(feed) => (
                    <Table.Tr key={feed.id} data-testid="feed-row">
                      <Table.Td>{feed.name}</Table.Td>
                      <Table.Td>{feed.agent_id ? t('cal.feedAgent') : t('cal.feedOrganization')}</Table.Td>
                      <Table.Td>{formatDateTime(feed.created_at, language)}</Table.Td>
                      <Table.Td ta="right">
                        <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(feed)} data-testid="feed-revoke">
                          {t('cal.revoke')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  )}
                />
                <Pager page={page} total={query.data!.total} onChange={setPage} testId="feeds-pager" />
              </>
            )
          }
        </QueryState>
      </Stack>
      <ConfirmModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={t('cal.revokeTitle', { name: revoking?.name ?? '' })}
        message={t('cal.revokeBody')}
        confirmLabel={t('cal.revoke')}
        error={revoke.error}
        pending={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        confirmTestId="feed-revoke-confirm"
      />
    </Panel>
  );
}
