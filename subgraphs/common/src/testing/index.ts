export { startSubgraphTestbed, TEST_ROLE_SCOPES } from './startSubgraphTestbed.ts';
export type { SubgraphTestbed, SubgraphTestbedOptions, TestCaller } from './startSubgraphTestbed.ts';
