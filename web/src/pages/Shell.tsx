import { AppShell, Burger, Button, Group, NavLink, Select, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { api, unwrap } from '../api/client';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ThemeToggle } from '../components/ThemeToggle';
import { useI18n } from '../lib/i18n';
import { useOrganization } from '../lib/organization';
import { clearToken } from '../lib/session';

export const organizationOptionsKey = ['organizations', 'options'];

function OrganizationSwitcher() {
  const { t } = useI18n();
  const { organizationId, setOrganizationId } = useOrganization();
  const { data } = useQuery({
    queryKey: organizationOptionsKey,
    queryFn: async () => unwrap(await api.GET('/api/v1/organizations', { params: { query: { limit: 100, sort: 'name', order: 'asc' } } })),
  });
  const items = data?.items;
  useEffect(() => {
    if (!items) return;
    // the remembered organisation is gone (or none chosen yet): take the first one there is
    if (!organizationId || !items.some((o) => o.id === organizationId)) setOrganizationId(items[0]?.id ?? null);
  }, [items, organizationId, setOrganizationId]);
  return (
    <Select
      aria-label={t('shell.organization')}
      placeholder={t('shell.noOrganization')}
      data={(items ?? []).map((o) => ({ value: o.id, label: o.name }))}
      value={organizationId}
      onChange={(value) => value && setOrganizationId(value)}
      searchable
      allowDeselect={false}
      w={220}
      data-testid="organization-switcher"
    />
  );
}

export default function Shell() {
  const { t } = useI18n();
  const [opened, { toggle }] = useDisclosure();
  const { pathname } = useLocation();
  const links = [
    { to: '/boards', label: t('nav.boards') },
    { to: '/agents', label: t('nav.agents') },
    { to: '/organizations', label: t('nav.organizations') },
  ];
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />
            <Title order={4}>{t('app.name')}</Title>
            <OrganizationSwitcher />
          </Group>
          <Group wrap="nowrap">
            <LanguageSwitch />
            <ThemeToggle />
            <Button variant="subtle" onClick={() => clearToken('logout')} data-testid="logout">
              {t('shell.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {links.map((link) => (
          <NavLink key={link.to} component={Link} to={link.to} label={link.label} active={pathname === link.to || pathname.startsWith(`${link.to}/`)} data-testid={`nav-${link.to.slice(1)}`} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
