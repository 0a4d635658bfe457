import { Alert, Badge, Button, Drawer, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, unwrap, type User } from '../api/client';
import { OrganizationName } from '../components/OrganizationName';
import { UserAvatar } from '../components/UserAvatar';
import { UserRoleBadge } from '../components/UserRoleBadge';
import { useI18n } from '../lib/i18n';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

/** One user's record, fresh from the API, with the way to delete them. */
export function UserDrawer({ userId, self, onClose, onDelete }: { userId: string | null; self: boolean; onClose(): void; onDelete(user: User): void }) {
  const { t, language } = useI18n();
  const query = useQuery({
    queryKey: ['users', 'one', userId],
    queryFn: async () => unwrap(await api.GET('/api/v1/users/{id}', { params: { path: { id: userId! } } })),
    enabled: userId !== null,
  });
  const date = (value: string | null) => (value ? new Date(value).toLocaleString(language === 'zh' ? 'zh-CN' : 'en') : t('users.never'));
  const user = query.data;
  return (
    <Drawer opened={userId !== null} onClose={onClose} position="right" size="md" title={t('users.details')}>
      {query.error ? (
        <Alert color="red">{query.error.message}</Alert>
      ) : !user ? (
        <Loader />
      ) : (
        <Stack data-testid="user-detail">
          <Group wrap="nowrap">
            <UserAvatar name={user.display_name} url={user.avatar_url} size="lg" />
            <div style={{ minWidth: 0 }}>
              <Text fw={600} size="lg" truncate>
                {user.display_name}
              </Text>
              <Text size="sm" c="dimmed" truncate>
                {user.email}
              </Text>
            </div>
          </Group>
          <Group gap={6}>
            <UserRoleBadge role={user.role} />
            <Badge variant="dot" color={user.is_active ? 'green' : 'gray'}>
              {t(user.is_active ? 'users.active' : 'users.inactive')}
            </Badge>
            {self && (
              <Badge variant="outline" color="gray">
                {t('users.you')}
              </Badge>
            )}
          </Group>
          <SimpleGrid cols={2} spacing="md" verticalSpacing="md">
            <Field label={t('users.organization')}>{user.organization_id ? <OrganizationName id={user.organization_id} /> : t('users.everyOrganization')}</Field>
            <Field label={t('users.timezone')}>{user.timezone}</Field>
            <Field label={t('users.lastLogin')}>{date(user.last_login_at)}</Field>
            <Field label={t('common.created')}>{date(user.created_at)}</Field>
            <Field label={t('users.updated')}>{date(user.updated_at)}</Field>
          </SimpleGrid>
          <Group justify="flex-end">
            <Button color="red" variant="light" disabled={self} onClick={() => onDelete(user)} data-testid="user-detail-delete">
              {t('common.delete')}
            </Button>
          </Group>
          {self && (
            <Text size="xs" c="dimmed" ta="right">
              {t('users.cannotDeleteSelf')}
            </Text>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
