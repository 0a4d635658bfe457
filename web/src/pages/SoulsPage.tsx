import { Badge, Stack } from '@mantine/core';
import { api, unwrap } from '../api/client';
import { CatalogueBrowser } from '../components/CatalogueBrowser';
import { NoOrganization } from '../components/NoOrganization';
import { formatBytes } from '../lib/bytes';
import { useI18n } from '../lib/i18n';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { PageHeading } from '../components/PageHeading';

export default function SoulsPage() {
  const { t } = useI18n();
  const { organizationId } = useCurrentOrganization();
  return (
    <Stack>
      <PageHeading title={t('souls.title')} subtitle={t('souls.subtitle')} />
      {!organizationId ? (
        <NoOrganization />
      ) : (
        <CatalogueBrowser
          testId="souls"
          queryKey={['souls', organizationId]}
          load={async ({ search, filter, limit, offset }) =>
            unwrap(
              await api.GET('/api/v1/souls-directory', {
                params: { query: { organization_id: organizationId, limit, offset, ...(search ? { search } : {}), ...(filter === 'all' ? {} : { built_in: filter === 'builtin' }) } },
              }),
            )
          }
          filters={(['all', 'builtin', 'own'] as const).map((value) => ({ value, label: t(`souls.filter.${value}`) }))}
          badges={(soul) => (
            <Badge size="xs" variant="light" color={soul.built_in ? 'gray' : 'teal'} data-testid="soul-kind">
              {soul.built_in ? t('souls.builtin') : t('souls.own')}
            </Badge>
          )}
          loadDetail={async (id) => {
            const soul = unwrap(await api.GET('/api/v1/souls-directory/{id}', { params: { path: { id } } }));
            return {
              content: soul.content,
              facts: [
                { label: t('catalogue.slug'), value: soul.slug },
                { label: t('souls.kind'), value: soul.built_in ? t('souls.builtin') : t('souls.own') },
                { label: t('catalogue.size'), value: formatBytes(soul.content_size) },
              ],
            };
          }}
          contentLabel="SOUL.md"
          searchPlaceholder={t('souls.search')}
          empty={t('souls.empty')}
          emptySearch={(search) => t('souls.emptySearch', { search })}
        />
      )}
    </Stack>
  );
}
