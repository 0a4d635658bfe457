import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { NamedSearchSelect } from './NamedSearchSelect';

/**
 * A filter on one board of an organisation (null: all boards). It offers the first 50 by name and asks the API
 * (?q=) for the rest as the user types, so it works with any number of boards.
 */
export function BoardSelect(props: { organizationId: string; value: string | null; onChange(boardId: string | null): void; label?: string; placeholder: string; testId: string; width?: number | string }) {
  const chosen = useQuery({
    queryKey: ['boards', 'one', props.value],
    queryFn: async () => unwrap(await api.GET('/api/v1/boards/{id}', { params: { path: { id: props.value! } } })),
    enabled: props.value !== null,
  });
  return (
    <NamedSearchSelect
      chosen={chosen.data}
      optionsKey={['boards', 'options', props.organizationId]}
      load={async (term) =>
        unwrap(await api.GET('/api/v1/boards', { params: { query: { organization_id: props.organizationId, limit: 50, sort: 'name', order: 'asc', ...(term ? { q: term } : {}) } } }))
      }
      label={props.label}
      placeholder={props.placeholder}
      value={props.value}
      onChange={props.onChange}
      clearable
      w={props.width ?? 240}
      testId={props.testId}
    />
  );
}
