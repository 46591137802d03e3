import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { checkSchemaVocabulary } from './checkSchemaVocabulary.ts';
import { closedWorldAllows, markCovered } from './closedWorldGuard.ts';
import { collectedUnder, markCollectedUnder } from './collectedUnder.ts';
import type { CompiledPolicy } from './compilePolicy.ts';
import { decide, decideUnderVersion } from './decide.ts';
import { makeDecision, type Decision } from './decision.ts';
import { maskValue } from './maskValue.ts';
import { createPiiWriteGuard, withPiiWriteGuard } from './piiWriteGuard.ts';
import { fieldReadGuard, schemaKeyFields, schemaReadsLookup, subgraphReadSchema } from './subgraphReads.ts';
import { pseudonymKeys } from './pseudonymKey.ts';
import { toPiiAnnotation } from './toPiiAnnotation.ts';
import type { Caller, PiiAnnotation } from './types.ts';

/** What the transformer reports for every `@pii` field it resolves. */
export interface PiiDecisionEvent {
  /** `Type.field`. */
  coordinate: string;
  annotation: PiiAnnotation;
  decision: Decision;
  /** The verified caller, or undefined when there was none (then the decision is a deny). */
  caller: Caller | undefined;
  info: GraphQLResolveInfo;
}

/** Options of {@link piiDirectiveTransformer}. */
export interface PiiTransformerOptions<TContext = unknown> {
  /** The compiled policy (from `loadPolicy`). Required. */
  policy: CompiledPolicy;
  /**
   * Secret the `hash` mask's keys are derived from, per (role, purpose) (`pseudonymKey`), as the
   * gateway derives them. Required, non-empty; the same in every process.
   */
  hashKey: Uint8Array | string;
  /** Returns the verified caller of the request from the resolver context; undefined denies every `@pii` field. Required. */
  getCaller: (context: TContext) => Caller | undefined;
  /** Called once per `@pii` field resolved, before its value is returned (metrics, audit). A throw withholds the value. Default: none. */
  onDecision?: (event: PiiDecisionEvent) => void;
  /** The name of the directive in the schema. Default `'pii'`. */
  directiveName?: string;
  /** The name of `@piiReads` in the schema. Default `'piiReads'`. */
  readsDirectiveName?: string;
  /**
   * `'apply'` masks here; `'defer'` returns masked fields' values for the gateway to mask, so a
   * value is masked exactly once (a second mask would mangle it: `initials('J. D.')`). Deny and
   * record rules (consent) are enforced either way. Use `'defer'` only behind this project's
   * gateway, which signs every subgraph request and masks by the same policy. Default `'apply'`.
   */
  masks?: 'apply' | 'defer';
}

const NO_CALLER = makeDecision('deny', 'NO_CALLER', 'getCaller');

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function validate<TContext>(options: PiiTransformerOptions<TContext>): void {
  const problems: string[] = [];
  if (!options || typeof options !== 'object') throw new Error('piiDirectiveTransformer: options are required');
  if (!options.policy || !(options.policy.roles instanceof Map)) problems.push('policy must be a compiled policy (loadPolicy)');
  if (!(typeof options.hashKey === 'string' || options.hashKey instanceof Uint8Array) || options.hashKey.length === 0) {
    problems.push('hashKey must be a non-empty string or Uint8Array');
  }
  if (typeof options.getCaller !== 'function') problems.push('getCaller must be a function');
  if (options.onDecision !== undefined && typeof options.onDecision !== 'function') problems.push('onDecision must be a function');
  if (options.masks !== undefined && options.masks !== 'apply' && options.masks !== 'defer') problems.push("masks must be 'apply' or 'defer'");
  if (problems.length > 0) throw new Error(`piiDirectiveTransformer: ${problems.join('; ')}`);
}

/**
 * The subgraph-side enforcement of `@pii` (graphql-tools schema-directive recipe): returns a
 * copy of `schema` in which the resolver of every field with `@pii` (its own, or its object
 * type's) asks `decide` first. Deny → null, without calling the original resolver; mask →
 * the masked value; allow → the value. The record (the resolver's `source`) decides
 * consent-conditional rules, and the policy version it was collected under (its
 * `policyVersion`, passed on to the values nested in it). Entity fields reached through
 * `_entities` are covered too, since their field resolvers are the ones wrapped.
 *
 * Beyond `@pii` fields: an argument or input field with `@piiReads` may be used only where the
 * caller would receive every field it reads in full (else `ARGUMENT_NOT_PERMITTED`), and the
 * resolver gets the record condition of those reads (`recordConditionOf(args)`) to keep only the
 * records that give the caller those fields; a field with `@piiReads` of its own is withheld
 * where its record choice is not permitted. A closed-world role gets a field without `@pii`
 * only when its grant names it, it is a key, or it lies below a `@pii` field it was given.
 *
 * The returned schema also carries the write side of the same enforcement, for mutations:
 * `piiWriteGuardOf(info.schema).assertMayWrite(caller, coordinates, record)`.
 */
