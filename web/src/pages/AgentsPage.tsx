import { Anchor, Badge, Button, Code, Group, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, PAGE_SIZE, unwrap, type Agent } from '../api/client';
import { BoardSelect } from '../components/BoardSelect';
import { ConfirmMutationModal } from '../components/ConfirmModal';
import { CreateFormModal } from '../components/CreateFormModal';
import { GatewaySelect } from '../components/GatewaySelect';
import { NameCell } from '../components/NameCell';
import { NoOrganization } from '../components/NoOrganization';
import { Notice } from '../components/Notice';
import { PagedTable } from '../components/PagedTable';
import { RowActions } from '../components/RowActions';
import { SecretReveal } from '../components/SecretReveal';
import { useI18n } from '../lib/i18n';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { useSearchPages } from '../lib/useSearchPages';

const STATUS_COLOR: Record<Agent['status'], string> = { online: 'green', busy: 'orange', offline: 'gray', error: 'red', disabled: 'dark' };

interface Revealed {
  title: string;
  text?: string;
  token: string;
}

function CreateAgent({ organizationId, opened, onClose, onCreated }: { organizationId: string; opened: boolean; onClose(): void; onCreated(agent: Agent & { agent_token: string }): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [boardId, setBoardId] = useState<string | null>(null);
  const [gatewayId, setGatewayId] = useState<string | null>(null);
  const [openclawId, setOpenclawId] = useState('');
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/agents', {
          body: {
            organization_id: organizationId,
            name: name.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
            ...(boardId ? { board_id: boardId } : {}),
            ...(gatewayId ? { gateway_id: gatewayId } : {}),
            ...(openclawId.trim() ? { openclaw_agent_id: openclawId.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (agent) => {
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
      setName('');
      setDescription('');
      setBoardId(null);
      setGatewayId(null);
      setOpenclawId('');
      onClose();
      onCreated(agent);
    },
  });
  return (
    <CreateFormModal
      opened={opened}
      onClose={onClose}
      mutation={create}
      title={t('agents.new')}
      canSubmit={!!name.trim()}
      submitTestId="agent-create"
      errorTestId="agent-create-error"
    >
      <TextInput label={t('common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} data-autofocus data-testid="agent-name" />
      <Textarea label={t('common.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} maxLength={2000} autosize minRows={2} data-testid="agent-description" />
      <Group grow align="flex-start">
        <BoardSelect organizationId={organizationId} label={t('agents.board')} placeholder={t('agents.pickBoard')} value={boardId} onChange={setBoardId} testId="agent-board" />
        <GatewaySelect organizationId={organizationId} label={t('agents.gateway')} placeholder={t('agents.pickGateway')} value={gatewayId} onChange={setGatewayId} testId="agent-gateway" />
      </Group>
      <TextInput
        label={t('agents.openclawId')}
        description={t('agents.openclawIdHint')}
        placeholder="main"
        value={openclawId}
        onChange={(e) => setOpenclawId(e.currentTarget.value)}
        maxLength={100}
        data-testid="agent-openclaw-id"
      />
    </CreateFormModal>
  );
}

export default function AgentsPage() {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const { organizationId, organization } = useCurrentOrganization();
  const { page, setPage, search, q, changeSearch } = useSearchPages();
  const [opened, { open, close }] = useDisclosure();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [rotating, setRotating] = useState<Agent | null>(null);
  const [deleting, setDeleting] = useState<Agent | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const date = (value: string) => new Date(value).toLocaleString(language === 'zh' ? 'zh-CN' : 'en');
  const query = useQuery({
    queryKey: ['agents', organizationId, page, q],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/agents', {
          params: { query: { organization_id: organizationId!, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: 'name', order: 'asc', ...(q ? { q } : {}) } },
        }),
      ),
    enabled: organizationId !== null,
    placeholderData: keepPreviousData,
    // the API has no agent-status stream; gateways mark agents online/offline as heartbeats come and go
    refetchInterval: 10_000,
  });
  const rotate = useMutation({
    mutationFn: async (agent: Agent) => unwrap(await api.POST('/api/v1/agents/{id}/rotate-token', { params: { path: { id: agent.id } } })),
    onSuccess: async (agent) => {
      setRotating(null);
      setRevealed({ title: t('agents.rotatedTitle', { name: agent.name }), text: t('agents.createdText'), token: agent.agent_token });
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
    },
  });
  const remove = useMutation({
    mutationFn: async (agent: Agent) => unwrap(await api.DELETE('/api/v1/agents/{id}', { params: { path: { id: agent.id } } })),
    onSuccess: async (_, agent) => {
      setDeleting(null);
      setNotice(t('agents.deleted', { name: agent.name }));
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
    },
  });
  if (!organizationId)
    return (
      <Stack>
        <Title order={2}>{t('agents.title')}</Title>
        <NoOrganization />
      </Stack>
    );
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('agents.title')}</Title>
        <Button onClick={open} data-testid="new-agent">
          {t('agents.new')}
        </Button>
      </Group>
      <CreateAgent
        organizationId={organizationId}
        opened={opened}
        onClose={close}
        onCreated={(agent) => setRevealed({ title: t('agents.createdTitle', { name: agent.name }), text: t('agents.createdText'), token: agent.agent_token })}
      />
      <SecretReveal secret={revealed?.token ?? null} title={revealed?.title ?? ''} text={revealed?.text} onClose={() => setRevealed(null)} testId="agent-token" />
      <ConfirmMutationModal
        target={rotating}
        onClose={() => setRotating(null)}
        mutation={rotate}
        title={rotating ? t('agents.rotateTitle', { name: rotating.name }) : ''}
        message={t('agents.rotateConfirm')}
        confirmLabel={t('agents.rotateAction')}
        confirmTestId="agent-rotate-confirm"
      />
      <ConfirmMutationModal
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title={t('agents.deleteTitle')}
        message={deleting ? t('agents.deleteConfirm', { name: deleting.name }) : ''}
        confirmLabel={t('common.delete')}
        confirmTestId="agent-delete-confirm"
      />
      <Notice message={notice} onClose={() => setNotice(null)} testId="agents-notice" />
      <Group justify="space-between">
        <TextInput placeholder={t('agents.search')} aria-label={t('common.search')} value={search} onChange={(e) => changeSearch(e.currentTarget.value)} maxLength={200} w={280} data-testid="agents-search" />
        <Text size="xs" c="dimmed">
          {t('agents.live')}
        </Text>
      </Group>
      <PagedTable
        query={query}
        page={page}
        onPageChange={setPage}
        empty={
          q ? (
            <>
              {t('agents.noMatch', { q })}{' '}
              <Anchor component="button" onClick={() => changeSearch('')}>
                {t('h5.clearSearch')}
              </Anchor>
            </>
          ) : (
            t('agents.empty', { org: organization?.name ?? '' })
          )
        }
        testId="agents-table"
        minWidth={760}
        verticalSpacing="sm"
        columns={[t('common.name'), t('agents.status'), t('agents.token'), t('agents.lastSeen'), {}]}
        row={(agent) => (
          <Table.Tr key={agent.id} data-testid="agent-row">
            <NameCell name={agent.name} description={agent.description} />
            <Table.Td>
              <Badge color={STATUS_COLOR[agent.status]} data-testid="agent-status">
                {t(`agents.status.${agent.status}`)}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Code>{agent.token_hint}…</Code>
              <Text size="xs" c="dimmed">
                {t('agents.tokenRotated', { date: date(agent.token_rotated_at) })}
              </Text>
            </Table.Td>
            <Table.Td>{agent.last_seen_at ? date(agent.last_seen_at) : <Text size="sm" c="dimmed">{t('agents.never')}</Text>}</Table.Td>
            <RowActions remove={{ label: t('common.delete'), testId: 'agent-delete', onClick: () => setDeleting(agent) }}>
              <Button size="xs" variant="light" onClick={() => setRotating(agent)} data-testid="agent-rotate">
                {t('agents.rotate')}
              </Button>
            </RowActions>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}
