import { Button, Modal, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../lib/i18n';
import { ModalFooter } from './ModalFooter';

/** Where the form's submit goes: a mutation (forgotten again when the modal closes), or the submit handler and its state. */
type Submit = { mutation: { error: Error | null; isPending: boolean; mutate(): void; reset(): void } } | { mutation?: undefined; error: Error | null; pending: boolean; onSubmit(): void };

/** A modal form that creates (or, with `submitLabel`, saves) one thing: its fields, the server's refusal, cancel and submit. */
export function CreateFormModal(
  props: {
    opened: boolean;
    onClose(): void;
    title: string;
    canSubmit: boolean;
    submitTestId: string;
    submitLabel?: string;
    size?: string;
    errorTestId?: string;
    /** false when the field that opened the modal should not take the focus back (a select would open its list again) */
    returnFocus?: boolean;
    children: ReactNode;
  } & Submit,
) {
  const { t } = useI18n();
  const { mutation } = props;
  const error = mutation ? mutation.error : props.error;
  const pending = mutation ? mutation.isPending : props.pending;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation) mutation.mutate();
    else props.onSubmit();
  };
  const close = () => {
    mutation?.reset();
    props.onClose();
  };
  return (
    <Modal opened={props.opened} onClose={close} title={props.title} size={props.size} returnFocus={props.returnFocus}>
      <form onSubmit={submit}>
        <Stack>
          {props.children}
          <ModalFooter error={error} errorTestId={props.errorTestId} onCancel={close}>
            <Button type="submit" loading={pending} disabled={!props.canSubmit} data-testid={props.submitTestId}>
              {props.submitLabel ?? t('common.create')}
            </Button>
          </ModalFooter>
        </Stack>
      </form>
    </Modal>
  );
}
