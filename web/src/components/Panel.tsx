import { Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled card section of a dashboard: its title, an optional hint under it, controls on the right. */
export function Panel({ title, hint, controls, children, testId }: { title: string; hint?: ReactNode; controls?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card withBorder radius="md" padding="lg" h="100%" data-testid={testId}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <div>
            <Title order={4}>{title}</Title>
            {hint && (
              <Text size="xs" c="dimmed">
                {hint}
              </Text>
            )}
          </div>
          {controls}
        </Group>
        {children}
      </Stack>
    </Card>
  );
}
