/**
 * Apollo Gateway (2.x) sends usage metrics to Apollo (`usage-reporting.api.apollographql.com`)
 * and, to describe its host, probes the metadata endpoints of AWS, GCP, Azure and Alibaba Cloud,
 * unless `APOLLO_TELEMETRY_DISABLED` is `true` or `1`. A privacy gateway sends nothing off its
 * machine that its operator did not ask for: unset, the setting is made `true` before an Apollo
 * Gateway is built. An operator's own value (`false` lets Apollo's telemetry run) wins.
 */
export function keepApolloTelemetryOff(env: NodeJS.ProcessEnv = process.env): void {
  if (env.APOLLO_TELEMETRY_DISABLED === undefined || env.APOLLO_TELEMETRY_DISABLED === '') env.APOLLO_TELEMETRY_DISABLED = 'true';
}
