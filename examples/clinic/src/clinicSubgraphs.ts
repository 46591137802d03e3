import type { RunningSubgraph, SubgraphStartOptions } from '@confero/subgraph-common';
import type { DocumentNode } from 'graphql';
import { appointmentsTypeDefs, startAppointmentsSubgraph } from './appointments/startAppointmentsSubgraph.ts';
import { billingTypeDefs, startBillingSubgraph } from './billing/startBillingSubgraph.ts';
import { patientsTypeDefs, startPatientsSubgraph } from './patients/startPatientsSubgraph.ts';

/** Default loopback ports of the clinic's gateway and subgraphs (`npm run example:clinic`). */
export const CLINIC_PORTS = { gateway: 4100, patients: 4101, appointments: 4102, billing: 4103 } as const;

export type ClinicSubgraphName = 'patients' | 'appointments' | 'billing';

/** The clinic's three subgraphs: their SDL (for composition) and how to start each. */
export const CLINIC_SUBGRAPHS: Readonly<Record<ClinicSubgraphName, { typeDefs: DocumentNode; start: (options: SubgraphStartOptions) => Promise<RunningSubgraph> }>> = {
  patients: { typeDefs: patientsTypeDefs, start: startPatientsSubgraph },
  appointments: { typeDefs: appointmentsTypeDefs, start: startAppointmentsSubgraph },
  billing: { typeDefs: billingTypeDefs, start: startBillingSubgraph },
};

/** The subgraphs as composition takes them, at their default URLs (the gateway may be pointed elsewhere with `SUBGRAPH_URL_<NAME>`). */
export function clinicSubgraphDefinitions(): Array<{ name: ClinicSubgraphName; url: string; typeDefs: DocumentNode }> {
  return (Object.keys(CLINIC_SUBGRAPHS) as ClinicSubgraphName[]).map((name) => ({
    name,
    url: `http://127.0.0.1:${CLINIC_PORTS[name]}/graphql`,
    typeDefs: CLINIC_SUBGRAPHS[name].typeDefs,
  }));
}
