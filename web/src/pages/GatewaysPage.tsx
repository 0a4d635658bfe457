import { Alert, Badge, Button, Code, Drawer, Group, Loader, PasswordInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, PAGE_SIZE, unwrap, type Schemas } from '../api/client';
import { ConfirmMutationModal } from '../components/ConfirmModal';
import { CreateFormModal } from '../components/CreateFormModal';
import { DataTable } from '../components/DataTable';
import { NameCell } from '../components/NameCell';
import { NoOrganization } from '../components/NoOrganization';
import { Notice } from '../components/Notice';
import { PagedTable } from '../components/PagedTable';
import { RowActions } from '../components/RowActions';
import { QueryState } from '../components/QueryState';
import { SecretReveal } from '../components/SecretReveal';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';

type Gateway = Schemas['GatewayDto'];
type RegistrationToken = Schemas['RegistrationTokenDto'];

const STATUS_COLOR: Record<string, string> = { online: 'green', offline: 'red', unknown: 'gray' };
const TOKEN_COLOR: Record<string, string> = { active: 'green', expired: 'gray', revoked: 'red' };
const TTLS = ['3600', '86400', '604800', '2592000'] as const;
const WS_URL = /^wss?:\/\/\S+$/;

function useDate() {
  const { language } = useI18n();
  return (value: string) => new Date(value).toLocaleString(language === 'zh' ? 'zh-CN' : 'en');
}

