import { Badge, Card, Code, Drawer, Group, ScrollArea, SegmentedControl, SimpleGrid, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { PAGE_SIZE } from '../api/client';
import { useI18n } from '../lib/i18n';
import { Pager } from './Pager';
import { QueryState } from './QueryState';

export interface CatalogueItem {
  id: string;
  slug: string;
  name: string;
  description: string | null;
}

export interface CatalogueDetail {
  /** the text file shown in full (SKILL.md, SOUL.md); null when there is none */
  content: string | null;
  /** label and value pairs shown above it */
  facts: { label: string; value: ReactNode }[];
}

/**
 * A searchable, paged grid of catalogue cards (skills, souls) with a filter and a drawer that loads one item's
 * details. The drawer shows the stored text as text, never as markup.
 */
export function CatalogueBrowser<T extends CatalogueItem>(props: {
  testId: string;
  queryKey: readonly unknown[];
  load(query: { search: string; filter: string; limit: number; offset: number }): Promise<{ items: T[]; total: number }>;
  filters: { value: string; label: string }[];
  badges(item: T): ReactNode;
  loadDetail(id: string): Promise<CatalogueDetail>;
  contentLabel: string;
  searchPlaceholder: string;
  empty: string;
  emptySearch(search: string): string;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [search] = useDebouncedValue(text.trim(), 300);
  const [filter, setFilter] = useState(props.filters[0].value);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<T | null>(null);
  const list = useQuery({
    queryKey: [...props.queryKey, 'list', search, filter, page],
    queryFn: () => props.load({ search, filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const detail = useQuery({
    queryKey: [...props.queryKey, 'one', open?.id],
    queryFn: () => props.loadDetail(open!.id),
    enabled: open !== null,
  });
  return (
    <Stack>
      <Group gap="sm" wrap="wrap">
        <TextInput
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setPage(1);
          }}
          placeholder={props.searchPlaceholder}
          aria-label={props.searchPlaceholder}
          w={320}
          data-testid={`${props.testId}-search`}
        />
        <SegmentedControl
          value={filter}
          onChange={(value) => {
            setFilter(value);
            setPage(1);
          }}
          data={props.filters.map((option) => ({ value: option.value, label: <span data-testid={`${props.testId}-filter-${option.value}`}>{option.label}</span> }))}
        />
      </Group>
      <QueryState isPending={list.isPending} error={list.error} retry={() => void list.refetch()}>
        {() =>
          list.data!.total === 0 ? (
            <Text c="dimmed" data-testid="empty-state">
              {search ? props.emptySearch(search) : props.empty}
            </Text>
          ) : (
            <div>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" data-testid={`${props.testId}-list`}>
                {list.data!.items.map((item) => (
                  <UnstyledButton key={item.id} onClick={() => setOpen(item)} data-testid={`${props.testId}-card`} data-slug={item.slug} style={{ display: 'block' }}>
                    <Card withBorder radius="md" padding="md" h="100%">
                      <Stack gap={6}>
                        <Group justify="space-between" wrap="nowrap" align="flex-start">
                          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                            {item.name}
                          </Text>
                          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                            {props.badges(item)}
                          </Group>
                        </Group>
                        <Text size="xs" ff="monospace" c="dimmed">
                          {item.slug}
                        </Text>
                        <Text size="sm" c={item.description ? undefined : 'dimmed'} lineClamp={3}>
                          {item.description ?? t('catalogue.noDescription')}
                        </Text>
                      </Stack>
                    </Card>
                  </UnstyledButton>
                ))}
              </SimpleGrid>
              <Pager page={page} total={list.data!.total} onChange={setPage} testId={`${props.testId}-pager`} />
            </div>
          )
        }
      </QueryState>
      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" size="xl" title={<Text fw={600}>{open?.name}</Text>} data-testid={`${props.testId}-detail`}>
        {open && (
          <QueryState isPending={detail.isPending} error={detail.error} retry={() => void detail.refetch()}>
            {() => (
              <Stack>
                {open.description && <Text size="sm">{open.description}</Text>}
                <SimpleGrid cols={2} spacing="xs" verticalSpacing={4}>
                  {detail.data!.facts.map((fact) => (
                    <div key={fact.label}>
                      <Text size="xs" c="dimmed">
                        {fact.label}
                      </Text>
                      <Text size="sm" component="div">
                        {fact.value}
                      </Text>
                    </div>
                  ))}
                </SimpleGrid>
                {detail.data!.content !== null && (
                  <>
                    <Badge variant="outline" color="gray" style={{ alignSelf: 'flex-start' }}>
                      {props.contentLabel}
                    </Badge>
                    <ScrollArea.Autosize mah="60vh">
                      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid={`${props.testId}-content`}>
                        {detail.data!.content}
                      </Code>
                    </ScrollArea.Autosize>
                  </>
                )}
              </Stack>
            )}
          </QueryState>
        )}
      </Drawer>
    </Stack>
  );
}
