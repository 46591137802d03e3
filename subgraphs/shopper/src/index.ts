export { startShopperSubgraph } from './startShopperSubgraph.ts';
export { shopperTypeDefs } from './typeDefs.ts';
export { registerShopperModels } from './shopperModel.ts';
export type { ShopperDocument, Employment } from './shopperModel.ts';
export { haversineKm } from './eligibility.ts';
