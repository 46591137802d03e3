import { fileURLToPath } from 'node:url';

// Where this repository keeps the files every process defaults to: the shipped privacy policy,
// its invariants and the committed reference supergraph (all in `schema/`, which writes and documents them).
// Defined here, in the lowest package, so that each layer — a subgraph's process, the gateway's
// commands, the schema tools — names the same files. It is all this package knows of the
// repository's layout.

/** The shipped default privacy policy (`schema/policy.json`). */
export const POLICY_PATH = fileURLToPath(new URL('../../schema/policy.json', import.meta.url));

/** The shipped invariants of the reference deployment (`schema/invariants.json`), beside the policy. */
export const INVARIANTS_PATH = fileURLToPath(new URL('../../schema/invariants.json', import.meta.url));

/** The committed, composed supergraph of the reference deployment (`schema/supergraph.graphql`). */
export const SUPERGRAPH_PATH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));
