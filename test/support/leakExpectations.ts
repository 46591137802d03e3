import { decide, readPiiAnnotations, type CompiledPolicy } from '@confero/directives';
import { readSupergraph } from '@confero/schema';
import { piiValuesOf, type PiiValue, type SeedData } from '@confero/tools';

const piiIndex = readPiiAnnotations(readSupergraph());

/** Who asks: the role, its scope ids, and the purpose stated. */
export interface Asker {
  role: string;
  purpose: string | null;
  clientId?: string;
  shopperId?: string;
}

/** The seeded records an asker may reach at all (the subgraphs' record scope). */
export function reachable(data: SeedData, policy: CompiledPolicy, asker: Asker) {
  const scope = policy.scopeOf(asker.role);
  const assignedToClient = new Set(data.assignments.filter((a) => a.clientId === asker.clientId).map((a) => a.shopperId));
  return {
    Shopper: (id: string) =>
      scope === 'all' || scope === 'partner' || (scope === 'self' && id === asker.shopperId) || (scope === 'client' && assignedToClient.has(id)),
    Deliverable: (id: string) => {
      const d = data.deliverables.find((x) => x._id === id)!;
      return scope === 'all' || (scope === 'self' && d.shopperId === asker.shopperId) || (scope === 'client' && d.clientId === asker.clientId);
    },
    Client: (id: string) => scope === 'all' || (scope === 'client' && id === asker.clientId),
  };
}

/** The decision chain of a value: its top `@pii` field, and its leaf when the leaf has `@pii` of its own. */
function chain(value: PiiValue): string[] {
  const [type, field] = value.coordinate.split('.') as [string, string];
  const leafOwn = value.coordinate !== value.field && piiIndex.fieldAnnotation(type, field) !== undefined;
  return leafOwn ? [value.field, value.coordinate] : [value.field];
}

/** True when the policy gives this asker the raw value (every link of its chain allowed, consent included). */
export function rawAllowed(policy: CompiledPolicy, asker: Asker, value: PiiValue, record: unknown): boolean {
  return chain(value).every((coordinate) => {
    const [type, field] = coordinate.split('.') as [string, string];
    const annotation = piiIndex.fieldAnnotation(type, field);
    if (!annotation) return false;
    return decide(policy, { role: asker.role, purpose: asker.purpose, annotation, coordinate, record: record as Record<string, unknown> }).effect === 'allow';
  });
}

/**
 * Every distinctive seeded PII value, split into those the asker must never receive raw
 * (out of scope, denied, masked, or lacking consent) and those it may.
 */
export function expectations(data: SeedData, policy: CompiledPolicy, asker: Asker) {
  const canReach = reachable(data, policy, asker);
  const records = new Map<string, unknown>([
    ...data.shoppers.map((s) => [s._id, s] as const),
    ...data.clients.map((c) => [c._id, c] as const),
    ...data.deliverables.map((d) => [d._id, d] as const),
  ]);
  const byJson = new Map<string, { value: PiiValue; allowed: boolean }[]>();
  for (const value of piiValuesOf(data)) {
    if (!value.distinctive) continue;
    const allowed = canReach[value.type](value.id) && rawAllowed(policy, asker, value, records.get(value.id));
    const list = byJson.get(value.json) ?? [];
    list.push({ value, allowed });
    byJson.set(value.json, list);
  }
  const forbidden: PiiValue[] = [];
  const permitted: PiiValue[] = [];
  for (const entries of byJson.values()) {
    // A value stored in two places (an IP in ipAddresses and in webActivity) may be returned if either place allows it.
    if (entries.some((e) => e.allowed)) permitted.push(...entries.filter((e) => e.allowed).map((e) => e.value));
    else forbidden.push(entries[0]!.value);
  }
  return { forbidden, permitted };
}

/** The forbidden values found in a raw response body (strings as JSON strings, numbers as whole tokens). */
export function leaks(body: string, forbidden: readonly PiiValue[]): PiiValue[] {
  return forbidden.filter((v) => (typeof v.value === 'number' ? new RegExp(`[^0-9.]${v.json.replaceAll('.', '\\.')}[^0-9]`).test(body) : body.includes(v.json)));
}
