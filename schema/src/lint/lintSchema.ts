import { composeServices } from '@apollo/composition';
import { checkGuardRailsAgainstSchema, checkPolicyAgainstSchema, readPiiAnnotations, type CompiledPolicy } from '@confero/directives';
import type { SubgraphDefinition } from '../composeSupergraph.ts';
import { checkArgumentReads } from './checkArgumentReads.ts';
import { checkPersonalTypes } from './checkPersonalTypes.ts';
import { checkPiiCoverage } from './checkPiiCoverage.ts';
import { readSubgraphPii, type SubgraphPiiFacts } from './readSubgraphPii.ts';
import type { LintProblem, LintSchemaOptions, LintSchemaResult } from './types.ts';

/**
 * Lints subgraphs that carry `@pii` against a policy: composition, personal-looking fields
 * without `@pii`, `@pii` on non-null fields, purposes and categories the policy does not know,
 * `@pii` that would not survive composition, and policy field rules that reach no `@pii`.
 * Never throws for a bad schema: an empty `problems` list means clean.
 */
export function lintSchema(subgraphs: readonly SubgraphDefinition[], policy: CompiledPolicy, options: LintSchemaOptions = {}): LintSchemaResult {
  const facts = subgraphs.map((s) => readSubgraphPii(s.name, s.typeDefs));
  const definedIn = (coordinate: string) => {
    const names = facts.filter((f) => f.fields.has(coordinate) || f.typeLevel.has(coordinate)).map((f) => f.name);
    return names.length > 0 ? { subgraph: names.join(', ') } : {};
  };
  const problems: LintProblem[] = [];
  for (const f of facts) problems.push(...checkApplications(f, policy));

  const notPersonal = new Set<string>();
  const optOuts: Array<[string, string, string | undefined]> = Object.entries(options.notPersonal ?? {}).map(([c, r]) => [c, r, undefined]);
  for (const f of facts) for (const [c, r] of f.notPersonal) optOuts.push([c, r, f.name]);
  for (const [coordinate, reason, subgraph] of optOuts) {
    notPersonal.add(coordinate);
    if (!reason.trim()) {
      problems.push({
        coordinate,
        ...(subgraph ? { subgraph } : definedIn(coordinate)),
        rule: 'not-personal-without-reason',
        message: `${coordinate} is opted out of the PII lint without a reason: say why it is not personal information.`,
      });
    }
    if (!facts.some((f) => f.fields.has(coordinate))) {
      problems.push({ coordinate, rule: 'not-personal-unknown', message: `${coordinate} is opted out of the PII lint as not personal, but no subgraph defines it (renamed or removed?).` });
    }
  }

  const composed = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: s.typeDefs })));
  if (composed.errors) {
    problems.push(...composed.errors.map((e): LintProblem => ({ rule: 'composition', message: `composition failed: ${e.message}` })));
    return { problems };
  }
  // The API schema: what callers can select through the gateway.
  const schema = composed.schema.toAPISchema().toGraphQLJSSchema();
  const hasPii = (typeName: string, fieldName: string) =>
    facts.some((f) => f.ownFields.has(`${typeName}.${fieldName}`) || f.typeLevel.has(typeName));
  const typeHasPii = (typeName: string) => facts.some((f) => f.typeLevel.has(typeName));
  for (const uncovered of checkPiiCoverage({ schema, hasPii, typeHasPii, notPersonal })) {
    problems.push({
      coordinate: uncovered.coordinate,
      ...definedIn(uncovered.coordinate),
      rule: 'pii-missing',
      message:
        `${uncovered.coordinate} looks personal ("${uncovered.word}") but has no @pii, and no field above it has one ` +
        `(reached through ${uncovered.path.join(' → ')}). Tag it @pii(category: …); if it is not personal information, ` +
        `opt it out with a reason ("# pii-lint: not-personal <reason>" above the field, or the lint's notPersonal list).`,
    });
  }

  for (const untagged of checkPersonalTypes(facts, notPersonal)) {
    problems.push({
      coordinate: untagged.coordinate,
      subgraph: untagged.subgraph,
      rule: 'pii-untagged-field',
      message:
        `${untagged.coordinate} belongs to a type that holds personal data but has no @pii: tag it @pii(category: …), ` +
        `or declare it @notPersonal(reason: "…") saying why it is not personal information.`,
    });
  }

  let index;
  try {
    index = readPiiAnnotations(composed.supergraphSdl);
  } catch (err) {
    problems.push({ rule: 'composition', message: `the supergraph's @pii cannot be read: ${(err as Error).message}` });
    return { problems };
  }
  const notPersonalInputs = new Set(facts.flatMap((f) => [...f.notPersonalInputs.keys()]));
  for (const read of checkArgumentReads(schema, index, notPersonalInputs)) {
    problems.push({
      coordinate: read.at,
      rule: 'pii-read-undeclared',
      message:
        `${read.at} (an argument of ${read.via}) looks like it compares records with ${read.looksLike.join(' → ')}, which carries @pii, ` +
        `but does not say so: declare @piiReads(fields: [${read.looksLike.map((c) => JSON.stringify(c)).join(', ')}]) on it, or @notPersonal(reason: "…") if it reads nothing personal.`,
    });
  }
  for (const { at, fields } of index.reads()) {
    for (const coordinate of fields) {
      const dot = coordinate.indexOf('.');
      if (index.hasField(coordinate.slice(0, dot), coordinate.slice(dot + 1))) continue;
      problems.push({ coordinate: at, rule: 'pii-read-unknown-field', message: `@piiReads on ${at} names ${coordinate}, which is not a field of the schema.` });
    }
  }
  for (const message of checkPolicyAgainstSchema(policy, index)) {
    const coordinate = /: (\S+) has no @pii/.exec(message)?.[1];
    problems.push({ ...(coordinate ? { coordinate } : {}), rule: 'policy-field-without-pii', message: `policy ${policy.version}: ${message}` });
  }
  for (const message of checkGuardRailsAgainstSchema(policy, index)) {
    problems.push({ rule: 'policy-guard-rail', message: `policy ${policy.version}: ${message}` });
  }
  return { problems };
}

