import { runSubgraphMain } from '@confero/subgraph-common';
import { startShopperSubgraph } from './startShopperSubgraph.ts';

// The shopper subgraph as a process: MONGODB_URI, PORT, CALLER_CONTEXT_SECRET (see runSubgraphMain).
await runSubgraphMain({ name: 'shopper', start: startShopperSubgraph });
