import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kind, parse, print, type DocumentNode } from 'graphql';
import { z } from 'zod';

/**
 * A persisted-operations file: the operations callers of "registered operations only" roles
 * may run, each by operation name and sha256 (hex) of its normalized document (see
 * {@link normalizeOperation}), with the roles allowed to run it. `document` is optional; when
 * given, its hash is checked at load.
 *
 * ```json
 * { "operations": [{ "name": "Referrals", "sha256": "9f…", "roles": ["REFERRER"], "document": "query Referrals { … }" }] }
 * ```
 */
export const persistedOperationsFileSchema = z
  .object({
    description: z.string().optional(),
    operations: z.array(
      z
        .object({
          name: z.string().regex(/^[_A-Za-z][_0-9A-Za-z]*$/, 'must be a GraphQL operation name'),
          sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
          roles: z.array(z.string().min(1)).min(1),
          document: z.string().optional(),
          description: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();

export type PersistedOperationsFile = z.infer<typeof persistedOperationsFileSchema>;

/** The normalized text of a document: graphql-js `print` of its AST (no comments, canonical spacing). */
export function normalizeOperation(document: DocumentNode | string): string {
  return print(typeof document === 'string' ? parse(document, { noLocation: true }) : document);
}

/** sha256 (hex) of the normalized text of a document: the key of a persisted operation. */
export function operationSha256(document: DocumentNode | string): string {
  return createHash('sha256').update(normalizeOperation(document)).digest('hex');
}

/** Which registered operations each role may run. */
export class PersistedOperations {
  private readonly byKey = new Map<string, ReadonlySet<string>>();
  private readonly hashes = new WeakMap<DocumentNode, string>();

  constructor(operations: PersistedOperationsFile['operations']) {
    for (const op of operations) {
      const key = `${op.sha256}:${op.name}`;
      this.byKey.set(key, new Set([...(this.byKey.get(key) ?? []), ...op.roles]));
    }
  }

  /** Number of registered (hash, name) pairs. */
  get size(): number {
    return this.byKey.size;
  }

  /** Every role named by some operation. */
  roles(): string[] {
    return [...new Set([...this.byKey.values()].flatMap((r) => [...r]))].sort();
  }

  /** True when `role` may run the operation `operationName` of `document`. */
  allows(role: string, document: DocumentNode, operationName: string | null): boolean {
    if (!operationName) return false;
    let hash = this.hashes.get(document);
    if (!hash) {
      hash = operationSha256(document);
      this.hashes.set(document, hash); // Apollo reuses a validated document per query text
    }
    return this.byKey.get(`${hash}:${operationName}`)?.has(role) ?? false;
  }
}

/** Loads and checks a persisted-operations file; errors name the entry. */
export function loadPersistedOperations(path: string): { operations: PersistedOperations } | { errors: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return { errors: [`${path}: ${(err as Error).message}`] };
  }
  const parsed = persistedOperationsFileSchema.safeParse(raw);
  if (!parsed.success) return { errors: parsed.error.issues.map((i) => `${path}: ${i.path.join('.') || '(root)'}: ${i.message}`) };
  const errors: string[] = [];
  parsed.data.operations.forEach((op, i) => {
    if (op.document === undefined) return;
    try {
      const document = parse(op.document, { noLocation: true });
      const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
      if (!names.includes(op.name)) errors.push(`${path}: operations.${i}: the document has no operation named ${op.name}`);
      const actual = operationSha256(document);
      if (actual !== op.sha256) errors.push(`${path}: operations.${i} (${op.name}): sha256 is ${op.sha256}, the document hashes to ${actual}`);
    } catch (err) {
      errors.push(`${path}: operations.${i} (${op.name}): ${(err as Error).message}`);
    }
  });
  return errors.length > 0 ? { errors } : { operations: new PersistedOperations(parsed.data.operations) };
}