export function piiDirectiveTransformer<TContext>(schema: GraphQLSchema, options: PiiTransformerOptions<TContext>): GraphQLSchema {
  validate(options);
  const { policy, hashKey, getCaller, onDecision } = options;
  const applyMasks = options.masks !== 'defer';
  const directiveName = options.directiveName ?? 'pii';
  const names = { reads: options.readsDirectiveName ?? 'piiReads' };
  const keyOf = pseudonymKeys(hashKey, (role) => policy.hasRole(role));

  const annotations = new Map<string, PiiAnnotation>();
  const annotated: Array<{ coordinate: string; annotation: PiiAnnotation; inherited: boolean }> = [];
  const lookup = schemaReadsLookup(schema, names.reads);
  const isKey = schemaKeyFields(schema);
  const readSchema = subgraphReadSchema((coordinate) => annotations.get(coordinate), isKey);
  const anyClosedWorld = [...policy.roles.values()].some((r) => r.closedWorld) || [...policy.previousVersions.values()].some((v) => [...v.roles.values()].some((r) => r.closedWorld));

  const enforced = mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const coordinate = `${typeName}.${fieldName}`;
      const own = getDirective(schema, fieldConfig, directiveName)?.[0];
      const type = schema.getType(typeName);
      const inherited = own || !type ? undefined : getDirective(schema, type, directiveName)?.[0];
      const args = own ?? inherited;
      const resolve: GraphQLFieldResolver<unknown, TContext> = fieldConfig.resolve ?? defaultFieldResolver;
      const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
      const reads = field && fieldReadGuard({ policy, lookup, readSchema, typeName, fieldName, args: field.args });
      if (!args) {
        const keyField = isKey(typeName, fieldName);
        const closedWorld = anyClosedWorld && !isFederationInternal(typeName, fieldName);
        if (!closedWorld && !reads) return fieldConfig;
        const guarded: GraphQLFieldResolver<unknown, TContext> = (source, fieldArgs, context, info) => {
          const caller = getCaller(context);
          if (closedWorld && !closedWorldAllows(policy, caller, coordinate, keyField, source)) return null;
          if (reads && !reads.check(caller, fieldArgs as Record<string | symbol, unknown>)) return null;
          return resolve(source, fieldArgs, context, info);
        };
        return { ...fieldConfig, resolve: guarded };
      }
      const annotation = toPiiAnnotation(args, coordinate);
      annotations.set(coordinate, annotation);
      annotated.push({ coordinate, annotation, inherited: !own });

      const wrapped: GraphQLFieldResolver<unknown, TContext> = (source, fieldArgs, context, info) => {
        const caller = getCaller(context);
        const record = source ?? null;
        const decision = caller ? decide(policy, { role: caller.role, purpose: caller.purpose, annotation, coordinate, record }) : NO_CALLER;
        onDecision?.({ coordinate, annotation, decision, caller, info });
        // A condition cannot survive a record, but if one did, nothing is fetched for it.
        if (decision.effect === 'deny' || decision.condition) return null;
        if (reads && !reads.check(caller, fieldArgs as Record<string | symbol, unknown>)) return null;
        const version = collectedUnder(record);
        if (caller && !applyMasks && decision.effect === 'mask' && version !== undefined && version !== policy.version) {
          // The gateway masks by the current version alone (it has no record). Where the record's
          // version asks for another mask, the gateway cannot apply it, so the value is withheld.
          const atGateway = decideUnderVersion(policy, { role: caller.role, purpose: caller.purpose, annotation, coordinate, record });
          if (atGateway.effect !== 'mask' || atGateway.strategy !== decision.strategy) return null;
        }
        const apply = (value: unknown): unknown => {
          const out =
            decision.effect === 'allow' || (decision.effect === 'mask' && !applyMasks)
              ? value
              : decision.effect === 'mask' && decision.strategy && caller
                ? maskValue(value, decision.strategy, { hashKey: keyOf(caller.role, caller.purpose), coordinate })
                : null;
          // The fields below this value are decided under the earlier version of the record it came from too.
          if (version !== undefined && version !== policy.version) markCollectedUnder(out, version);
          // And, for a closed-world role, the fields below it without @pii follow this field's decision.
          if (anyClosedWorld) markCovered(out);
          return out;
        };
        const value = resolve(source, fieldArgs, context, info);
        return isPromiseLike(value) ? Promise.resolve(value).then(apply) : apply(value);
      };
      return { ...fieldConfig, resolve: wrapped };
    },
  });
  const undeclared = checkSchemaVocabulary(policy, { fields: () => annotated });
  if (undeclared.length > 0) throw new Error(`piiDirectiveTransformer: the schema's @pii does not fit the policy:\n${undeclared.map((p) => `  - ${p}`).join('\n')}`);
  return withPiiWriteGuard(enforced, createPiiWriteGuard(policy, (coordinate) => annotations.get(coordinate)));
}

/** Fields federation adds to every subgraph (entity resolution, the SDL): never a caller's data. */
function isFederationInternal(typeName: string, fieldName: string): boolean {
  return typeName.startsWith('_') || fieldName.startsWith('_');
}
