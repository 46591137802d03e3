import { buildASTSchema, parse, type GraphQLSchema } from 'graphql';
import { decide, loadPolicyFile, POLICY_PATH, readPiiAnnotations, type CompiledPolicy, type Decision, type PiiIndex } from '@confero/directives';
import { composeSupergraph } from './composeSupergraph.ts';
import { referenceSubgraphs } from './referenceSubgraphs.ts';

/** Test support: the default policy over the composed reference supergraph, and decisions on its fields. */
export interface DefaultPolicyFixture {
  policy: CompiledPolicy;
  index: PiiIndex;
  supergraph: GraphQLSchema;
  /** `decide` for a `@pii` field of the supergraph (throws for a field without one). */
  decideAt(role: string, purpose: string | null, coordinate: string, record?: unknown): Decision;
  /** The decision spelled as in the policy file: `allow`, `deny`, `mask:<strategy>`. */
  effectOf(role: string, purpose: string, coordinate: string, record?: unknown): string;
}

/** Loads `schema/policy.json` and composes the reference subgraphs (throws when either fails). */
export function defaultPolicyFixture(): DefaultPolicyFixture {
  const loaded = loadPolicyFile(POLICY_PATH);
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  const policy = loaded.policy;
  const composed = composeSupergraph(referenceSubgraphs());
  if ('errors' in composed) throw new Error(`composition failed: ${composed.errors.join('; ')}`);
  const index = readPiiAnnotations(composed.supergraphSdl);
  const supergraph = buildASTSchema(parse(composed.supergraphSdl), { assumeValidSDL: true });
  const decideAt = (role: string, purpose: string | null, coordinate: string, record?: unknown): Decision => {
    const [type, field] = coordinate.split('.');
    const annotation = index.fieldAnnotation(type, field);
    if (!annotation) throw new Error(`${coordinate} has no @pii`);
    return decide(policy, { role, purpose, annotation, coordinate, ...(record === undefined ? {} : { record }) });
  };
  const effectOf = (role: string, purpose: string, coordinate: string, record?: unknown) => {
    const d = decideAt(role, purpose, coordinate, record);
    return d.effect === 'mask' ? `mask:${d.strategy}` : d.effect;
  };
  return { policy, index, supergraph, decideAt, effectOf };
}
