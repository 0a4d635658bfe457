import { AppShell, Burger, Button, Group, NavLink, Select, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { api, unwrap } from '../api/client';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { SuggestionBell } from '../components/SuggestionBell';
import { ThemeToggle } from '../components/ThemeToggle';
import { useI18n } from '../lib/i18n';
import { consoleRoutes } from '../routes';
import { useOrganization } from '../lib/organization';
import { clearToken } from '../lib/session';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';

export const organizationOptionsKey = ['organizations', 'options'];

/**
 * The organisation the pages work in. It offers the first 50 by name and asks the API (?q=) for the rest as the
 * user types, so it works with any number of organisations.
 */
function OrganizationSwitcher() {
  const { t } = useI18n();
  const { organizationId, setOrganizationId } = useOrganization();
  const { organization, missing } = useCurrentOrganization();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  // typing shows the chosen name in the box: that is not a search
  const term = organization && q === organization.name ? '' : q;
  const { data } = useQuery({
    queryKey: [...organizationOptionsKey, term],
    queryFn: async () => unwrap(await api.GET('/api/v1/organizations', { params: { query: { limit: 50, sort: 'name', order: 'asc', ...(term ? { q: term } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const items = data?.items;
  useEffect(() => {
    if (!items || term) return;
    // none chosen yet, or the remembered one is gone: take the first one there is
    if (!organizationId ? items.length > 0 : missing) setOrganizationId(items[0]?.id ?? null);
  }, [items, term, organizationId, missing, setOrganizationId]);
  const options = (items ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (organization && !options.some((o) => o.value === organization.id)) options.unshift({ value: organization.id, label: organization.name });
  return (
    <Select
      aria-label={t('shell.organization')}
      placeholder={t('shell.noOrganization')}
      data={options}
      value={organizationId}
      onChange={(value) => value && setOrganizationId(value)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
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
  const links = consoleRoutes.flatMap(({ path, nav }) => (nav ? [{ to: path, label: t(nav) }] : []));
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
            <SuggestionBell />
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
