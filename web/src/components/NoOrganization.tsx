import { Text } from '@mantine/core';
import { Link } from 'react-router';
import { useI18n } from '../lib/i18n';

/** The empty state of a page that lists things inside an organisation when none is chosen. */
export function NoOrganization() {
  const { t } = useI18n();
  return (
    <Text c="dimmed" data-testid="empty-state">
      {t('boards.noOrganization')} <Link to="/organizations">{t('nav.organizations')}</Link>
    </Text>
  );
}
