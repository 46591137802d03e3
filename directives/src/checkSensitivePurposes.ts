import type { CompiledPolicy } from './compilePolicy.ts';
import { decideUnderVersion } from './decide.ts';
import { givesNothing, spelledDecision, versionsOf } from './invariants/refusal.ts';
import type { PiiIndex } from './readPiiAnnotations.ts';

/**
 * The mechanism's own rule of purpose limitation for sensitive data: a `@pii(sensitive: true)`
 * field that lists no purposes may be shown to no one (it was collected for purposes the schema
 * does not say). One refusal per rule that would show one, in every version.
 */
export function checkSensitivePurposes(policy: CompiledPolicy, index: PiiIndex): string[] {
  const errors: string[] = [];
  for (const { coordinate, annotation } of index.fields()) {
    if (!annotation.sensitive || annotation.purposes !== undefined) continue;
    const reported = new Set<string>();
    for (const version of versionsOf(policy)) {
      for (const role of version.roles.values()) {
        for (const purpose of role.purposes) {
          const decision = decideUnderVersion(version, { role: role.name, purpose, annotation, coordinate });
          if (givesNothing(spelledDecision(decision)) || reported.has(decision.rule)) continue;
          reported.add(decision.rule);
          errors.push(
            `${decision.rule}: refused: ${coordinate} is sensitive but its @pii lists no purposes, so ${role.name} stating ${purpose} would get it (${decision.effect}); ` +
              'list the purposes it was collected for: sensitive data is used only for the purposes it was collected for.',
          );
        }
      }
    }
  }
  return errors;
}
