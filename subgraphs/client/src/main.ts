import { runSubgraphMain } from '@confero/subgraph-common';
import { startClientSubgraph } from './startClientSubgraph.ts';

// The client subgraph as a process: MONGODB_URI, PORT, CALLER_CONTEXT_SECRET (see runSubgraphMain).
await runSubgraphMain({ name: 'client', start: startClientSubgraph });
