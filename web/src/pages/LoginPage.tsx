import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../api/client';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ThemeToggle } from '../components/ThemeToggle';
import { useI18n } from '../lib/i18n';
import { setToken } from '../lib/session';

/** Checks the token against GET /api/v1/users/me before keeping it (a plain fetch: no session exists yet). */
export default function LoginPage({ expired, from }: { expired: boolean; from?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [token, setTokenInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/v1/users/me', { headers: { Authorization: `Bearer ${token.trim()}` } });
      if (!response.ok) {
        setError(t('login.refused', { reason: errorMessage(await response.json().catch(() => null), response.status) }));
        return;
      }
      setToken(token.trim());
      navigate(from && from !== '/login' ? from : '/boards', { replace: true });
    } catch (failure) {
      setError(t('login.refused', { reason: failure instanceof Error ? failure.message : String(failure) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={420} component="form" onSubmit={submit}>
        <Stack>
          <Group justify="space-between">
            <LanguageSwitch />
            <ThemeToggle />
          </Group>
          <Title order={2}>{t('login.title')}</Title>
          {expired && <Alert color="yellow">{t('login.expired')}</Alert>}
          <PasswordInput label={t('login.token')} description={t('login.tokenHint')} value={token} onChange={(e) => setTokenInput(e.currentTarget.value)} required autoFocus data-testid="token-input" />
          {error && (
            <Alert color="red" data-testid="login-error">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} disabled={!token.trim()} data-testid="login-submit">
            {t('login.submit')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('login.note')}
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
