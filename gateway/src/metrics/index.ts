export { createGatewayMetrics } from './createGatewayMetrics.ts';
export type { GatewayMetrics, GatewayMetricsOptions, PlanCacheStats } from './createGatewayMetrics.ts';
export { privacyMetricsObserver } from './privacyMetrics.ts';
export { RequestTelemetry } from './requestTelemetry.ts';
export { metricsRoute } from './metricsRoute.ts';
export { registerDeploymentMetrics } from './deploymentMetrics.ts';
export type { DeploymentMetrics, ServedVersion } from './deploymentMetrics.ts';
