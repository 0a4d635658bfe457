import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

export interface Named {
  id: string;
  name: string;
}

/**
 * Picks one of a server list of named records: `load` answers the first ones by name, and the API's search (?q=)
 * for the rest as the user types, so it works with any number of them. The chosen record stays among the options.
 */
export function NamedSearchSelect({
  chosen,
  optionsKey,
  load,
  testId,
  ...select
}: {
  /** the record `value` names, once loaded */
  chosen: Named | undefined;
  /** the options' query key; the search term is added to it */
  optionsKey: readonly unknown[];
  load(term: string): Promise<{ items: Named[] }>;
  value: string | null;
  onChange(value: string | null): void;
  testId: string;
} & Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchable' | 'searchValue' | 'onSearchChange' | 'filter'>) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  // the box shows the chosen name: that is not a search
  const term = chosen && q === chosen.name ? '' : q;
  const { data } = useQuery({
    queryKey: [...optionsKey, term],
    queryFn: () => load(term),
    placeholderData: keepPreviousData,
  });
  const options = (data?.items ?? []).map((item) => ({ value: item.id, label: item.name }));
  if (chosen && !options.some((o) => o.value === chosen.id)) options.unshift({ value: chosen.id, label: chosen.name });
  return <Select {...select} data={options} searchable searchValue={search} onSearchChange={setSearch} filter={({ options: all }) => all} data-testid={testId} />;
}
