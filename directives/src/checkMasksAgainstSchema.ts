import type { CompiledPolicy, CompiledPolicyVersion } from './compilePolicy.ts';
import { decideUnderVersion } from './decide.ts';
import type { PiiIndex } from './readPiiAnnotations.ts';
import type { PiiAnnotation } from './types.ts';

/** Why a hash over this field would be a label; undefined when it would not. */
export function labelReason(index: PiiIndex, coordinate: string, annotation: PiiAnnotation): string | undefined {
  if (annotation.lowCardinality) return 'is declared low-cardinality (@pii(lowCardinality: true))';
  const dot = coordinate.indexOf('.');
  const named = index.shape.fieldType(coordinate.slice(0, dot), coordinate.slice(dot + 1));
  if (named === undefined) return undefined;
  const leaf = leafLabel(index, named);
  if (leaf) return `is ${leaf}`;
  const labels = coveredLabels(index, named, new Set());
  return labels.length > 0 ? `holds ${labels.join(', ')}, which its hash would cover` : undefined;
}

/** `a Boolean` / `an enum (Gender)` for a type whose values are few, else undefined. */
function leafLabel(index: PiiIndex, named: string): string | undefined {
  if (named === 'Boolean') return 'a Boolean';
  return index.shape.kindOf(named) === 'ENUM' ? `an enum (${named})` : undefined;
}

/**
 * The Boolean and enum leaves a hash of a value of type `named` reaches: fields without `@pii`
 * of their own follow the field above them (and are hashed with it); fields with their own
 * `@pii` are decided, and checked, on their own.
 */
function coveredLabels(index: PiiIndex, named: string, seen: Set<string>): string[] {
  const labels: string[] = [];
  for (const type of index.shape.possibleTypes(named)) {
    if (seen.has(type)) continue;
    seen.add(type);
    for (const field of index.shape.fieldsOf(type)) {
      if (index.fieldAnnotation(type, field)) continue;
      const child = index.shape.fieldType(type, field)!;
      const leaf = leafLabel(index, child);
      if (leaf) labels.push(`${type}.${field} (${leaf})`);
      else labels.push(...coveredLabels(index, child, seen));
    }
  }
  return labels;
}

/**
 * Refuses `mask:hash` wherever it would apply to a value with few distinct values: a Boolean
 * or enum field, an object whose hash would cover a Boolean or enum leaf, or a field declared
 * `@pii(lowCardinality: true)`. A hash over a few distinct values is a label: counting the
 * hashes reads the values (every "h_3f…" of `gender` is the same gender). Decides every role ×
 * granted purpose × `@pii` field (plain and sensitive) with `decideUnderVersion`, in the current
 * version and every earlier one. One message per rule and field, naming the rule's path, the
 * role, the purposes and the coordinate.
 */
export function checkMasksAgainstSchema(policy: CompiledPolicy, index: PiiIndex): string[] {
  const versions: CompiledPolicyVersion[] = [policy, ...policy.previousVersions.values()];
  const reasons = new Map<string, string | undefined>();
  const reasonOf = (coordinate: string, annotation: PiiAnnotation) => {
    if (!reasons.has(coordinate)) reasons.set(coordinate, labelReason(index, coordinate, annotation));
    return reasons.get(coordinate);
  };
  const found = new Map<string, { rule: string; role: string; purposes: string[]; coordinate: string; reason: string }>();
  for (const version of versions) {
    for (const role of version.roles.values()) {
      for (const purpose of role.purposes) {
        for (const { coordinate, annotation } of index.fields()) {
          const decision = decideUnderVersion(version, { role: role.name, purpose, annotation, coordinate });
          if (decision.effect !== 'mask' || decision.strategy !== 'hash') continue;
          const reason = reasonOf(coordinate, annotation);
          if (reason === undefined) continue;
          const key = `${decision.rule}\u0000${coordinate}`;
          const entry = found.get(key) ?? { rule: decision.rule, role: role.name, purposes: [], coordinate, reason };
          entry.purposes.push(purpose);
          found.set(key, entry);
        }
      }
    }
  }
  return [...found.values()].map(
    ({ rule, role, purposes, coordinate, reason }) =>
      `${rule}: refused: "mask:hash" would give role ${role} stating ${purposes.join(', ')} ${coordinate}, which ${reason}: ` +
      'a hash over a few distinct values is a label: counting the hashes reads the values. ' +
      'Give it another decision: "deny", or "mask:generalize" where that keeps something meaningful (a date of birth → its year).',
  );
}
