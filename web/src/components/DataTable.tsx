import { Table, type MantineSpacing } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';

/** A column heading: its text, or its text (none for a column of buttons) with a width, an alignment or a style. */
export type Column = string | { label?: string; w?: number | string; ta?: 'left' | 'center' | 'right'; style?: CSSProperties };

export interface DataTableProps<T> {
  columns: readonly Column[];
  /** one `Table.Tr` (with its key) an item */
  row(item: T): ReactNode;
  testId: string;
  /** scrolls sideways below this width; without it the table is not wrapped in a scroll container */
  minWidth?: number;
  striped?: boolean;
  highlightOnHover?: boolean;
  verticalSpacing?: MantineSpacing;
}

function heading(column: Column, index: number) {
  if (typeof column === 'string') return <Table.Th key={index}>{column}</Table.Th>;
  return (
    <Table.Th key={index} w={column.w} ta={column.ta} style={column.style}>
      {column.label}
    </Table.Th>
  );
}

/** A table of items: the column headings and a row an item, scrolling sideways on narrow screens when given a `minWidth`. */
export function DataTable<T>({ items, columns, row, testId, minWidth, striped = true, highlightOnHover, verticalSpacing }: DataTableProps<T> & { items: readonly T[] }) {
  const table = (
    <Table striped={striped} highlightOnHover={highlightOnHover} verticalSpacing={verticalSpacing} data-testid={testId}>
      <Table.Thead>
        <Table.Tr>{columns.map(heading)}</Table.Tr>
      </Table.Thead>
      <Table.Tbody>{items.map(row)}</Table.Tbody>
    </Table>
  );
  return minWidth === undefined ? table : <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer>;
}
