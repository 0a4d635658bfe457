import { Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A table cell with a name (and a badge beside it, if any) and, under it, its description when there is one. */
export function NameCell({ name, description, badge }: { name: string; description?: string | null; badge?: ReactNode }) {
  return (
    <Table.Td>
      <Group gap="xs" wrap="nowrap">
        <Text fw={500}>{name}</Text>
        {badge}
      </Group>
      {description && (
        <Text size="xs" c="dimmed">
          {description}
        </Text>
      )}
    </Table.Td>
  );
}
