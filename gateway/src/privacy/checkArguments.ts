import { usedReads, type DecisionEffect } from '@confero/directives';
import { Kind, valueFromAST } from 'graphql';
import { isIncluded } from './includeConditions.ts';
import type { PrivacyPlan } from './types.ts';

/** One read an argument of the operation uses, with the caller's decision on the field it reads. */
export interface ArgumentRead {
  /** Response path of the field whose argument it is. */
  readonly path: readonly string[];
  /** Where the `@piiReads` stands: `Type.field(argument:)` or `Input.field`. */
  readonly argument: string;
  /** The field it reads. */
  readonly reads: string;
  readonly effect: DecisionEffect;
  readonly reason: string;
  readonly rule: string;
  /** The caller would receive the field in full, so it may compare records with it. */
  readonly permitted: boolean;
}

/** What one request's arguments read. */
export interface ArgumentCheck {
  /** Every read used, permitted or not. */
  readonly reads: readonly ArgumentRead[];
  /** The reads that refuse the operation (not permitted). */
  readonly refused: readonly ArgumentRead[];
  /** Argument sites whose permitted reads were used (their records are data subjects). */
  readonly sitesUsed: ReadonlySet<number>;
}

const NOTHING: ArgumentCheck = Object.freeze({ reads: [], refused: [], sitesUsed: new Set<number>() });

/**
 * Decides the reads an operation's arguments use with this request's variables (and the
 * operation's variable defaults): every argument or input field that carries a value and
 * declares `@piiReads`, at a field the response includes. The caller may use it only where it
 * would receive each field it reads in full; the plan holds the caller's decision on each.
 */
export function checkArguments(plan: PrivacyPlan, variables: Readonly<Record<string, unknown>>): ArgumentCheck {
  if (plan.argumentSites.length === 0) return NOTHING;
  const values = { ...plan.variableDefaults, ...variables };
  const reads: ArgumentRead[] = [];
  const sitesUsed = new Set<number>();
  for (const site of plan.argumentSites) {
    if (!isIncluded(site.conditions, values)) continue;
    const given: Record<string, unknown> = {};
    for (const node of site.arguments) {
      const definition = site.definitions.find((d) => d.name === node.name.value);
      if (!definition) continue;
      const value = valueFromAST(node.value, definition.type, values);
      // A missing variable leaves the argument to its default, as execution does; a literal
      // graphql cannot read as its type (validation refuses those) counts as given: the stricter side.
      if (value !== undefined) given[node.name.value] = value;
      else if (node.value.kind !== Kind.VARIABLE) given[node.name.value] = true;
    }
    for (const used of usedReads(plan.readsLookup, site.typeName, site.fieldName, site.definitions, given)) {
      for (const coordinate of used.reads) {
        const decided = plan.readDecisions.get(coordinate);
        const permitted = decided?.permitted === true;
        const decision = decided?.decision;
        reads.push({
          path: site.path,
          argument: used.at,
          reads: coordinate,
          effect: decision?.effect ?? 'deny',
          reason: decision?.reason ?? 'READ_NOT_PERMITTED',
          rule: decision?.rule ?? '@piiReads',
          permitted,
        });
        if (permitted) sitesUsed.add(site.index);
      }
    }
  }
  return { reads, refused: reads.filter((r) => !r.permitted), sitesUsed };
}
