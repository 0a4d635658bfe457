import { ActionIcon, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useI18n } from '../lib/i18n';

export function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const { t } = useI18n();
  return (
    <ActionIcon variant="default" size="lg" aria-label={t('shell.theme')} title={t('shell.theme')} data-testid="theme-toggle" onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}>
      {scheme === 'dark' ? '☀' : '☾'}
    </ActionIcon>
  );
}
