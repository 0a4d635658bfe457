import { useComputedColorScheme, useMantineTheme } from '@mantine/core';
import { useMemo } from 'react';

/** Chart colours from the Mantine theme for the current scheme (SVG attributes take plain colours, not CSS variables). */
export function useChartTheme() {
  const theme = useMantineTheme();
  const dark = useComputedColorScheme('light') === 'dark';
  return useMemo(() => {
    const shade = dark ? 4 : 6;
    return {
      dark,
      grid: dark ? theme.colors.dark[4] : theme.colors.gray[3],
      axis: dark ? theme.colors.dark[1] : theme.colors.gray[6],
      created: theme.colors.indigo[shade],
      done: theme.colors.teal[shade],
      tokens: theme.colors.violet[shade],
      cost: theme.colors.orange[shade],
      node: { agent: theme.colors.indigo[shade], user: theme.colors.pink[shade] },
      kind: { chat: theme.colors.pink[shade], handoff: theme.colors.indigo[shade], approval: theme.colors.orange[shade], agent_event: theme.colors.teal[shade] } as Record<string, string>,
      label: dark ? theme.colors.dark[0] : theme.colors.gray[8],
      surface: dark ? theme.colors.dark[7] : theme.white,
      tooltip: {
        contentStyle: { background: dark ? theme.colors.dark[6] : theme.white, border: `1px solid ${dark ? theme.colors.dark[4] : theme.colors.gray[3]}`, borderRadius: 8, fontSize: 12 },
        labelStyle: { color: dark ? theme.colors.dark[0] : theme.colors.gray[8], fontWeight: 600 },
        cursor: { fill: dark ? 'rgba(255,255,255,0.06)' : 'rgba(0,0,0,0.04)' },
      },
    };
  }, [theme, dark]);
}
