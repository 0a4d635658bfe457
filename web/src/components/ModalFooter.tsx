import { Alert, Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../lib/i18n';

/** The end of a modal: the server's refusal when there is one, then Cancel and the modal's own button at the right. */
export function ModalFooter({ error, errorTestId, onCancel, cancelLabel, children }: { error: Error | null; errorTestId?: string; onCancel(): void; cancelLabel?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      {error && (
        <Alert color="red" data-testid={errorTestId}>
          {error.message}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {cancelLabel ?? t('common.cancel')}
        </Button>
        {children}
      </Group>
    </>
  );
}
