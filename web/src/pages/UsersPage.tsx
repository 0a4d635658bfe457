import { ActionIcon, Anchor, Badge, Button, Group, PasswordInput, SegmentedControl, Select, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, PAGE_SIZE, unwrap, type User } from '../api/client';
import { ConfirmMutationModal } from '../components/ConfirmModal';
import { CreateFormModal } from '../components/CreateFormModal';
import { NameCell } from '../components/NameCell';
import { Notice } from '../components/Notice';
import { OrganizationName } from '../components/OrganizationName';
import { OrganizationSelect } from '../components/OrganizationSelect';
import { PagedTable } from '../components/PagedTable';
import { UserRoleBadge } from '../components/UserRoleBadge';
import { useI18n } from '../lib/i18n';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { useSearchPages } from '../lib/useSearchPages';
import { meQuery } from '../lib/meQuery';
import { UserDrawer } from './UserDrawer';

type Role = 'admin' | 'superadmin';
const SORTS = ['created_at', 'display_name', 'email', 'last_login_at'] as const;
type Sort = (typeof SORTS)[number];

function TrashIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M4 7h16M10 11v6M14 11v6M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12M9 7V4a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v3" />
    </svg>
  );
}

function CreateUser({ opened, onClose, onCreated }: { opened: boolean; onClose(): void; onCreated(user: User): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { organizationId: current } = useCurrentOrganization();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('admin');
  const [organizationId, setOrganizationId] = useState<string | null>(null);
  const organization = organizationId ?? current;
  const create = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v1/users', {
          body: { email: email.trim(), display_name: displayName.trim(), password, role, ...(role === 'admin' ? { organization_id: organization! } : {}) },
        }),
      ),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      setEmail('');
      setDisplayName('');
      setPassword('');
      setRole('admin');
      setOrganizationId(null);
      onCreated(user);
      onClose();
    },
  });
  return (
    <CreateFormModal
      opened={opened}
      onClose={onClose}
      mutation={create}
      title={t('users.new')}
      canSubmit={!!email.trim() && !!displayName.trim() && password.length >= 8 && (role === 'superadmin' || !!organization)}
      submitTestId="user-create"
    >
      <TextInput label={t('users.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required maxLength={320} data-autofocus data-testid="user-email" />
      <TextInput label={t('users.displayName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} required maxLength={200} data-testid="user-display-name" />
      <PasswordInput
        label={t('users.password')}
        description={t('users.passwordHint')}
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        required
        minLength={8}
        maxLength={200}
        autoComplete="new-password"
        data-testid="user-password"
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('users.role')}
        </Text>
        <SegmentedControl
          value={role}
          onChange={(value) => setRole(value as Role)}
          data={[
            { value: 'admin', label: t('users.role.admin') },
            { value: 'superadmin', label: t('users.role.superadmin') },
          ]}
          data-testid="user-role"
        />
        <Text size="xs" c="dimmed">
          {t(`users.roleHint.${role}`)}
        </Text>
      </Stack>
      {role === 'admin' && (
        <OrganizationSelect label={t('users.organization')} placeholder={t('users.organizationPick')} value={organization} onChange={setOrganizationId} required testId="user-organization" />
      )}
    </CreateFormModal>
  );
}

export default function UsersPage() {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const { organizationId, organization } = useCurrentOrganization();
  const { page, setPage, search, q, changeSearch } = useSearchPages();
  const [scope, setScope] = useState<'all' | 'organization'>('all');
  const [opened, { open, close }] = useDisclosure();
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const [sort, setSort] = useState<Sort>('created_at');
  const [params, setParams] = useSearchParams();
  const openUserId = params.get('user');
  const showUser = (id: string | null) => setParams(id ? { user: id } : {}, { replace: true });
  const inOrganization = scope === 'organization' && organizationId !== null;
  const me = useQuery(meQuery);
  const query = useQuery({
    queryKey: ['users', 'page', { page, q, sort, organization: inOrganization ? organizationId : null }],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/users', {
          params: {
            query: {
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
              sort,
              // names and emails read A to Z; dates newest first
              order: sort === 'display_name' || sort === 'email' ? 'asc' : 'desc',
              ...(q ? { q } : {}),
              ...(inOrganization ? { organization_id: organizationId } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: async (user: User) => unwrap(await api.DELETE('/api/v1/users/{id}', { params: { path: { id: user.id } } })),
    onSuccess: async (_, user) => {
      setDeleting(null);
      if (user.id === openUserId) showUser(null);
      setNotice(t('users.deleted', { email: user.email }));
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const date = (value: string) => new Date(value).toLocaleString(language === 'zh' ? 'zh-CN' : 'en');
  const empty = q ? (
    <>
      {t('users.noMatch', { q })}{' '}
      <Anchor component="button" onClick={() => changeSearch('')} data-testid="users-clear-search">
        {t('users.clearSearch')}
      </Anchor>
    </>
  ) : inOrganization ? (
    t('users.emptyOrganization', { org: organization?.name ?? '' })
  ) : (
    t('users.empty')
  );
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('users.title')}</Title>
        <Button onClick={open} data-testid="new-user">
          {t('users.new')}
        </Button>
      </Group>
      <UserDrawer userId={openUserId} self={openUserId !== null && openUserId === me.data?.id} onClose={() => showUser(null)} onDelete={setDeleting} />
      <CreateUser opened={opened} onClose={close} onCreated={(user) => setNotice(t('users.created', { email: user.email }))} />
      <ConfirmMutationModal
        target={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        title={t('users.deleteTitle')}
        message={deleting ? t('users.deleteConfirm', { name: deleting.display_name, email: deleting.email }) : ''}
        confirmLabel={t('common.delete')}
        confirmTestId="user-delete-confirm"
      />
      <Notice message={notice} onClose={() => setNotice(null)} testId="users-notice" />
      <Group>
        <TextInput
          placeholder={t('users.search')}
          aria-label={t('common.search')}
          value={search}
          onChange={(e) => changeSearch(e.currentTarget.value)}
          maxLength={200}
          w={280}
          data-testid="users-search"
        />
        {organizationId && (
          <SegmentedControl
            value={scope}
            onChange={(value) => {
              setScope(value as typeof scope);
              setPage(1);
            }}
            data={[
              { value: 'all', label: t('users.scope.all') },
              { value: 'organization', label: t('users.scope.organization', { org: organization?.name ?? '…' }) },
            ]}
            data-testid="users-scope"
          />
        )}
        <Select
          aria-label={t('users.sort')}
          value={sort}
          onChange={(value) => {
            if (!value) return;
            setSort(value as Sort);
            setPage(1);
          }}
          data={SORTS.map((value) => ({ value, label: t(`users.sort.${value}`) }))}
          allowDeselect={false}
          w={200}
          ml="auto"
          data-testid="users-sort"
        />
      </Group>
      <PagedTable
        query={query}
        page={page}
        onPageChange={setPage}
        empty={empty}
        testId="users-table"
        minWidth={800}
        highlightOnHover
        verticalSpacing="sm"
        columns={[t('common.name'), t('users.role'), t('users.organization'), t('users.status'), t('users.lastLogin'), t('common.created'), {}]}
        row={(user) => {
          const self = user.id === me.data?.id;
          return (
            <Table.Tr key={user.id} onClick={() => showUser(user.id)} style={{ cursor: 'pointer' }} data-testid="user-row">
              <NameCell name={user.display_name} description={user.email} />
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <UserRoleBadge role={user.role} />
                  {self && (
                    <Badge variant="outline" color="gray">
                      {t('users.you')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{user.organization_id ? <OrganizationName id={user.organization_id} /> : <Text c="dimmed" size="sm">{t('users.everyOrganization')}</Text>}</Table.Td>
              <Table.Td>
                <Badge variant="dot" color={user.is_active ? 'green' : 'gray'}>
                  {t(user.is_active ? 'users.active' : 'users.inactive')}
                </Badge>
              </Table.Td>
              <Table.Td>{user.last_login_at ? date(user.last_login_at) : <Text c="dimmed" size="sm">{t('users.never')}</Text>}</Table.Td>
              <Table.Td>{date(user.created_at)}</Table.Td>
              <Table.Td>
                <Tooltip label={self ? t('users.cannotDeleteSelf') : t('common.delete')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    disabled={self}
                    aria-label={t('common.delete')}
                    onClick={(event) => {
                      event.stopPropagation();
                      setDeleting(user);
                    }}
                    data-testid="user-delete"
                  >
                    <TrashIcon />
                  </ActionIcon>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          );
        }}
        after={(data) =>
          !q &&
          data.total === 1 &&
          data.items[0]?.id === me.data?.id && (
            <Text c="dimmed" data-testid="users-hint">
              {t('users.onlyYou')}
            </Text>
          )
        }
      />
    </Stack>
  );
}
