import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

export interface SearchOption {
  value: string;
  label: string;
}

const CREATE = '\u0000create';

/**
 * A select that searches the server as the user types (the list endpoints' `q`), so it never needs the whole list.
 * `pickOnly`: the choice is handed to `onChange` and the field empties again, for "add one more" pickers.
 */
export function SearchSelect(props: {
  queryKey: readonly unknown[];
  load(q: string): Promise<SearchOption[]>;
  value?: string | null;
  /** the chosen option's label, kept among the options while the search shows others */
  current?: SearchOption | null;
  exclude?: readonly string[];
  onChange(value: string | null): void;
  onSearchChange?(q: string): void;
  pickOnly?: boolean;
  /** offers "create" for a search no option matches exactly: the option's label, and what choosing it does */
  create?: { label(q: string): string; onCreate(q: string): void };
  label?: string;
  placeholder?: string;
  nothingFound?: string;
  clearable?: boolean;
  disabled?: boolean;
  testId: string;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  // the field shows the chosen option's label as its text: that is no search
  const q = debounced === props.current?.label ? '' : debounced.trim();
  const query = useQuery({
    queryKey: [...props.queryKey, 'search', q],
    queryFn: () => props.load(q),
    staleTime: 10_000,
  });
  const excluded = new Set(props.exclude ?? []);
  const options = (query.data ?? []).filter((option) => !excluded.has(option.value));
  if (props.current && !options.some((option) => option.value === props.current!.value)) options.unshift(props.current);
  const typed = search.trim();
  const creatable = props.create && typed && !options.some((option) => option.label.toLowerCase() === typed.toLowerCase());
  if (creatable) options.push({ value: CREATE, label: props.create!.label(typed) });
  const setSearchValue = (q: string) => {
    setSearch(q);
    props.onSearchChange?.(q);
  };
  return (
    <Select
      label={props.label}
      placeholder={props.placeholder}
      data={options}
      value={props.pickOnly ? null : (props.value ?? null)}
      onChange={(value) => {
        if (value === CREATE) props.create?.onCreate(typed);
        else props.onChange(value);
        if (props.pickOnly) setSearchValue('');
      }}
      searchable
      searchValue={props.pickOnly ? search : undefined}
      onSearchChange={setSearchValue}
      // the server already filtered by the search words
      filter={({ options: all }) => all}
      nothingFoundMessage={query.isFetching ? '…' : props.nothingFound}
      clearable={props.clearable}
      disabled={props.disabled}
      comboboxProps={{ withinPortal: true }}
      data-testid={props.testId}
    />
  );
}
