export { startShopperSubgraph } from './startShopperSubgraph.ts';
export type { ShopperSubgraphOptions } from './startShopperSubgraph.ts';
export { shopperTypeDefs, SHOPPER_FEDERATION_IMPORTS } from './typeDefs.ts';
export { shopperResolvers } from './resolvers.ts';
export { registerShopperModels, shopperSchema } from './shopperModel.ts';
export type {
  ShopperModels,
  ShopperDocument,
  ShopperStatus,
  GeoPoint,
  PostalAddress,
  BankAccount,
  Education,
  Employment,
  WebVisit,
  Evaluation,
} from './shopperModel.ts';
export { createShopperContext } from './shopperContext.ts';
export type { ShopperContext, ShopperSettings } from './shopperContext.ts';
export { correctionModel, CORRECTION_ID_PREFIX } from './correctionModel.ts';
export type { CorrectionDocument } from './correctionModel.ts';
export { parseShopperCorrection, correctionCoordinates, correctionUpdate } from './shopperCorrectionInput.ts';
export type { ShopperCorrection, CorrectionError } from './shopperCorrectionInput.ts';
export { TrafficTally, parseTrafficRange, trafficGroupOf, trafficMinGroupSizeFrom, DEFAULT_TRAFFIC_MIN_GROUP_SIZE, TRAFFIC_GROUPS } from './trafficStats.ts';
export type { TrafficBucket, TrafficGroupBy, TrafficRange } from './trafficStats.ts';
export { createShopperData } from './shopperData.ts';
export type { ShopperData, ShopperFilterArgs, EligibilityKey } from './shopperData.ts';
export { shopperScopeFilter, mayMatchShoppers } from './scope.ts';
export { haversineKm, boundingBox, rankEligible } from './eligibility.ts';
export type { BoundingBox, EligibilityCriteria, EligibilityCandidate } from './eligibility.ts';
