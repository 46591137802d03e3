import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { loadPolicy, maskValue, policyDigest } from '@confero/directives';
import { POLICY_PATH } from '@confero/schema';
import type { SeedData } from '@confero/tools';

// Versions of the shipped policy that differ in what customer service (SUPPORT, stating
// SERVICES) gets of three shopper fields, so that every response shows which version decided
// it — at the gateway (what it asks for, masks and reports) and at the subgraph (what it
// gives): a response decided by two versions shows a value one of them withholds, or a null
// that neither reports.
//
//            email        phone         signatureRef
//   v0       full         full          withheld        (the shipped policy)
//   v1       withheld     partial       full
//   v2       partial      withheld      withheld
//
// All three keep `version: 2026-11-01` (records keep being collected under it): they differ in
// their digest, which the audit and the caller context name.

type Decision = 'allow' | 'deny' | 'mask:partial';
const FIELDS = ['email', 'phone', 'signatureRef'] as const;
type Field = (typeof FIELDS)[number];

/** One version of the policy, as written to the policy file. */
export interface PolicyVariant {
  name: string;
  text: string;
  digest: string;
  /** What SUPPORT/SERVICES gets of each field. */
  decisions: Record<Field, Decision>;
  /** The PII fields an audit event of the reload query lists under this version. */
  auditedFields: string[];
}

const DECISIONS: Array<[string, Record<Field, Decision>]> = [
  ['v0', { email: 'allow', phone: 'allow', signatureRef: 'deny' }],
  ['v1', { email: 'deny', phone: 'mask:partial', signatureRef: 'allow' }],
  ['v2', { email: 'mask:partial', phone: 'deny', signatureRef: 'deny' }],
];

/** The three versions (v0 is the shipped policy, as it is). */
export function policyVariants(): PolicyVariant[] {
  const shipped = readFileSync(POLICY_PATH, 'utf8');
  return DECISIONS.map(([name, decisions], i) => {
    const document = JSON.parse(shipped);
    if (i > 0) {
      const grant = document.roles.SUPPORT.grants[0];
      grant.fields = { ...grant.fields, 'Shopper.email': decisions.email, 'Shopper.phone': decisions.phone };
      if (decisions.signatureRef === 'allow') grant.fields['Shopper.signatureRef'] = 'allow';
    }
    const text = i === 0 ? shipped : `${JSON.stringify(document, null, 2)}\n`;
    const loaded = loadPolicy(JSON.parse(text));
    if ('errors' in loaded) throw new Error(`policy variant ${name}: ${loaded.errors.join('; ')}`);
    const auditedFields = FIELDS.filter((f) => decisions[f] !== 'deny').map((f) => `Shopper.${f}`).sort();
    return { name, text, digest: policyDigest(loaded.policy), decisions, auditedFields };
  });
}

/**
 * A version the loader accepts but the gateway refuses against the supergraph: it gives a
 * client shoppers' email addresses (IDENTIFIERS), which a guard rail forbids.
 */
export function policyBreakingGuardRail(base: PolicyVariant): string {
  const document = JSON.parse(base.text);
  const grant = document.roles.CLIENT.grants[0];
  grant.fields = { ...grant.fields, 'Shopper.email': 'allow' };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Replaces a file as deployment tools do: a new file renamed over the old one. */
export function replaceFile(path: string, text: string): void {
  writeFileSync(`${path}.next`, text);
  renameSync(`${path}.next`, path);
}

/** Shoppers whose three fields are set and whose record is of the current version (decided under the current policy only). */
export function reloadShoppers(data: SeedData, count = 3) {
  return data.shoppers.filter((s) => s.policyVersion === '2026-11-01' && s.email && s.phone && s.signatureRef).slice(0, count);
}

/** The operation: the three fields of each shopper, under aliases s0, s1, … */
export function reloadQuery(shoppers: ReturnType<typeof reloadShoppers>): string {
  return `query Reload { ${shoppers.map((s, i) => `s${i}: shopper(id: "${s._id}") { id ${FIELDS.join(' ')} }`).join(' ')} }`;
}

interface ReloadResponse {
  data?: Record<string, Record<string, unknown> | null> | null;
  errors?: unknown[];
  extensions?: { privacy?: { withheld: Array<{ path: Array<string | number> }>; masked: Array<{ path: Array<string | number> }> } };
}

/**
 * The versions a response matches entirely: every field's value (full, masked as the version
 * masks it, or null) and the privacy report (exactly the paths that version withholds and
 * masks). A response decided by one version matches exactly that one.
 */
export function versionsShownBy(json: ReloadResponse, shoppers: ReturnType<typeof reloadShoppers>, variants: PolicyVariant[]): string[] {
  const report = (kind: 'withheld' | 'masked') => (json.extensions?.privacy?.[kind] ?? []).map((e) => e.path.join('.')).sort();
  return variants
    .filter((variant) => {
      const withheld: string[] = [];
      const masked: string[] = [];
      const valuesMatch = shoppers.every((s, i) => {
        const node = json.data?.[`s${i}`];
        if (!node || node.id !== s._id) return false;
        return FIELDS.every((field) => {
          const decision = variant.decisions[field];
          const stored = (s as unknown as Record<Field, string>)[field];
          if (decision === 'deny') withheld.push(`s${i}.${field}`);
          if (decision === 'mask:partial') masked.push(`s${i}.${field}`);
          const expected = decision === 'deny' ? null : decision === 'allow' ? stored : maskValue(stored, 'partial', { hashKey: 'unused-by-partial', coordinate: `Shopper.${field}` });
          return node[field] === expected;
        });
      });
      return valuesMatch && JSON.stringify(withheld.sort()) === JSON.stringify(report('withheld')) && JSON.stringify(masked.sort()) === JSON.stringify(report('masked'));
    })
    .map((v) => v.name);
}
