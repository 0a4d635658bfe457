import { Group, Pagination, Text } from '@mantine/core';
import { PAGE_SIZE } from '../api/client';
import { useI18n } from '../lib/i18n';

/** Page numbers under a list (hidden while everything fits on one page) and the total. */
export function Pager({ page, total, onChange, pageSize = PAGE_SIZE, testId = 'pager' }: { page: number; total: number; onChange(page: number): void; pageSize?: number; testId?: string }) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <Group justify="space-between" mt="md">
      <Text size="sm" c="dimmed">
        {t('common.total', { count: total })}
      </Text>
      {pages > 1 && <Pagination value={page} total={pages} onChange={onChange} size="sm" data-testid={testId} />}
    </Group>
  );
}
