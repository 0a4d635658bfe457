import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';

/** A searched, paged list's state: the page, the search box's text, its settled words (`q`) and a search change that starts again at page 1. */
export function useSearchPages() {
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const changeSearch = (value: string) => {
    setSearch(value);
    setPage(1);
  };
  return { page, setPage, search, q, changeSearch };
}
