import { Kind, valueFromASTUntyped, type ConstDirectiveNode, type DocumentNode } from 'graphql';
import { PII_SPEC_URL } from './piiDirectiveSdl.ts';

/** The names the `@pii` spec's directives go by in one document (without `@`). */
export interface PiiSpecNames {
  readonly pii: string;
  readonly piiReads: string;
  readonly notPersonal: string;
}

const PII_SPEC_PREFIX = PII_SPEC_URL.replace(/\/v[^/]*$/, '/');
const SPEC_DIRECTIVES = { pii: '@pii', piiReads: '@piiReads', notPersonal: '@notPersonal' } as const;

/** The plain-value arguments of a directive application. */
export function directiveArgs(directive: ConstDirectiveNode): Record<string, unknown> {
  return Object.fromEntries((directive.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
}

/**
 * The names the spec's directives go by in this document: as imported by its `@link` (maybe
 * renamed with `as`), namespaced (`pii__piiReads`) when not imported, or plain when the
 * document does not link the spec at all (a schema written without federation).
 */
export function piiSpecNames(document: DocumentNode): PiiSpecNames {
  for (const def of document.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of def.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const args = directiveArgs(link);
      if (typeof args.url !== 'string' || !args.url.startsWith(PII_SPEC_PREFIX)) continue;
      const namespace = typeof args.as === 'string' ? args.as : 'pii';
      const imported = new Map<string, string>();
      for (const entry of Array.isArray(args.import) ? args.import : []) {
        const { name, as } = (typeof entry === 'string' ? { name: entry } : (entry ?? {})) as { name?: unknown; as?: unknown };
        if (typeof name === 'string') imported.set(name, typeof as === 'string' ? as : name);
      }
      const nameOf = (directive: string) => (imported.get(directive) ?? `@${namespace}__${directive.slice(1)}`).replace(/^@/, '');
      return { pii: nameOf(SPEC_DIRECTIVES.pii), piiReads: nameOf(SPEC_DIRECTIVES.piiReads), notPersonal: nameOf(SPEC_DIRECTIVES.notPersonal) };
    }
  }
  return { pii: 'pii', piiReads: 'piiReads', notPersonal: 'notPersonal' };
}
