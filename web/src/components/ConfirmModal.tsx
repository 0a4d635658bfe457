import { Button, Modal, Stack, Text } from '@mantine/core';
import { ModalFooter } from './ModalFooter';

/** Asks before something that cannot be undone; shows the server's refusal in place. */
interface ConfirmModalProps {
  opened: boolean;
  onClose(): void;
  title: string;
  message: string;
  confirmLabel: string;
  error: Error | null;
  pending: boolean;
  onConfirm(): void;
  confirmTestId: string;
}

export function ConfirmModal(props: ConfirmModalProps) {
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

/**
 * A ConfirmModal about one thing: open while `target` is set, confirming runs `mutation` on it, closing hands back
 * to `onClose` (which clears the target) and forgets the mutation's refusal.
 */
export function ConfirmMutationModal<T>({
  target,
  onClose,
  mutation,
  ...props
}: {
  target: T | null;
  onClose(): void;
  mutation: { error: Error | null; isPending: boolean; reset(): void; mutate(target: T): void };
} & Omit<ConfirmModalProps, 'opened' | 'onClose' | 'error' | 'pending' | 'onConfirm'>) {
  return (
    <ConfirmModal
      {...props}
      opened={target !== null}
      onClose={() => {
        onClose();
        mutation.reset();
      }}
      error={mutation.error}
      pending={mutation.isPending}
      onConfirm={() => target !== null && mutation.mutate(target)}
    />
  );
}
