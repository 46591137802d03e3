export { startOpportunitySubgraph } from './startOpportunitySubgraph.ts';
export { opportunityTypeDefs } from './typeDefs.ts';
export { registerOpportunityModels } from './opportunityModels.ts';
export type { OpportunityDocument, AssignmentDocument, DeliverableDocument, AssignmentStatus, VerificationStatus, Store, Recording } from './opportunityModels.ts';
