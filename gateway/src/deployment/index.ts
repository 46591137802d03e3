export { describeDeployment } from './deployment.ts';
export type { Deployment, ServedSupergraph } from './deployment.ts';
export { Deployments, buildDeployment } from './deployments.ts';
export { buildSupergraph, digestOf } from './buildSupergraph.ts';
export type { BuildSupergraphOptions } from './buildSupergraph.ts';
export { checkDeployment, loadDeployment, readDeploymentTexts } from './loadDeployment.ts';
export type { DeploymentChecks, DeploymentFiles, DeploymentSource } from './loadDeployment.ts';
export { DeploymentReloader } from './deploymentReloader.ts';
export type { DeploymentReloaderOptions, ReloadResult } from './deploymentReloader.ts';
