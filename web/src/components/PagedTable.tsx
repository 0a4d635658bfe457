import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { DataTable, type DataTableProps } from './DataTable';
import { Pager } from './Pager';
import { QueryState } from './QueryState';

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * One page of a list query as a table: the query's loading and error states, a dimmed text when the list is empty,
 * otherwise the table and the page numbers under it.
 */
export function PagedTable<T>(
  props: DataTableProps<T> & {
    query: { isPending: boolean; error: Error | null; data: Page<T> | undefined; refetch(): unknown };
    page: number;
    onPageChange(page: number): void;
    pagerTestId?: string;
    /** what the dimmed text says when there is nothing to list */
    empty: ReactNode;
    emptyTestId?: string;
    /** shown under the page numbers */
    after?(data: Page<T>): ReactNode;
  },
) {
  const { query, page, onPageChange, pagerTestId, empty, emptyTestId = 'empty-state', after, ...table } = props;
  return (
    <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
      {() =>
        query.data!.total === 0 ? (
          <Text c="dimmed" data-testid={emptyTestId}>
            {empty}
          </Text>
        ) : (
          <>
            <DataTable {...table} items={query.data!.items} />
            <Pager page={page} total={query.data!.total} onChange={onPageChange} testId={pagerTestId} />
            {after?.(query.data!)}
          </>
        )
      }
    </QueryState>
  );
}
