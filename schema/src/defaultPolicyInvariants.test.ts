import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskValue, type CompiledPolicy, type PiiIndex } from '@confero/directives';
import { defaultPolicyFixture, type DefaultPolicyFixture } from './defaultPolicyFixture.ts';

let policy: CompiledPolicy;
let index: PiiIndex;
let supergraph: GraphQLSchema;
let decideAt: DefaultPolicyFixture['decideAt'];
let effectOf: DefaultPolicyFixture['effectOf'];

beforeAll(() => {
  ({ policy, index, supergraph, decideAt, effectOf } = defaultPolicyFixture());
});

/** A realistic stored value of a type (dates where the field name says so). */
function sampleOf(type: GraphQLOutputType, fieldName: string, depth = 0): unknown {
  if (isNonNullType(type)) return sampleOf(type.ofType, fieldName, depth);
  if (isListType(type)) return [sampleOf(type.ofType, fieldName, depth)];
  if (isObjectType(type)) {
    if (depth > 2) return null;
    return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, sampleOf(f.type, f.name, depth + 1)]));
  }
  switch (getNamedType(type).name) {
    case 'Int':
      return 2019;
    case 'Float':
      return 40.712776;
    case 'Boolean':
      return true;
    default:
      return /^(at|date)$|At$/.test(fieldName) ? '2026-03-01T10:15:00Z' : 'Sample value 12345';
  }
}

/** Paths of non-null fields that came back null. */
function nullsInNonNull(type: GraphQLOutputType, value: unknown, path: string): string[] {
  if (isNonNullType(type)) return value == null ? [path] : nullsInNonNull(type.ofType, value, path);
  if (value == null) return [];
  if (isListType(type)) return (value as unknown[]).flatMap((v, i) => nullsInNonNull(type.ofType, v, `${path}[${i}]`));
  if (isObjectType(type)) {
    return Object.values(type.getFields()).flatMap((f) => nullsInNonNull(f.type, (value as Record<string, unknown>)[f.name], `${path}.${f.name}`));
  }
  return [];
}

describe('the default policy (schema/policy.json)', () => {
  describe('invariants over every role and purpose', () => {
    const every = (fn: (role: string, purpose: string) => void) => {
      for (const role of policy.roles.keys()) for (const purpose of policy.purposes.keys()) fn(role, purpose);
    };

    it('shows raw protected classifications to the shopper and legal compliance only', () => {
      const protectedFields = index.fields().filter((f) => f.annotation.category === 'PROTECTED_CLASSIFICATIONS');
      every((role, purpose) => {
        for (const { coordinate } of protectedFields) {
          if (effectOf(role, purpose, coordinate) !== 'allow') continue;
          expect(role === 'SHOPPER' || (role === 'LEGAL' && purpose === 'LEGAL_COMPLIANCE'), `${role} ${purpose} ${coordinate}`).toBe(true);
        }
      });
    });

    it('shows a raw SSN to the shopper and legal compliance only', () => {
      every((role, purpose) => {
        if (effectOf(role, purpose, 'Shopper.ssn') !== 'allow') return;
        expect(role === 'SHOPPER' || (role === 'LEGAL' && purpose === 'LEGAL_COMPLIANCE'), `${role} ${purpose}`).toBe(true);
      });
    });

    it('never masks a composite value into nulls where its type is non-null', () => {
      const problems: string[] = [];
      every((role, purpose) => {
        for (const { coordinate } of index.fields()) {
          const decision = decideAt(role, purpose, coordinate);
          if (decision.effect !== 'mask' || !decision.strategy) continue;
          const [typeName, fieldName] = coordinate.split('.');
          const field = supergraph.getType(typeName) as { getFields(): Record<string, { type: GraphQLOutputType }> };
          const type = field.getFields()[fieldName].type;
          if (!isObjectType(getNamedType(type))) continue;
          const masked = maskValue(sampleOf(type, fieldName), decision.strategy, { hashKey: 'k', coordinate });
          problems.push(...nullsInNonNull(type, masked, coordinate).map((p) => `${role} ${purpose} ${decision.strategy}: ${p}`));
        }
      });
      expect(problems).toEqual([]);
    });

    it('masks each part of an annotated composite value once, not twice', () => {
      const composites: Array<[string, string]> = [
        ['Shopper.address', 'PostalAddress'],
        ['Shopper.bankAccount', 'BankAccount'],
        ['Deliverable.recordings', 'Recording'],
      ];
      every((role, purpose) => {
        for (const [parent, type] of composites) {
          const outer = decideAt(role, purpose, parent);
          // generalize and redact are stable when applied twice; the others are not.
          if (outer.effect !== 'mask' || outer.strategy === 'generalize' || outer.strategy === 'redact') continue;
          for (const child of index.fields().filter((f) => f.coordinate.startsWith(`${type}.`))) {
            expect(decideAt(role, purpose, child.coordinate).effect, `${role} ${purpose} ${child.coordinate}`).not.toBe('mask');
          }
        }
      });
    });
  });
});
