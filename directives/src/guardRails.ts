import { checkMasksAgainstSchema } from './checkMasksAgainstSchema.ts';
import type { CompiledPolicy, CompiledPolicyVersion } from './compilePolicy.ts';
import { decideUnderVersion } from './decide.ts';
import type { Decision } from './decision.ts';
import type { PiiCategory } from './piiDirectiveSdl.ts';
import { policyPath } from './policyPath.ts';
import type { PolicyDocument, PolicyFieldRule } from './policySchema.ts';
import { policyVersionsOf } from './policyVersionsOf.ts';
import type { PiiIndex } from './readPiiAnnotations.ts';

/**
 * Guard rails: promises of the privacy policy that no edit of the policy file can break.
 * `loadPolicy` refuses a policy that breaks a rail it can check on its own (`checkGuardRails`);
 * the gateway refuses to start, and `npm run compose` to write the supergraph, when the policy
 * breaks a rail that needs the schema's `@pii` annotations (`checkGuardRailsAgainstSchema`).
 * Every version the policy keeps is checked. That nothing is ever sold is kept by the closed
 * list of purposes (`unknownPurposeMessage`).
 */

/** One guard rail: what it guarantees, and the sentence of the privacy policy it keeps. */
export interface GuardRail {
  readonly promise: string;
  readonly quote: string;
}

export const GUARD_RAILS = {
  partner: {
    promise:
      "a PARTNER is closed-world and may receive a shopper's name and street address, and email and phone only where the shopper consented (consents.shareContactWithPartners); nothing else personal",
    quote:
      'We also may occasionally share the name and street address of a prospective IMS with other companies … Your email address and phone number are not shared with these “friendly competitors” without your permission.',
  },
  client: {
    promise:
      "a CLIENT may receive no identifiers of shoppers (their name only as initials), no financial or other personal information but the receipt of a deliverable, and no protected classifications",
    quote: 'We may share or disclose your personal information … to our clients when related to the client’s work',
  },
  sensitive: {
    promise: 'a sensitive field (@pii(sensitive: true)) is shown only for a purpose the field lists in its @pii(purpose:)',
    quote:
      'We will not collect additional categories of personal information or use any such personal information for materially different, unrelated, or other purposes without informing you in writing.',
  },
  traffic: {
    promise: 'individual web visits (INTERNET_ACTIVITY) go to SECURITY_ANALYST stating SECURITY only; everybody else gets traffic data in aggregate (trafficStats)',
    quote: 'We only use such Traffic Data in aggregate.',
  },
  scope: {
    promise: 'a CLIENT reaches only records tied to its own opportunities (scope client), a SHOPPER only their own record (self), a PARTNER only shoppers (partner), or nothing (none)',
    quote: 'our clients when related to the client’s work … your ability to correct the information',
  },
} as const satisfies Record<string, GuardRail>;

/** The only consent that lets a partner have a shopper's email or phone. */
export const PARTNER_CONTACT_CONSENT = 'shareContactWithPartners';

/** Name and street address: what a partner may have without consent. */
const PARTNER_FIELDS: ReadonlySet<string> = new Set([
  'Shopper.firstName', 'Shopper.lastName', 'Shopper.name', 'Shopper.address',
  'PostalAddress.street', 'PostalAddress.city', 'PostalAddress.region', 'PostalAddress.postalCode', 'PostalAddress.country',
]);
/** The types of the shopper's record: a partner's grant may name nothing else of them. */
const PARTNER_RECORD_TYPES: ReadonlySet<string> = new Set(['Shopper', 'PostalAddress']);
/** Contact data a partner may have where the shopper consented. */
const PARTNER_CONSENTED_FIELDS: ReadonlySet<string> = new Set(['Shopper.email', 'Shopper.phone']);

const CLIENT_NAME_FIELDS: ReadonlySet<string> = new Set(['Shopper.firstName', 'Shopper.lastName', 'Shopper.name']);
const CLIENT_NAME_DECISIONS: ReadonlySet<string> = new Set(['deny', 'mask:initials', 'mask:redact']);
const CLIENT_WITHHELD: ReadonlySet<PiiCategory> = new Set(['IDENTIFIERS', 'PERSONAL_INFORMATION', 'PROTECTED_CLASSIFICATIONS']);

