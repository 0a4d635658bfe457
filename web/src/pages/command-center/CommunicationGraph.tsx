import { Badge, Center, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, PAGE_SIZE, unwrap, type Schemas } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { Pager } from '../../components/Pager';
import { Panel } from '../../components/Panel';
import { QueryState } from '../../components/QueryState';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages';
import { useChartTheme } from './chartTheme';

type Graph = Schemas['CommunicationGraphDto'];
type Kind = Schemas['GraphEdgeDto']['kinds'][number];

/** More participants than this make an unreadable ring; the busiest are drawn, the table lists every edge. */
const MAX_NODES = 14;
const W = 520;
const H = 340;
const R = 120;

const short = (name: string) => (name.length > 16 ? `${name.slice(0, 15)}…` : name);
const dominant = (edge: Schemas['GraphEdgeDto']): Kind => {
  const counts = edge.counts as Partial<Record<Kind, number>>;
  return edge.kinds.reduce((best, kind) => ((counts[kind] ?? 0) > (counts[best] ?? 0) ? kind : best), edge.kinds[0]);
};

/** Participants on a ring, the busiest ones; an arrow per pair, as thick as their interactions. */
function Ring({ graph }: { graph: Graph }) {
  const { t } = useI18n();
  const c = useChartTheme();
  const { nodes, edges, total } = useMemo(() => {
    const load = new Map<string, number>();
    for (const e of graph.edges) {
      load.set(e.source, (load.get(e.source) ?? 0) + e.weight);
      load.set(e.target, (load.get(e.target) ?? 0) + e.weight);
    }
    const shown = [...graph.nodes].sort((a, b) => (load.get(b.id) ?? 0) - (load.get(a.id) ?? 0)).slice(0, MAX_NODES);
    const at = new Map(
      shown.map((node, i) => {
        const angle = (2 * Math.PI * i) / shown.length - Math.PI / 2;
        return [node.id, { node, angle, x: W / 2 + R * Math.cos(angle), y: H / 2 + R * Math.sin(angle) }];
      }),
    );
    return { nodes: [...at.values()], edges: graph.edges.filter((e) => at.has(e.source) && at.has(e.target)).map((e) => ({ e, from: at.get(e.source)!, to: at.get(e.target)! })), total: graph.nodes.length };
  }, [graph]);
  const heaviest = Math.max(1, ...graph.edges.map((e) => e.weight));
  return (
    <Stack gap={4}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxHeight: H, display: 'block' }} role="img" aria-label={t('graph.title')} data-testid="graph-svg">
        <defs>
          {Object.entries(c.kind).map(([kind, color]) => (
            <marker key={kind} id={`arrow-${kind}`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill={color} />
            </marker>
          ))}
        </defs>
        {edges.map(({ e, from, to }) => {
          const kind = dominant(e);
          // stop at the node's rim, and bend a little so A→B and B→A do not overlap
          const dx = to.x - from.x;
          const dy = to.y - from.y;
          const length = Math.hypot(dx, dy) || 1;
          const [ux, uy] = [dx / length, dy / length];
          const [sx, sy, tx, ty] = [from.x + ux * 12, from.y + uy * 12, to.x - ux * 14, to.y - uy * 14];
          const [mx, my] = [(sx + tx) / 2 - uy * 18, (sy + ty) / 2 + ux * 18];
          return (
            <path
              key={`${e.source}-${e.target}`}
              d={`M ${sx} ${sy} Q ${mx} ${my} ${tx} ${ty}`}
              fill="none"
              stroke={c.kind[kind]}
              strokeOpacity={0.75}
              strokeWidth={1.5 + 4 * (e.weight / heaviest)}
              markerEnd={`url(#arrow-${kind})`}
              data-testid="graph-edge"
            >
              <title>{`${from.node.name} → ${to.node.name}: ${e.weight}`}</title>
            </path>
          );
        })}
        {nodes.map(({ node, angle, x, y }) => {
          const cos = Math.cos(angle);
          const anchor = Math.abs(cos) < 0.2 ? 'middle' : cos > 0 ? 'start' : 'end';
          return (
            <g key={node.id} data-testid="graph-node">
              <circle cx={x} cy={y} r={9} fill={c.node[node.type]} stroke={c.surface} strokeWidth={2} />
              <text x={x + 18 * cos} y={y + 18 * Math.sin(angle) + 4} textAnchor={anchor} fontSize={12} fill={c.label}>
                {short(node.name)}
              </text>
              <title>{`${node.name} (${t(node.type === 'agent' ? 'graph.agent' : 'graph.user')})`}</title>
            </g>
          );
        })}
      </svg>
      <Group gap="md" justify="center">
        {(['agent', 'user'] as const).map((type) => (
          <Group key={type} gap={6}>
            <svg width={10} height={10}>
              <circle cx={5} cy={5} r={5} fill={c.node[type]} />
            </svg>
            <Text size="xs" c="dimmed">
              {t(type === 'agent' ? 'graph.agent' : 'graph.user')}
            </Text>
          </Group>
        ))}
        {Object.entries(c.kind).map(([kind, color]) => (
          <Group key={kind} gap={6}>
            <div style={{ width: 16, height: 3, background: color, borderRadius: 2 }} />
            <Text size="xs" c="dimmed">
              {t(`kind.${kind}` as MessageKey)}
            </Text>
          </Group>
        ))}
      </Group>
      {total > MAX_NODES && (
        <Text size="xs" c="dimmed" ta="center">
          {t('graph.showing', { shown: MAX_NODES, total })}
        </Text>
      )}
    </Stack>
  );
}

/** Who works with whom over the last week: the ring and every edge, heaviest first. */
export function CommunicationGraph({ organizationId }: { organizationId: string }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['command-center', 'graph', organizationId],
    queryFn: async () => unwrap(await api.GET('/api/v1/command-center/communication-graph', { params: { query: { organization_id: organizationId } } })),
    refetchInterval: 60_000,
  });
  return (
    <Panel testId="graph" title={t('graph.title')} hint={t('graph.window')}>
      <QueryState isPending={query.isPending} error={query.error} retry={() => void query.refetch()}>
        {() => {
          const graph = query.data!;
          if (graph.edges.length === 0)
            return (
              <Center mih={200}>
                <Text c="dimmed" ta="center" maw={480} data-testid="graph-empty">
                  {t('graph.empty')}
                </Text>
              </Center>
            );
          const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
          const pageEdges = graph.edges.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
          return (
            <>
              <Ring graph={graph} />
              <DataTable
                items={pageEdges}
                testId="graph-edges"
                minWidth={420}
                columns={[t('graph.from'), t('graph.to'), { label: t('graph.weight'), ta: 'right' }, t('graph.kinds')]}
                row={(e) => (
                  <Table.Tr key={`${e.source}-${e.target}`}>
                    <Table.Td>{names.get(e.source)}</Table.Td>
                    <Table.Td>{names.get(e.target)}</Table.Td>
                    <Table.Td ta="right">{e.weight}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {e.kinds.map((kind) => (
                          <Badge key={kind} size="sm" variant="light" color={{ chat: 'pink', handoff: 'indigo', approval: 'orange', agent_event: 'teal' }[kind]}>
                            {t(`kind.${kind}`)} {(e.counts as Record<string, number>)[kind]}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                )}
              />
              <Pager page={page} total={graph.edges.length} onChange={setPage} testId="graph-pager" />
            </>
          );
        }}
      </QueryState>
    </Panel>
  );
}