/** The checks of one subgraph's own `@pii` applications. */
function checkApplications(f: SubgraphPiiFacts, policy: CompiledPolicy): LintProblem[] {
  const problems: LintProblem[] = [];
  const subgraph = f.name;
  if (f.applications.length > 0 && !f.composesPii) {
    problems.push({
      subgraph,
      rule: 'pii-not-composed',
      message:
        `subgraph "${subgraph}" applies @pii ${f.applications.length} time(s) but has no @composeDirective(name: "@pii"): ` +
        `composition would drop @pii from the supergraph and the gateway would not enforce it. Add it to the schema extension (subgraphSchemaHeader does).`,
    });
  }
  for (const { coordinate, type, inherited } of f.nonNull) {
    const where = inherited ? `inherits @pii from type ${coordinate.split('.')[0]}` : 'carries @pii';
    problems.push({
      coordinate,
      subgraph,
      rule: 'pii-non-null',
      message: `${coordinate} is ${type} and ${where}: a withheld value comes back as null, which a non-null field cannot hold (the null would wipe out its parent). Make it nullable.`,
    });
  }
  problems.push(...checkVocabulary(f, policy));
  const granted = new Set<string>();
  for (const role of policy.roles.values()) for (const p of role.purposes) granted.add(p);
  const categories = [...policy.categories.keys()];
  const purposesDeclared = [...policy.purposes.keys()];
  for (const { coordinate, args } of f.applications) {
    if (!policy.categories.has(args.category as string)) {
      problems.push({ coordinate, subgraph, rule: 'pii-unknown-category', message: `@pii on ${coordinate} names category ${JSON.stringify(args.category)}, which policy ${policy.version} does not declare (its categories: ${categories.join(', ')}).` });
    }
    const purposes = args.purpose == null ? [] : Array.isArray(args.purpose) ? args.purpose : [args.purpose];
    for (const purpose of purposes) {
      if (!policy.purposes.has(purpose as string)) {
        problems.push({ coordinate, subgraph, rule: 'pii-unknown-purpose', message: `@pii on ${coordinate} names purpose ${JSON.stringify(purpose)}, which policy ${policy.version} does not declare (its purposes: ${purposesDeclared.join(', ')}).` });
      } else if (!granted.has(purpose as string)) {
        problems.push({ coordinate, subgraph, rule: 'pii-purpose-never-granted', message: `@pii on ${coordinate} names purpose ${purpose as string}, which no role of policy ${policy.version} is granted: the field is never read for it.` });
      }
    }
  }
  return problems;
}

/**
 * The subgraph's `@pii` enums against the policy's vocabulary: each must hold exactly the
 * policy's categories (`PiiCategory`) and purposes (`Purpose`). A stale copy would refuse a name
 * the policy declares (and fail composition with the others); an extended one would let a
 * subgraph tag a field with a name the policy does not know, which the gateway would then refuse
 * to serve. Build the enums from the policy (`piiDirectiveSdl`, `npm run pii-sdl`).
 */
function checkVocabulary(f: SubgraphPiiFacts, policy: CompiledPolicy): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const [arg, declared, what] of [['category', policy.categories, 'categories'], ['purpose', policy.purposes, 'purposes']] as const) {
    const found = f.vocabulary[arg];
    if (!found) continue;
    const extra = found.values.filter((v) => !declared.has(v));
    const missing = [...declared.keys()].filter((v) => !found.values.includes(v));
    if (extra.length === 0 && missing.length === 0) continue;
    const parts = [...(extra.length > 0 ? [`declares ${extra.join(', ')}, which the policy does not`] : []), ...(missing.length > 0 ? [`lacks ${missing.join(', ')}`] : [])];
    problems.push({
      subgraph: f.name,
      rule: 'pii-vocabulary-mismatch',
      message: `subgraph "${f.name}": enum ${found.enum} (the type of @pii(${arg}:)) ${parts.join(' and ')}: it must hold exactly the ${what} of policy ${policy.version}. Build it from the policy (piiDirectiveSdl, or npm run pii-sdl -- --policy FILE).`,
    });
  }
  return problems;
}
