import type { Caller } from '@confero/directives';
import type { SubgraphContext } from '@confero/subgraph-common';
import { createShopperData, type ShopperData } from './shopperData.ts';
import type { ShopperModels } from './shopperModel.ts';
import { DEFAULT_TRAFFIC_MIN_GROUP_SIZE } from './trafficStats.ts';

/** Settings of the shopper subgraph process (the same for every request). */
export interface ShopperSettings {
  /** The fewest visitors a `trafficStats` group may have to be reported (`TRAFFIC_MIN_GROUP_SIZE`, default 5). */
  trafficMinGroupSize: number;
}

/** The shopper subgraph's per-request context. */
export interface ShopperContext extends SubgraphContext {
  data: ShopperData;
  settings: ShopperSettings;
}

/** The per-request part of the context: data access and loaders for this caller, and the settings. */
export function createShopperContext(
  models: ShopperModels,
  caller: Caller,
  scope: string,
  settings: ShopperSettings = { trafficMinGroupSize: DEFAULT_TRAFFIC_MIN_GROUP_SIZE },
): { data: ShopperData; settings: ShopperSettings } {
  return { data: createShopperData(models, caller, scope), settings };
}
