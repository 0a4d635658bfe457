import { Table, Text } from '@mantine/core';

/** A table cell with a name and, under it, its description when there is one. */
export function NameCell({ name, description }: { name: string; description?: string | null }) {
  return (
    <Table.Td>
      <Text fw={500}>{name}</Text>
      {description && (
        <Text size="xs" c="dimmed">
          {description}
        </Text>
      )}
    </Table.Td>
  );
}
