import { Button, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../lib/i18n';
import { ModalFooter } from './ModalFooter';

/** A modal form that creates (or, with `submitLabel`, saves) one thing: its fields, the server's refusal, cancel and submit. */
export function CreateFormModal(props: {
  opened: boolean;
  onClose(): void;
  title: string;
  error: Error | null;
  pending: boolean;
  canSubmit: boolean;
  onSubmit(): void;
  submitTestId: string;
  submitLabel?: string;
  size?: string;
  errorTestId?: string;
  /** false when the field that opened the modal should not take the focus back (a select would open its list again) */
  returnFocus?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size={props.size} returnFocus={props.returnFocus}>
      <form onSubmit={submit}>
        <Stack>
          {props.children}
          <ModalFooter error={props.error} errorTestId={props.errorTestId} onCancel={props.onClose}>
            <Button type="submit" loading={props.pending} disabled={!props.canSubmit} data-testid={props.submitTestId}>
              {props.submitLabel ?? t('common.create')}
            </Button>
          </ModalFooter>
        </Stack>
      </form>
    </Modal>
  );
}
