import { Alert, Anchor, Badge, Button, Drawer, Group, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
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
import { SearchSelect } from '../components/SearchSelect';
import { useI18n } from '../lib/i18n';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { useSearchPages } from '../lib/useSearchPages';

type H5User = Schemas['H5UserDto'];
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$/;

function useDate() {
  const { language } = useI18n();
  return (value: string) => new Date(value).toLocaleString(language === 'zh' ? 'zh-CN' : 'en');
}

function CreateH5User({ organizationId, opened, onClose, onCreated }: { organizationId: string; opened: boolean; onClose(): void; onCreated(user: H5User): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/h5/users', {
          body: { organization_id: organizationId, username: username.trim(), password, ...(displayName.trim() ? { display_name: displayName.trim() } : {}) },
        }),
      ),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: ['h5-users'] });
      setUsername('');
      setDisplayName('');
      setPassword('');
      onClose();
      onCreated(user);
    },
  });
  return (
    <CreateFormModal
      opened={opened}
      onClose={onClose}
      mutation={create}
      title={t('h5.new')}
      canSubmit={USERNAME.test(username.trim()) && password.length >= 8}
      submitTestId="h5-user-create"
      errorTestId="h5-user-create-error"
    >
      <TextInput
        label={t('h5.username')}
        description={t('h5.usernameHint')}
        value={username}
        onChange={(e) => setUsername(e.currentTarget.value)}
        required
        maxLength={64}
        autoComplete="off"
        data-autofocus
        data-testid="h5-user-username"
      />
      <TextInput label={t('h5.displayName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} maxLength={100} data-testid="h5-user-display-name" />
      <PasswordInput
        label={t('h5.password')}
        description={t('h5.passwordHint')}
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        required
        minLength={8}
        maxLength={128}
        autoComplete="new-password"
        data-testid="h5-user-password"
      />
    </CreateFormModal>
  );
}

/** One H5 user's agent assignments: the list, remove one, assign another. */
function Assignments({ user, organizationId, onClose }: { user: H5User | null; organizationId: string; onClose(): void }) {
  const { t } = useI18n();
  const date = useDate();
  const queryClient = useQueryClient();
  const [role, setRole] = useState('');
  const id = user?.id;
  const detail = useQuery({
    queryKey: ['h5-users', 'detail', id],
    queryFn: async () => unwrap(await api.GET('/api/v1/h5/users/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
  const assign = useMutation({
    mutationFn: async (agentId: string) =>
      unwrap(await api.POST('/api/v1/h5/users/{id}/assign', { params: { path: { id: id! } }, body: { agent_id: agentId, ...(role.trim() ? { role: role.trim() } : {}) } })),
    onSuccess: async () => {
      setRole('');
      await queryClient.invalidateQueries({ queryKey: ['h5-users', 'detail', id] });
    },
  });
  const unassign = useMutation({
    mutationFn: async (agentId: string) => unwrap(await api.DELETE('/api/v1/h5/users/{id}/assign/{agent_id}', { params: { path: { id: id!, agent_id: agentId } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['h5-users', 'detail', id] });
    },
  });
  const assigned = detail.data?.assignments.map((a) => a.agent_id) ?? [];
  return (
    <Drawer
      opened={user !== null}
      onClose={() => {
        assign.reset();
        unassign.reset();
        onClose();
      }}
      position="right"
      size="lg"
      title={user ? `${user.display_name} · ${user.username}` : ''}
      data-testid="h5-user-drawer"
    >
      <Stack>
        <Title order={4}>{t('h5.assignments')}</Title>
        <QueryState isPending={detail.isPending} error={detail.error} retry={() => void detail.refetch()}>
          {() =>
            detail.data!.assignments.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="h5-no-assignments">
                {t('h5.noAssignments')}
              </Text>
            ) : (
              <DataTable
                items={detail.data!.assignments}
                testId="h5-assignments"
                striped={false}
                columns={[t('actor.agent'), t('h5.role'), t('common.created'), {}]}
                row={(assignment) => (
                  <Table.Tr key={assignment.id} data-testid="h5-assignment">
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {assignment.agent_name ?? assignment.agent_id}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light">{assignment.role}</Badge>
                    </Table.Td>
                    <Table.Td>{date(assignment.created_at)}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        loading={unassign.isPending && unassign.variables === assignment.agent_id}
                        onClick={() => unassign.mutate(assignment.agent_id)}
                        data-testid="h5-unassign"
                      >
                        {t('h5.unassign')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                )}
              />
            )
          }
        </QueryState>
        {(assign.error ?? unassign.error) && (
          <Alert color="red" data-testid="h5-assign-error">
            {(assign.error ?? unassign.error)!.message}
          </Alert>
        )}
        <Title order={5}>{t('h5.assignTo')}</Title>
        <Group align="flex-end" wrap="nowrap">
          <div style={{ flex: 1 }}>
            <SearchSelect
              queryKey={['agents', 'options', organizationId]}
              load={async (q) =>
                unwrap(await api.GET('/api/v1/agents', { params: { query: { organization_id: organizationId, limit: 20, sort: 'name', order: 'asc', ...(q ? { q } : {}) } } })).items.map(
                  (agent) => ({ value: agent.id, label: agent.name }),
                )
              }
              exclude={assigned}
              onChange={(agentId) => agentId && assign.mutate(agentId)}
              pickOnly
              label={t('actor.agent')}
              placeholder={t('h5.pickAgent')}
              nothingFound={t('h5.noAgents')}
              disabled={assign.isPending}
              testId="h5-assign-agent"
            />
          </div>
          <TextInput label={t('h5.role')} placeholder="member" value={role} onChange={(e) => setRole(e.currentTarget.value)} maxLength={32} w={140} data-testid="h5-assign-role" />
        </Group>
      </Stack>
    </Drawer>
  );
}

export default function H5UsersPage() {
  const { t } = useI18n();
  const date = useDate();
  const queryClient = useQueryClient();
  const { organizationId, organization } = useCurrentOrganization();
  const { page, setPage, search, q, changeSearch } = useSearchPages();
  const [opened, { open, close }] = useDisclosure();
  const [shown, setShown] = useState<H5User | null>(null);
  const [deleting, setDeleting] = useState<H5User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['h5-users', 'page', organizationId, page, q],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/h5/users', {
          params: { query: { organization_id: organizationId!, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: 'created_at', order: 'desc', ...(q ? { q } : {}) } },
        }),
      ),
    enabled: organizationId !== null,
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: async (user: H5User) => unwrap(await api.DELETE('/api/v1/h5/users/{id}', { params: { path: { id: user.id } } })),
    onSuccess: async (_, user) => {
      setDeleting(null);
      if (shown?.id === user.id) setShown(null);
      setNotice(t('h5.deleted', { name: user.display_name }));
      await queryClient.invalidateQueries({ queryKey: ['h5-users'] });
    },
  });
  if (!organizationId)
    return (
      <Stack>
        <Title order={2}>{t('h5.title')}</Title>
        <NoOrganization />
      </Stack>
    );
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Title order={2}>{t('h5.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('h5.intro')}
          </Text>
        </Stack>
        <Button onClick={open} data-testid="new-h5-user" style={{ flexShrink: 0 }}>
          {t('h5.new')}
        </Button>
      </Group>
      <CreateH5User organizationId={organizationId} opened={opened} onClose={close} onCreated={(user) => setNotice(t('h5.created', { name: user.display_name }))} />
      <Assignments user={shown} organizationId={organizationId} onClose={() => setShown(null)} />
      <ConfirmMutationModal
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title={t('h5.deleteTitle')}
        message={deleting ? t('h5.deleteConfirm', { name: deleting.display_name, username: deleting.username }) : ''}
        confirmLabel={t('common.delete')}
        confirmTestId="h5-user-delete-confirm"
      />
      <Notice message={notice} onClose={() => setNotice(null)} testId="h5-notice" />
      <TextInput placeholder={t('h5.search')} aria-label={t('common.search')} value={search} onChange={(e) => changeSearch(e.currentTarget.value)} maxLength={100} w={320} data-testid="h5-search" />
      <PagedTable
        query={query}
        page={page}
        onPageChange={setPage}
        empty={
          q ? (
            <>
              {t('h5.noMatch', { q })}{' '}
              <Anchor component="button" onClick={() => changeSearch('')} data-testid="h5-clear-search">
                {t('h5.clearSearch')}
              </Anchor>
            </>
          ) : (
            t('h5.empty', { org: organization?.name ?? '' })
          )
        }
        testId="h5-users-table"
        minWidth={720}
        highlightOnHover
        verticalSpacing="sm"
        columns={[t('common.name'), t('h5.lastLogin'), t('common.created'), {}]}
        row={(user) => (
          <Table.Tr key={user.id} data-testid="h5-user-row">
            <NameCell name={user.display_name} description={user.username} />
            <Table.Td>{user.last_login_at ? date(user.last_login_at) : <Text size="sm" c="dimmed">{t('common.never')}</Text>}</Table.Td>
            <Table.Td>{date(user.created_at)}</Table.Td>
            <RowActions remove={{ label: t('common.delete'), testId: 'h5-user-delete', onClick: () => setDeleting(user) }}>
              <Button size="xs" variant="light" onClick={() => setShown(user)} data-testid="h5-user-assignments">
                {t('h5.manage')}
              </Button>
            </RowActions>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}
