import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { organizationQuery } from '../lib/organizationQuery';

/** Picks any organisation: the first 50 by name, and the API's search (?q=) for the rest as the user types. */
export function OrganizationSelect(props: { label: string; placeholder: string; value: string | null; onChange(id: string | null): void; required?: boolean; testId: string }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const chosen = useQuery(organizationQuery(props.value));
  // the box shows the chosen name: that is not a search
  const term = chosen.data && q === chosen.data.name ? '' : q;
  const { data } = useQuery({
    queryKey: ['organizations', 'options', term],
    queryFn: async () => unwrap(await api.GET('/api/v1/organizations', { params: { query: { limit: 50, sort: 'name', order: 'asc', ...(term ? { q: term } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const options = (data?.items ?? []).map((o) => ({ value: o.id, label: o.name }));
  if (chosen.data && !options.some((o) => o.value === chosen.data.id)) options.unshift({ value: chosen.data.id, label: chosen.data.name });
  return (
    <Select
      label={props.label}
      placeholder={props.placeholder}
      data={options}
      value={props.value}
      onChange={props.onChange}
      required={props.required}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      data-testid={props.testId}
    />
  );
}
