import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useI18n } from '../lib/i18n';

/** Asks before something that cannot be undone; shows the server's refusal in place. */
export function ConfirmModal(props: {
  opened: boolean;
  onClose(): void;
  title: string;
  message: string;
  confirmLabel: string;
  error: Error | null;
  pending: boolean;
  onConfirm(): void;
  confirmTestId: string;
}) {
  const { t } = useI18n();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title}>
      <Stack>
        <Text size="sm">{props.message}</Text>
        {props.error && (
          <Alert color="red" data-testid="confirm-error">
            {props.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={props.pending} onClick={props.onConfirm} data-testid={props.confirmTestId}>
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
