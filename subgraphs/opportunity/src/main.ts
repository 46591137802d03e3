import { runSubgraphMain } from '@confero/subgraph-common';
import { startOpportunitySubgraph } from './startOpportunitySubgraph.ts';

// The opportunity subgraph as a process: MONGODB_URI, PORT, CALLER_CONTEXT_SECRET (see runSubgraphMain).
await runSubgraphMain({ name: 'opportunity', start: startOpportunitySubgraph });
