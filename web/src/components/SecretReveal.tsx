import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { useI18n } from '../lib/i18n';

/** A secret the API returns only once (agent token, registration token): shown with a copy button and a warning. */
export function SecretReveal(props: { secret: string | null; title: string; text?: string; onClose(): void; testId: string }) {
  const { t } = useI18n();
  return (
    <Modal opened={props.secret !== null} onClose={props.onClose} title={props.title} size="lg" closeOnClickOutside={false}>
      <Stack>
        {props.text && <Text size="sm">{props.text}</Text>}
        <Code block data-testid={props.testId} style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
          {props.secret}
        </Code>
        <Alert color="yellow" data-testid="secret-warning">
          {t('secret.once')}
        </Alert>
        <Group justify="flex-end">
          <CopyButton value={props.secret ?? ''}>
            {({ copied, copy }) => (
              <Button variant="light" color={copied ? 'teal' : 'blue'} onClick={copy} data-testid={`${props.testId}-copy`}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={props.onClose} data-testid={`${props.testId}-done`}>
            {t('secret.done')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
