import { Mark, Text } from '@mantine/core';
import { parseSnippet } from '../../lib/snippet';

/** A search snippet as text with highlighted matches; the API's markup is parsed, never injected. */
export function Snippet({ snippet }: { snippet: string }) {
  return (
    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }} data-testid="knowledge-snippet">
      {parseSnippet(snippet).map((segment, i) =>
        segment.marked ? (
          <Mark key={i} c="black">
            {segment.text}
          </Mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </Text>
  );
}
