import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';

/**
 * A filter on one board of an organisation (null: all boards). It offers the first 50 by name and asks the API
 * (?q=) for the rest as the user types, so it works with any number of boards.
 */
export function BoardSelect(props: { organizationId: string; value: string | null; onChange(boardId: string | null): void; label?: string; placeholder: string; testId: string; width?: number | string }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const chosen = useQuery({
    queryKey: ['boards', 'one', props.value],
    queryFn: async () => unwrap(await api.GET('/api/v1/boards/{id}', { params: { path: { id: props.value! } } })),
    enabled: props.value !== null,
  });
  // typing shows the chosen name in the box: that is not a search
  const term = chosen.data && q === chosen.data.name ? '' : q;
  const { data } = useQuery({
    queryKey: ['boards', 'options', props.organizationId, term],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/boards', { params: { query: { organization_id: props.organizationId, limit: 50, sort: 'name', order: 'asc', ...(term ? { q: term } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const options = (data?.items ?? []).map((board) => ({ value: board.id, label: board.name }));
  if (chosen.data && !options.some((o) => o.value === chosen.data.id)) options.unshift({ value: chosen.data.id, label: chosen.data.name });
  return (
    <Select
      label={props.label}
      placeholder={props.placeholder}
      data={options}
      value={props.value}
      onChange={props.onChange}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      w={props.width ?? 240}
      data-testid={props.testId}
    />
  );
}
