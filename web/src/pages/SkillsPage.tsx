import { Badge, Stack } from '@mantine/core';
import { api, unwrap } from '../api/client';
import { CatalogueBrowser } from '../components/CatalogueBrowser';
import { NoOrganization } from '../components/NoOrganization';
import { formatBytes } from '../lib/bytes';
import { useI18n } from '../lib/i18n';
import { useCurrentOrganization } from '../lib/useCurrentOrganization';
import { PageHeading } from '../components/PageHeading';

type Source = 'bundle' | 'clawhub';

export default function SkillsPage() {
  const { t } = useI18n();
  const { organizationId, organization } = useCurrentOrganization();
  return (
    <Stack>
      <PageHeading title={t('skills.title')} subtitle={t('skills.subtitle')} />
      {!organizationId ? (
        <NoOrganization />
      ) : (
        <CatalogueBrowser
          testId="skills"
          queryKey={['skills', organizationId]}
          load={async ({ search, filter, limit, offset }) =>
            unwrap(
              await api.GET('/api/v1/skills-marketplace', {
                params: { query: { organization_id: organizationId, limit, offset, ...(search ? { search } : {}), ...(filter === 'all' ? {} : { source: filter as Source }) } },
              }),
            )
          }
          filters={(['all', 'bundle', 'clawhub'] as const).map((value) => ({ value, label: t(`skills.filter.${value}`) }))}
          badges={(skill) => (
            <>
              <Badge size="xs" variant="light" color={skill.source === 'clawhub' ? 'grape' : 'blue'}>
                {t(`skills.source.${skill.source}`)}
              </Badge>
              <Badge size="xs" variant="outline" color="gray">
                v{skill.version}
              </Badge>
            </>
          )}
          loadDetail={async (id) => {
            const skill = unwrap(await api.GET('/api/v1/skills-marketplace/{id}', { params: { path: { id } } }));
            return {
              content: skill.content,
              facts: [
                { label: t('catalogue.slug'), value: skill.slug },
                { label: t('skills.version'), value: skill.version },
                { label: t('skills.source'), value: t(`skills.source.${skill.source}`) },
                ...(skill.clawhub_slug ? [{ label: t('skills.clawhub'), value: skill.clawhub_slug }] : []),
                { label: t('catalogue.size'), value: formatBytes(skill.content_size) },
                { label: t('skills.files'), value: skill.file_names.length ? skill.file_names.join(', ') : t('skills.noFiles') },
              ],
            };
          }}
          contentLabel="SKILL.md"
          searchPlaceholder={t('skills.search')}
          empty={t('skills.empty', { org: organization?.name ?? '' })}
          emptySearch={(search) => t('skills.emptySearch', { search })}
        />
      )}
    </Stack>
  );
}
