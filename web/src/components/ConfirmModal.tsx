import { Button, Modal, Stack, Text } from '@mantine/core';
import { ModalFooter } from './ModalFooter';

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
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title}>
      <Stack>
        <Text size="sm">{props.message}</Text>
        <ModalFooter error={props.error} errorTestId="confirm-error" onCancel={props.onClose}>
          <Button color="red" loading={props.pending} onClick={props.onConfirm} data-testid={props.confirmTestId}>
            {props.confirmLabel}
          </Button>
        </ModalFooter>
      </Stack>
    </Modal>
  );
}