function AddGateway({ organizationId, opened, onClose }: { organizationId: string; opened: boolean; onClose(): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const create = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/gateways', { body: { organization_id: organizationId, name: name.trim(), url: url.trim(), ...(token ? { token } : {}) } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['gateways'] });
      setName('');
      setUrl('');
      setToken('');
      onClose();
    },
  });
  return (
    <CreateFormModal
      opened={opened}
      onClose={onClose}
      mutation={create}
      title={t('gateways.new')}
      canSubmit={!!name.trim() && WS_URL.test(url.trim())}
      submitTestId="gateway-create"
      errorTestId="gateway-create-error"
    >
      <TextInput label={t('common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} data-autofocus data-testid="gateway-name" />
      <TextInput
        label={t('gateways.url')}
        description={t('gateways.urlHint')}
        placeholder="ws://127.0.0.1:18789"
        value={url}
        onChange={(e) => setUrl(e.currentTarget.value)}
        required
        maxLength={500}
        data-testid="gateway-url"
      />
      <PasswordInput label={t('gateways.token')} description={t('gateways.tokenHint')} value={token} onChange={(e) => setToken(e.currentTarget.value)} maxLength={500} autoComplete="off" data-testid="gateway-token" />
    </CreateFormModal>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

/** Health and live connections of one gateway, kept fresh while the drawer is open. */
function GatewayDetails({ gateway, onClose }: { gateway: Gateway | null; onClose(): void }) {
  const { t } = useI18n();
  const date = useDate();
  const id = gateway?.id;
  const metrics = useQuery({
    queryKey: ['gateways', 'metrics', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/gateways/{id}/metrics', { params: { path: { id: id! } } })),
    enabled: !!id,
    refetchInterval: 10_000,
  });
  const connections = useQuery({
    queryKey: ['gateways', 'connections', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/gateways/{id}/connections', { params: { path: { id: id! } } })),
    enabled: !!id,
    refetchInterval: 15_000,
  });
  const yesNo = (value: boolean | null) => (value === null ? t('gateways.na') : t(value ? 'gateways.yes' : 'gateways.no'));
  return (
    <Drawer opened={gateway !== null} onClose={onClose} position="right" size="lg" title={gateway?.name} data-testid="gateway-drawer">
      {gateway && (
        <Stack>
          <Text size="sm" c="dimmed">
            {gateway.url ?? t(`gateways.mode.${gateway.mode}` as MessageKey)}
          </Text>
          <Title order={4}>{t('gateways.metrics')}</Title>
          <QueryState isPending={metrics.isPending} error={metrics.error} retry={() => void metrics.refetch()}>
            {() => {
              const m = metrics.data!;
              return (
                <Stack gap="sm">
                  <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="md" verticalSpacing="sm" data-testid="gateway-metrics">
                    <Fact label={t('gateways.status')}>
                      <Badge color={STATUS_COLOR[m.status] ?? 'gray'}>{t(`gateways.status.${m.status}` as MessageKey)}</Badge>
                    </Fact>
                    <Fact label={t('gateways.lastHeartbeat')}>{m.last_heartbeat_at ? date(m.last_heartbeat_at) : t('common.never')}</Fact>
                    <Fact label={t('gateways.latency')}>{m.rpc_latency_ms === null ? t('gateways.na') : t('gateways.latencyValue', { ms: m.rpc_latency_ms })}</Fact>
                    <Fact label={t('gateways.messages')}>{m.messages_relayed}</Fact>
                    <Fact label={t('gateways.errors')} testId="gateway-errors">
                      {m.errors}
                    </Fact>
                    <Fact label={t('gateways.h5')}>{m.h5_connections}</Fact>
                    <Fact label={t('gateways.relay')}>{t(m.relay_connected ? 'gateways.connected' : 'gateways.disconnected')}</Fact>
                    <Fact label={t('gateways.upstream')}>{yesNo(m.upstream_connected)}</Fact>
                  </SimpleGrid>
                  {m.last_error && (
                    <Alert color="red" title={t('gateways.lastError')} data-testid="gateway-last-error">
                      <Text size="sm" style={{ wordBreak: 'break-word' }}>
                        {m.last_error}
                      </Text>
                      {m.last_error_at && (
                        <Text size="xs" c="dimmed">
                          {date(m.last_error_at)}
                        </Text>
                      )}
                    </Alert>
                  )}
                </Stack>
              );
            }}
          </QueryState>
          <Group justify="space-between">
            <Title order={4}>{t('gateways.connections')}</Title>
            {connections.isPending ? (
              <Group gap="xs" data-testid="gateway-reachability" data-state="checking">
                <Loader size="xs" />
                <Text size="sm" c="dimmed">
                  {t('gateways.checking')}
                </Text>
              </Group>
            ) : (
              connections.data?.sessions_available && (
                <Badge color="green" variant="light" data-testid="gateway-reachability" data-state="reachable">
                  {t('gateways.reachable')}
                </Badge>
              )
            )}
          </Group>
          <QueryState isPending={connections.isPending} error={connections.error} retry={() => void connections.refetch()}>
            {() => {
              const c = connections.data!;
              return (
                <Stack gap="sm">
                  {!c.sessions_available && (
                    <Alert color="orange" data-testid="gateway-reachability" data-state="unreachable">
                      {t('gateways.unreachable')}
                    </Alert>
                  )}
                  {c.items.length === 0 ? (
                    <Text size="sm" c="dimmed" data-testid="gateway-no-connections">
                      {t('gateways.noConnections')}
                    </Text>
                  ) : (
                    <DataTable
                      items={c.items}
                      testId="gateway-connections"
                      striped={false}
                      columns={[t('gateways.mode'), 'ID', t('gateways.address'), t('gateways.connectedAt')]}
                      row={(item) => (
                        <Table.Tr key={`${item.type}-${item.id}`}>
                          <Table.Td>
                            <Badge variant="light">{t(`gateways.connType.${item.type}` as MessageKey)}</Badge>
                          </Table.Td>
                          <Table.Td>
                            <Code>{item.id.length > 18 ? `${item.id.slice(0, 18)}…` : item.id}</Code>
                          </Table.Td>
                          <Table.Td>{item.remote_address ?? t('gateways.na')}</Table.Td>
                          <Table.Td>{item.connected_at ? date(item.connected_at) : t('gateways.na')}</Table.Td>
                        </Table.Tr>
                      )}
                    />
                  )}
                </Stack>
              );
            }}
          </QueryState>
        </Stack>
      )}
    </Drawer>
  );
}

function GatewayList({ organizationId, organizationName }: { organizationId: string; organizationName: string }) {
  const { t } = useI18n();
  const date = useDate();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [opened, { open, close }] = useDisclosure();
  const [shownId, setShownId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Gateway | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['gateways', 'page', organizationId, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/gateways', { params: { query: { organization_id: organizationId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: 'name', order: 'asc' } } })),
    placeholderData: keepPreviousData,
    // status follows heartbeats and the service's probes; the list is re-read to show it
    refetchInterval: 10_000,
  });
  const remove = useMutation({
    mutationFn: async (gateway: Gateway) => unwrap(await api.DELETE('/api/v1/gateways/{id}', { params: { path: { id: gateway.id } } })),
    onSuccess: async (_, gateway) => {
      setDeleting(null);
      setNotice(t('gateways.deleted', { name: gateway.name }));
      await queryClient.invalidateQueries({ queryKey: ['gateways'] });
    },
  });
  const shown = query.data?.items.find((gateway) => gateway.id === shownId) ?? null;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Title order={2}>{t('gateways.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('gateways.intro')}
          </Text>
        </Stack>
        <Button onClick={open} data-testid="new-gateway" style={{ flexShrink: 0 }}>
          {t('gateways.new')}
        </Button>
      </Group>
      <AddGateway organizationId={organizationId} opened={opened} onClose={close} />
      <GatewayDetails gateway={shown} onClose={() => setShownId(null)} />
      <ConfirmMutationModal
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title={t('gateways.deleteTitle')}
        message={deleting ? t('gateways.deleteConfirm', { name: deleting.name }) : ''}
        confirmLabel={t('common.delete')}
        confirmTestId="gateway-delete-confirm"
      />
      <Notice message={notice} onClose={() => setNotice(null)} testId="gateways-notice" />
      <PagedTable
        query={query}
        page={page}
        onPageChange={setPage}
        empty={t('gateways.empty', { org: organizationName })}
        emptyTestId="gateways-empty"
        testId="gateways-table"
        minWidth={820}
        verticalSpacing="sm"
        columns={[t('common.name'), t('gateways.mode'), t('gateways.status'), t('gateways.lastHeartbeat'), t('gateways.version'), {}]}
        row={(gateway) => (
          <Table.Tr key={gateway.id} data-testid="gateway-row">
            <NameCell name={gateway.name} description={gateway.url} />
            <Table.Td>
              <Badge variant="outline" color={gateway.mode === 'direct' ? 'blue' : 'violet'}>
                {t(`gateways.mode.${gateway.mode}` as MessageKey)}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLOR[gateway.status] ?? 'gray'} data-testid="gateway-status" data-state={gateway.status}>
                {t(`gateways.status.${gateway.status}` as MessageKey)}
              </Badge>
            </Table.Td>
            <Table.Td>{gateway.last_heartbeat_at ? date(gateway.last_heartbeat_at) : <Text size="sm" c="dimmed">{t('common.never')}</Text>}</Table.Td>
            <Table.Td>{gateway.version ?? <Text size="sm" c="dimmed">{t('gateways.na')}</Text>}</Table.Td>
            <RowActions remove={{ label: t('common.delete'), testId: 'gateway-delete', onClick: () => setDeleting(gateway) }}>
              <Button size="xs" variant="light" onClick={() => setShownId(gateway.id)} data-testid="gateway-details">
                {t('gateways.details')}
              </Button>
            </RowActions>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}

function RegistrationTokens({ organizationId }: { organizationId: string }) {
  const { t } = useI18n();
  const date = useDate();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [opened, { open, close }] = useDisclosure();
  const [ttl, setTtl] = useState<string>('86400');
  const [created, setCreated] = useState<Schemas['CreatedRegistrationTokenDto'] | null>(null);
  const [revoking, setRevoking] = useState<RegistrationToken | null>(null);
  const query = useQuery({
    queryKey: ['registration-tokens', organizationId, page],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/gateway-registry/tokens', { params: { query: { organization_id: organizationId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/gateway-registry/tokens', { body: { organization_id: organizationId, expires_in_seconds: Number(ttl) } })),
    onSuccess: async (token) => {
      close();
      setCreated(token);
      setPage(1);
      await queryClient.invalidateQueries({ queryKey: ['registration-tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: async (token: RegistrationToken) => unwrap(await api.DELETE('/api/v1/gateway-registry/tokens/{id}', { params: { path: { id: token.id } } })),
    onSuccess: async () => {
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: ['registration-tokens'] });
    },
  });
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Title order={3}>{t('tokens.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('tokens.intro')}
          </Text>
        </Stack>
        <Button variant="light" onClick={open} data-testid="new-registration-token" style={{ flexShrink: 0 }}>
          {t('tokens.new')}
        </Button>
      </Group>
      <CreateFormModal
        opened={opened}
        onClose={close}
        mutation={create}
        title={t('tokens.new')}
        canSubmit
        submitTestId="registration-token-create"
      >
        <Select
          label={t('tokens.expiresIn')}
          value={ttl}
          onChange={(value) => value && setTtl(value)}
          data={TTLS.map((value) => ({ value, label: t(`tokens.ttl.${value}`) }))}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          data-testid="registration-token-ttl"
        />
      </CreateFormModal>
      <SecretReveal
        secret={created?.registration_token ?? null}
        title={t('tokens.createdTitle')}
        text={created ? t('tokens.createdText', { date: date(created.expires_at) }) : undefined}
        onClose={() => setCreated(null)}
        testId="registration-token"
      />
      <ConfirmMutationModal
        target={revoking}
        onClose={() => setRevoking(null)}
        mutation={revoke}
        title={t('tokens.revokeTitle')}
        message={revoking ? t('tokens.revokeConfirm', { hint: revoking.token_hint }) : ''}
        confirmLabel={t('tokens.revoke')}
        confirmTestId="registration-token-revoke-confirm"
      />
      <PagedTable
        query={query}
        page={page}
        onPageChange={setPage}
        pagerTestId="registration-tokens-pager"
        empty={t('tokens.empty')}
        emptyTestId="registration-tokens-empty"
        testId="registration-tokens-table"
        minWidth={760}
        verticalSpacing="sm"
        columns={[t('tokens.hint'), t('tokens.state'), t('tokens.expires'), t('tokens.uses'), t('tokens.lastUsed'), t('common.created'), {}]}
        row={(token) => (
          <Table.Tr key={token.id} data-testid="registration-token-row">
            <Table.Td>
              <Code>{token.token_hint}…</Code>
            </Table.Td>
            <Table.Td>
              <Badge color={TOKEN_COLOR[token.state] ?? 'gray'} variant="light" data-testid="registration-token-state" data-state={token.state}>
                {t(`tokens.state.${token.state}` as MessageKey)}
              </Badge>
            </Table.Td>
            <Table.Td>{date(token.expires_at)}</Table.Td>
            <Table.Td>{token.use_count}</Table.Td>
            <Table.Td>{token.last_used_at ? date(token.last_used_at) : <Text size="sm" c="dimmed">{t('common.never')}</Text>}</Table.Td>
            <Table.Td>{date(token.created_at)}</Table.Td>
            <Table.Td>
              {token.state === 'active' && (
                <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(token)} data-testid="registration-token-revoke">
                  {t('tokens.revoke')}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}

export default function GatewaysPage() {
  const { t } = useI18n();
  const { organizationId, organization } = useCurrentOrganization();
  if (!organizationId)
    return (
      <Stack>
        <Title order={2}>{t('gateways.title')}</Title>
        <NoOrganization />
      </Stack>
    );
  return (
    <Stack gap="xl">
      <GatewayList organizationId={organizationId} organizationName={organization?.name ?? ''} />
      <RegistrationTokens organizationId={organizationId} />
    </Stack>
  );
}
