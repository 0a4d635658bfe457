import { Badge } from '@mantine/core';
import { useI18n } from '../lib/i18n';

/** An admin user's role. */
export function UserRoleBadge({ role }: { role: string }) {
  const { t } = useI18n();
  const superadmin = role === 'superadmin';
  return (
    <Badge variant="light" color={superadmin ? 'grape' : 'blue'}>
      {t(superadmin ? 'users.role.superadmin' : 'users.role.admin')}
    </Badge>
  );
}
