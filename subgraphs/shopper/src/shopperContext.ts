import type { Caller, RecordScope } from '@confero/directives';
import type { SubgraphContext } from '@confero/subgraph-common';
import { createShopperData, type ShopperData } from './shopperData.ts';
import type { ShopperModels } from './shopperModel.ts';

/** The shopper subgraph's per-request context. */
export interface ShopperContext extends SubgraphContext {
  data: ShopperData;
}

/** The per-request part of the context: data access and loaders for this caller. */
export function createShopperContext(models: ShopperModels, caller: Caller, scope: RecordScope): { data: ShopperData } {
  return { data: createShopperData(models, caller, scope) };
}
