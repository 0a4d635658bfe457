import { Alert, Badge, Button, Group, Paper, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { api, unwrap, type User } from '../api/client';
import { OrganizationName } from '../components/OrganizationName';
import { QueryState } from '../components/QueryState';
import { UserAvatar } from '../components/UserAvatar';
import { UserRoleBadge } from '../components/UserRoleBadge';
import { useI18n } from '../lib/i18n';
import { meQuery } from '../lib/meQuery';

function ProfileForm({ me }: { me: User }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState(me.display_name);
  const [avatarUrl, setAvatarUrl] = useState(me.avatar_url ?? '');
  const [timezone, setTimezone] = useState(me.timezone);
  const zones = useMemo(() => {
    const all = Intl.supportedValuesOf('timeZone');
    return all.includes(me.timezone) ? all : [me.timezone, ...all];
  }, [me.timezone]);
  const save = useMutation({
    mutationFn: async () =>
      unwrap(await api.PATCH('/api/v1/users/me', { body: { display_name: displayName.trim(), avatar_url: avatarUrl.trim() || null, timezone } })),
    onSuccess: async (user) => {
      queryClient.setQueryData(meQuery.queryKey, user);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const changed = displayName.trim() !== me.display_name || (avatarUrl.trim() || null) !== me.avatar_url || timezone !== me.timezone;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit}>
      <Stack>
        <Group wrap="nowrap">
          <UserAvatar name={displayName || me.email} url={avatarUrl.trim() || null} size="lg" />
          <Stack gap={4}>
            <Text fw={600} size="lg" data-testid="profile-name">
              {me.display_name}
            </Text>
            <Group gap={6}>
              <Text size="sm" c="dimmed">
                {me.email}
              </Text>
              <UserRoleBadge role={me.role} />
              <Badge variant="outline" color="gray" tt="none" data-testid="profile-organization">
                {me.organization_id ? <OrganizationName id={me.organization_id} /> : t('users.everyOrganization')}
              </Badge>
            </Group>
          </Stack>
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TextInput label={t('users.displayName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} required maxLength={200} data-testid="profile-display-name" />
          <Select
            label={t('profile.timezone')}
            description={t('profile.timezoneHint')}
            data={zones}
            value={timezone}
            onChange={(value) => value && setTimezone(value)}
            searchable
            allowDeselect={false}
            limit={100}
            data-testid="profile-timezone"
          />
          <TextInput
            label={t('profile.avatar')}
            description={t('profile.avatarHint')}
            value={avatarUrl}
            onChange={(e) => setAvatarUrl(e.currentTarget.value)}
            type="url"
            maxLength={2048}
            placeholder="https://…"
            data-testid="profile-avatar"
          />
        </SimpleGrid>
        {save.error && (
          <Alert color="red" data-testid="profile-error">
            {save.error.message}
          </Alert>
        )}
        {save.isSuccess && !changed && (
          <Alert color="green" data-testid="profile-saved">
            {t('profile.saved')}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={!changed || !displayName.trim()} data-testid="profile-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function PasswordForm() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const change = useMutation({
    mutationFn: async () => unwrap(await api.PATCH('/api/v1/users/me', { body: { current_password: current, new_password: next } })),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setAgain('');
    },
  });
  const tooShort = next.length > 0 && next.length < 8;
  const mismatch = again.length > 0 && again !== next;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit}>
      <Stack>
        <div>
          <Title order={4}>{t('profile.password')}</Title>
          <Text size="sm" c="dimmed">
            {t('profile.passwordNote')}
          </Text>
        </div>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <PasswordInput label={t('profile.currentPassword')} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} required autoComplete="current-password" data-testid="profile-current-password" />
          <PasswordInput
            label={t('profile.newPassword')}
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={tooShort ? t('profile.passwordTooShort') : undefined}
            required
            maxLength={200}
            autoComplete="new-password"
            data-testid="profile-new-password"
          />
          <PasswordInput
            label={t('profile.confirmPassword')}
            value={again}
            onChange={(e) => setAgain(e.currentTarget.value)}
            error={mismatch ? t('profile.passwordMismatch') : undefined}
            required
            maxLength={200}
            autoComplete="new-password"
            data-testid="profile-confirm-password"
          />
        </SimpleGrid>
        {change.error && (
          <Alert color="red" data-testid="password-error">
            {change.error.message}
          </Alert>
        )}
        {change.isSuccess && (
          <Alert color="green" data-testid="password-saved">
            {t('profile.passwordSaved')}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending} disabled={!current || next.length < 8 || next !== again} data-testid="password-change">
            {t('profile.passwordChange')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export default function ProfilePage() {
  const { t } = useI18n();
  const me = useQuery(meQuery);
  return (
    <Stack maw={960}>
      <div>
        <Title order={2}>{t('profile.title')}</Title>
        <Text c="dimmed">{t('profile.subtitle')}</Text>
      </div>
      <QueryState isPending={me.isPending} error={me.error} retry={() => void me.refetch()}>
        {() => (
          <>
            <ProfileForm me={me.data!} />
            <PasswordForm />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
