import { Alert } from '@mantine/core';

/** A green note of what just happened, until the user closes it; nothing while there is none. */
export function Notice({ message, onClose, testId }: { message: string | null; onClose(): void; testId: string }) {
  if (!message) return null;
  return (
    <Alert color="green" withCloseButton onClose={onClose} data-testid={testId}>
      {message}
    </Alert>
  );
}
