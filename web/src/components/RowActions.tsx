import { Button, Group, Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** The last cell of a table row: its buttons at the right, and a red delete button after them when `remove` is given. */
export function RowActions({ children, remove }: { children?: ReactNode; remove?: { label: string; testId: string; onClick(): void; variant?: 'subtle' | 'light' } }) {
  return (
    <Table.Td>
      <Group gap="xs" justify="flex-end" wrap="nowrap">
        {children}
        {remove && (
          <Button size="xs" variant={remove.variant ?? 'subtle'} color="red" onClick={remove.onClick} data-testid={remove.testId}>
            {remove.label}
          </Button>
        )}
      </Group>
    </Table.Td>
  );
}
