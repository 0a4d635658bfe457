import { Alert, Button, Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../lib/i18n';

/** A query's loading and error states; its data otherwise. */
export function QueryState({ isPending, error, retry, children }: { isPending: boolean; error: Error | null; retry(): void; children: () => ReactNode }) {
  const { t } = useI18n();
  if (error)
    return (
      <Alert color="red" title={error.message}>
        <Button size="xs" variant="light" onClick={retry}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  if (isPending)
    return (
      <Center p="xl">
        <Loader />
      </Center>
    );
  return <>{children()}</>;
}
