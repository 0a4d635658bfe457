import { Text, Title } from '@mantine/core';

/** A page's title with the line under it that says what the page is for. */
export function PageHeading({ title, subtitle }: { title: string; subtitle: string }) {
  return (
    <div>
      <Title order={2}>{title}</Title>
      <Text size="sm" c="dimmed" maw={760}>
        {subtitle}
      </Text>
    </div>
  );
}
