import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { organizationQuery } from '../lib/organizationQuery';
import { NamedSearchSelect } from './NamedSearchSelect';

/** Picks any organisation: the first 50 by name, and the API's search (?q=) for the rest as the user types. */
export function OrganizationSelect(props: { label: string; placeholder: string; value: string | null; onChange(id: string | null): void; required?: boolean; testId: string }) {
  const chosen = useQuery(organizationQuery(props.value));
  return (
    <NamedSearchSelect
      chosen={chosen.data}
      optionsKey={['organizations', 'options']}
      load={async (term) => unwrap(await api.GET('/api/v1/organizations', { params: { query: { limit: 50, sort: 'name', order: 'asc', ...(term ? { q: term } : {}) } } }))}
      label={props.label}
      placeholder={props.placeholder}
      value={props.value}
      onChange={props.onChange}
      required={props.required}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      testId={props.testId}
    />
  );
}
