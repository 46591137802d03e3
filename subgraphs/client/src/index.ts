export { startClientSubgraph } from './startClientSubgraph.ts';
export { clientTypeDefs } from './typeDefs.ts';
export { registerClientModels } from './clientModel.ts';
export type { ClientDocument } from './clientModel.ts';