/** Fields of a category withheld from clients that a client may still have, and why. */
export const CLIENT_EXCEPTIONS: Readonly<Record<string, string>> = Object.freeze({
  'Deliverable.receipt': "the receipt of the purchase the client's opportunity asked for (verifying types of purchases, dates and times)",
  'Client.contacts': "the client's own contact people: its staff, not shoppers",
});

/** The record scopes a role may have. */
const ROLE_SCOPES: Readonly<Record<string, readonly string[]>> = { CLIENT: ['client', 'none'], SHOPPER: ['self', 'none'], PARTNER: ['partner', 'none'] };

const givesNothing = (spelled: string) => spelled === 'deny' || spelled === 'mask:redact';
const spelledOf = (rule: PolicyFieldRule) => (typeof rule === 'string' ? rule : rule.decision);
const mayHaveVisits = (role: string, purposes: readonly string[]) => role === 'SECURITY_ANALYST' && purposes.every((p) => p === 'SECURITY');

function refusal(path: string, rail: GuardRail, detail: string): string {
  return `${path}: refused by a guard rail: ${detail}. ${rail.promise[0]!.toUpperCase()}${rail.promise.slice(1)} — the privacy policy: "${rail.quote}"`;
}

/**
 * The guard rails a policy document breaks, as messages naming each entry by its path. Checks
 * what needs no schema: record scopes, category tables, and the field rules whose coordinates
 * the rails name (partners' allowlist, clients' name initials).
 */
export function checkGuardRails(document: PolicyDocument): string[] {
  const errors: string[] = [];
  for (const { at, roles } of policyVersionsOf(document)) {
    for (const [role, spec] of Object.entries(roles)) {
      const scopes = ROLE_SCOPES[role];
      if (scopes && !scopes.includes(spec.scope)) {
        errors.push(refusal(policyPath([...at, 'roles', role, 'scope']), GUARD_RAILS.scope, `a ${role} may not have scope "${spec.scope}"`));
      }
      if (role === 'PARTNER' && spec.closedWorld !== true) {
        errors.push(refusal(policyPath([...at, 'roles', role, 'closedWorld']), GUARD_RAILS.partner, 'a PARTNER must be closed-world ("closedWorld": true), so no field reaches it that its grant does not name'));
      }
      spec.grants.forEach((grant, g) => {
        const here = [...at, 'roles', role, 'grants', g];
        for (const table of ['categories', 'sensitive'] as const) {
          for (const [category, spelled] of Object.entries(grant[table] ?? {})) {
            if (givesNothing(spelled)) continue;
            const path = policyPath([...here, table, category]);
            const detail = `"${spelled}" would give role ${role} ${table === 'sensitive' ? 'sensitive ' : ''}${category}`;
            if (role === 'PARTNER') errors.push(refusal(path, GUARD_RAILS.partner, detail));
            else if (role === 'CLIENT' && CLIENT_WITHHELD.has(category as PiiCategory)) errors.push(refusal(path, GUARD_RAILS.client, detail));
            if (category === 'INTERNET_ACTIVITY' && !mayHaveVisits(role, grant.purposes)) {
              errors.push(refusal(path, GUARD_RAILS.traffic, `${detail} for ${grant.purposes.join(', ')}`));
            }
          }
        }
        for (const [coordinate, rule] of Object.entries(grant.fields ?? {})) {
          const spelled = spelledOf(rule);
          if (givesNothing(spelled)) continue;
          const path = policyPath([...here, 'fields', coordinate]);
          // A partner's grant may name fields of other types (the lists it reaches shoppers through);
          // with the schema known, none of those may carry @pii (checkGuardRailsAgainstSchema).
          if (role === 'PARTNER' && !PARTNER_FIELDS.has(coordinate) && PARTNER_RECORD_TYPES.has(coordinate.slice(0, coordinate.indexOf('.')))) {
            const consented = typeof rule === 'object' && rule.when?.consent === PARTNER_CONTACT_CONSENT;
            if (!PARTNER_CONSENTED_FIELDS.has(coordinate)) errors.push(refusal(path, GUARD_RAILS.partner, `"${spelled}" would give a PARTNER ${coordinate}`));
            else if (!consented) {
              errors.push(refusal(path, GUARD_RAILS.partner, `${coordinate} needs the condition { "when": { "consent": "${PARTNER_CONTACT_CONSENT}" } }`));
            }
          }
          if (role === 'CLIENT' && CLIENT_NAME_FIELDS.has(coordinate) && !CLIENT_NAME_DECISIONS.has(spelled)) {
            errors.push(refusal(path, GUARD_RAILS.client, `a CLIENT gets ${coordinate} as initials at most ("mask:initials"), not "${spelled}"`));
          }
        }
      });
    }
  }
  return errors;
}

