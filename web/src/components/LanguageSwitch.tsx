import { SegmentedControl } from '@mantine/core';
import { useI18n } from '../lib/i18n';
import type { Language } from '../lib/i18n-detect';

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('shell.language')}
      value={language}
      onChange={(value) => setLanguage(value as Language)}
      data={[
        { value: 'zh', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
      data-testid="language-switch"
    />
  );
}
