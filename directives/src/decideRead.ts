import type { CompiledPolicy } from './compilePolicy.ts';
import { decide, decideUntagged } from './decide.ts';
import { makeDecision, type Decision } from './decision.ts';
import type { PiiAnnotation } from './types.ts';

/** The caller a read is decided for. */
export interface ReadCaller {
  readonly role: string;
  readonly purpose: string | null | undefined;
}

/** Where read decisions look fields up (a `PiiIndex` is one). */
export interface ReadSchema {
  fieldAnnotation(typeName: string, fieldName: string): PiiAnnotation | undefined;
  isKeyField(typeName: string, fieldName: string): boolean;
}

/** The decision on one field an argument (or a field's record choice) reads. */
export interface ReadVerdict {
  readonly coordinate: string;
  readonly decision: Decision;
  /**
   * The caller would receive the field in full: `allow` (a consent condition leaves each record
   * to decide: only records that give the caller the field in full can match). A mask is not
   * enough: comparing records with the value tells more than the mask shows.
   */
  readonly permitted: boolean;
  /** The decision depends on the record (the field is `@pii`, or the role is closed-world). */
  readonly perRecord: boolean;
}

const NOT_PERSONAL = makeDecision('allow', 'NOT_PERSONAL', 'untagged');
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Decides a read of `coordinate` (named by `@piiReads`) like a selection of that field: the
 * caller may compare records with the field only where it would receive the field in full.
 * Without a record it is the gateway's question; with one, the subgraph's.
 */
export function decideRead(policy: CompiledPolicy, caller: ReadCaller, schema: ReadSchema, coordinate: string, record?: unknown): ReadVerdict {
  const dot = coordinate.indexOf('.');
  const typeName = coordinate.slice(0, dot);
  const fieldName = coordinate.slice(dot + 1);
  const annotation = schema.fieldAnnotation(typeName, fieldName);
  // A root field is decided without a record: who may compare with it does not depend on one.
  const perRecord = !ROOT_TYPES.has(typeName);
  const base = { role: caller.role, purpose: caller.purpose, coordinate, ...(record === undefined ? {} : { record }) };
  if (annotation) {
    const decision = decide(policy, { ...base, annotation });
    return { coordinate, decision, permitted: decision.effect === 'allow', perRecord };
  }
  const decision = decideUntagged(policy, { ...base, isKey: schema.isKeyField(typeName, fieldName) });
  if (!decision) return { coordinate, decision: NOT_PERSONAL, permitted: true, perRecord: false };
  return { coordinate, decision, permitted: decision.effect === 'allow', perRecord };
}
