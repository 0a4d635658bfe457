import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../lib/i18n';

/** A modal form that creates one thing: its fields, the server's refusal, cancel and create. */
export function CreateFormModal(props: {
  opened: boolean;
  onClose(): void;
  title: string;
  error: Error | null;
  pending: boolean;
  canSubmit: boolean;
  onSubmit(): void;
  submitTestId: string;
  size?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size={props.size}>
      <form onSubmit={submit}>
        <Stack>
          {props.children}
          {props.error && <Alert color="red">{props.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={props.pending} disabled={!props.canSubmit} data-testid={props.submitTestId}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
