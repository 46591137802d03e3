import { pick, useGraphiQL } from '@graphiql/react';
import type { MutableRefObject } from 'react';
import type { OperationRequest } from './callers.ts';

/** Reads the editor's current operation (for compare and explain, which run outside GraphiQL's own ▶). */
export type ReadEditor = () => OperationRequest | { error: string };

/** Rendered inside GraphiQL (its toolbar): keeps `bridge.current` able to read the editors. */
export function EditorBridge({ bridge }: { bridge: MutableRefObject<ReadEditor | null> }) {
  const { queryEditor, variableEditor, operationName } = useGraphiQL(pick('queryEditor', 'variableEditor', 'operationName'));
  bridge.current = () => {
    const query = queryEditor?.getValue() ?? '';
    const text = variableEditor?.getValue().trim() ?? '';
    let variables: Record<string, unknown> | null = null;
    if (text) {
      try {
        variables = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return { error: 'The variables are not valid JSON.' };
      }
    }
    return { query, variables, operationName: operationName ?? null };
  };
  return null;
}
