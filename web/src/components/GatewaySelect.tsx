import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Picks one gateway of an organisation (null: none). Organisations run a handful of gateways, so the first 100 by name are offered. */
export function GatewaySelect(props: { organizationId: string; value: string | null; onChange(gatewayId: string | null): void; label?: string; placeholder: string; testId: string }) {
  const { data } = useQuery({
    queryKey: ['gateways', 'options', props.organizationId],
    queryFn: async () => unwrap(await api.GET('/api/v1/gateways', { params: { query: { organization_id: props.organizationId, limit: 100, sort: 'name', order: 'asc' } } })),
  });
  return (
    <Select
      label={props.label}
      placeholder={props.placeholder}
      data={(data?.items ?? []).map((gateway) => ({ value: gateway.id, label: gateway.name }))}
      value={props.value}
      onChange={props.onChange}
      searchable
      clearable
      comboboxProps={{ withinPortal: true }}
      data-testid={props.testId}
    />
  );
}
