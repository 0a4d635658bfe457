import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { api, unwrap } from '../api/client';

/**
 * Several agents of an organisation: the first 50 by name, and the API's search (?q=) for the rest as the user types.
 * Chosen agents keep their names while a search shows others.
 */
export function AgentMultiSelect(props: {
  organizationId: string;
  value: string[];
  onChange(ids: string[]): void;
  label?: string;
  description?: string;
  placeholder?: string;
  nothingFound?: string;
  error?: string;
  testId: string;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const names = useRef(new Map<string, string>());
  const { data } = useQuery({
    queryKey: ['agents', 'options', props.organizationId, q],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/agents', { params: { query: { organization_id: props.organizationId, limit: 50, sort: 'name', order: 'asc', ...(q ? { q } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  for (const agent of data?.items ?? []) names.current.set(agent.id, agent.name);
  const options = (data?.items ?? []).map((agent) => ({ value: agent.id, label: agent.name }));
  for (const id of props.value) if (!options.some((o) => o.value === id)) options.push({ value: id, label: names.current.get(id) ?? id.slice(0, 8) });
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      placeholder={props.value.length === 0 ? props.placeholder : undefined}
      data={options}
      value={props.value}
      onChange={props.onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={props.nothingFound}
      clearable
      error={props.error}
      comboboxProps={{ withinPortal: true }}
      data-testid={props.testId}
    />
  );
}