const nothing = (d: Decision) => d.effect === 'deny' || (d.effect === 'mask' && d.strategy === 'redact');

/**
 * The guard rails a policy breaks once the schema's `@pii` annotations are known: a field rule
 * that gives a client a field of a withheld category (beyond `CLIENT_EXCEPTIONS`) or gives
 * individual web visits to anyone but security; any decision that would show a sensitive
 * field which lists no purposes; and a `mask:hash` over a value with few distinct values
 * (`checkMasksAgainstSchema`: a hash over a few distinct values is a label). Run it at start-up
 * with the supergraph's index.
 */
export function checkGuardRailsAgainstSchema(policy: CompiledPolicy, index: PiiIndex): string[] {
  const errors: string[] = [];
  const versions: CompiledPolicyVersion[] = [policy, ...policy.previousVersions.values()];
  for (const version of versions) {
    for (const role of version.roles.values()) {
      for (const grant of role.grants) {
        for (const field of grant.fields.values()) {
          if (nothing(field.decision)) continue;
          const dot = field.coordinate.indexOf('.');
          const annotation = index.fieldAnnotation(field.coordinate.slice(0, dot), field.coordinate.slice(dot + 1));
          if (!annotation) continue; // checkPolicyAgainstSchema reports rules that miss their field
          const detail = `${field.coordinate} is ${annotation.category}, and this rule would give it to role ${role.name}`;
          if (role.name === 'PARTNER' && !PARTNER_FIELDS.has(field.coordinate) && !PARTNER_CONSENTED_FIELDS.has(field.coordinate)) {
            errors.push(refusal(field.rule, GUARD_RAILS.partner, `"${field.decision.effect}" would give a PARTNER ${field.coordinate} (${annotation.category})`));
          }
          if (role.name === 'CLIENT' && CLIENT_WITHHELD.has(annotation.category) && !CLIENT_NAME_FIELDS.has(field.coordinate) && !Object.hasOwn(CLIENT_EXCEPTIONS, field.coordinate)) {
            errors.push(refusal(field.rule, GUARD_RAILS.client, detail));
          }
          if (annotation.category === 'INTERNET_ACTIVITY' && !mayHaveVisits(role.name, grant.purposes)) {
            errors.push(refusal(field.rule, GUARD_RAILS.traffic, `${detail} for ${grant.purposes.join(', ')}`));
          }
        }
      }
    }
  }
  for (const { coordinate, annotation } of index.fields()) {
    if (!annotation.sensitive || annotation.purposes !== undefined) continue;
    const reported = new Set<string>();
    for (const version of versions) {
      for (const role of version.roles.values()) {
        for (const purpose of role.purposes) {
          const decision = decideUnderVersion(version, { role: role.name, purpose, annotation, coordinate });
          if (nothing(decision) || reported.has(decision.rule)) continue;
          reported.add(decision.rule);
          const detail = `${coordinate} is sensitive but its @pii lists no purposes, so ${role.name} stating ${purpose} would get it (${decision.effect}); list the purposes it was collected for`;
          errors.push(refusal(decision.rule, GUARD_RAILS.sensitive, detail));
        }
      }
    }
  }
  errors.push(...checkMasksAgainstSchema(policy, index));
  return errors;
}
