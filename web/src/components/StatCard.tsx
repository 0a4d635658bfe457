import { Card, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One key figure: its label, the value large, a line of detail under it. */
export function StatCard({ label, value, detail, testId }: { label: string; value: ReactNode; detail?: ReactNode; testId: string }) {
  return (
    <Card withBorder radius="md" padding="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700} lh={1.3} lineClamp={1}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2} mt={6} data-testid={`${testId}-value`}>
        {value}
      </Text>
      {detail && (
        <Text size="xs" c="dimmed" mt={4} lineClamp={1}>
          {detail}
        </Text>
      )}
    </Card>
  );
}
