export { startOpportunitySubgraph } from './startOpportunitySubgraph.ts';
export type { OpportunitySubgraphOptions } from './startOpportunitySubgraph.ts';
export { opportunityTypeDefs, OPPORTUNITY_FEDERATION_IMPORTS } from './typeDefs.ts';
export { opportunityResolvers } from './resolvers.ts';
export { registerOpportunityModels, opportunitySchema, assignmentSchema, deliverableSchema } from './opportunityModels.ts';
export type {
  OpportunityModels,
  OpportunityDocument,
  AssignmentDocument,
  DeliverableDocument,
  OpportunityStatus,
  AssignmentStatus,
  VerificationStatus,
  RecordingKind,
  Store,
  Requirements,
  QuestionAnswer,
  Receipt,
  Recording,
  CheckIn,
} from './opportunityModels.ts';
export { createOpportunityContext } from './opportunityContext.ts';
export type { OpportunityContext } from './opportunityContext.ts';
export { createOpportunityData } from './opportunityData.ts';
export type { OpportunityData, OpportunityFilterArgs, DeliverableFilterArgs, EntityReference } from './opportunityData.ts';
export { opportunityScope } from './scope.ts';
export type { OpportunityScope } from './scope.ts';
