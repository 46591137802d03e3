import { fileURLToPath } from 'node:url';
import {
  buildASTSchema,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkMasksAgainstSchema,
  checkPolicyAgainstSchema,
  decide,
  loadPolicyFile,
  maskValue,
  PURPOSES,
  readPiiAnnotations,
  ROLES,
  type CompiledPolicy,
  type Decision,
  type PiiIndex,
} from './index.ts';
import { composeReferenceSupergraph } from './testing/composeReferenceSupergraph.ts';

const POLICY_FILE = fileURLToPath(new URL('../../schema/policy.json', import.meta.url));

let policy: CompiledPolicy;
let index: PiiIndex;
let supergraph: GraphQLSchema;

beforeAll(() => {
  const loaded = loadPolicyFile(POLICY_FILE);
  if ('errors' in loaded) throw new Error(loaded.errors.join('\n'));
  policy = loaded.policy;
  const sdl = composeReferenceSupergraph();
  index = readPiiAnnotations(sdl);
  supergraph = buildASTSchema(parse(sdl), { assumeValidSDL: true });
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

function decideAt(role: string, purpose: string | null, coordinate: string, record?: unknown): Decision {
  const [type, field] = coordinate.split('.');
  const annotation = index.fieldAnnotation(type, field);
  if (!annotation) throw new Error(`${coordinate} has no @pii`);
  return decide(policy, { role, purpose, annotation, coordinate, ...(record === undefined ? {} : { record }) });
}

const effectOf = (role: string, purpose: string, coordinate: string, record?: unknown) => {
  const d = decideAt(role, purpose, coordinate, record);
  return d.effect === 'mask' ? `mask:${d.strategy}` : d.effect;
};

describe('the default policy (schema/policy.json)', () => {
  it('loads, and covers every role with a description', () => {
    expect(policy.version).toBe('2026-11-01');
    for (const role of ROLES) {
      expect(policy.hasRole(role), role).toBe(true);
      expect(policy.roles.get(role)?.description?.length, role).toBeGreaterThan(40);
    }
  });

  it('has no field rule that misses its field in the composed supergraph', () => {
    expect(checkPolicyAgainstSchema(policy, index)).toEqual([]);
  });

  it('hashes no Boolean, enum or low-cardinality field, in any version', () => {
    expect(checkMasksAgainstSchema(policy, index)).toEqual([]);
  });

  it('declares the few-valued fields of the reference schema low-cardinality', () => {
    for (const c of ['Shopper.gender', 'Shopper.raceEthnicity', 'Shopper.maritalStatus', 'Shopper.veteranStatus', 'Shopper.disability', 'BankAccount.bankName']) {
      const [type, field] = c.split('.') as [string, string];
      expect(index.fieldAnnotation(type, field)?.lowCardinality, c).toBe(true);
    }
    // bankName keeps the rest of its type's @pii.
    expect(index.fieldAnnotation('BankAccount', 'bankName')).toMatchObject({ category: 'PERSONAL_INFORMATION', sensitive: true, purposes: index.typeAnnotation('BankAccount')?.purposes });
  });

  it('gives each role the record scope of the design', () => {
    expect(policy.scopeOf('SHOPPER')).toBe('self');
    expect(policy.scopeOf('CLIENT')).toBe('client');
    expect(policy.scopeOf('PARTNER')).toBe('partner');
    expect(policy.scopeOf('SUPPORT')).toBe('all');
    expect(policy.scopeOf('NOBODY')).toBe('none');
  });

  it('denies an unknown role and a caller without a purpose', () => {
    expect(decideAt('ADMIN', 'SERVICES', 'Shopper.name')).toMatchObject({ effect: 'deny', reason: 'UNKNOWN_ROLE' });
    expect(decideAt('SHOPPER', null, 'Shopper.name')).toMatchObject({ effect: 'deny', reason: 'NO_PURPOSE' });
    expect(decideAt('LEGAL', null, 'Shopper.ssn')).toMatchObject({ effect: 'deny', reason: 'NO_PURPOSE' });
  });

  describe('for a partner ("friendly competitor")', () => {
    it('may state partner referral only', () => {
      expect(policy.purposesOf('PARTNER')).toEqual(['PARTNER_REFERRAL']);
      expect(decideAt('PARTNER', 'SERVICES', 'Shopper.name')).toMatchObject({ effect: 'deny', reason: 'PURPOSE_NOT_GRANTED' });
    });

    it("shares the shopper's name and street address", () => {
      for (const c of ['Shopper.name', 'Shopper.firstName', 'Shopper.lastName', 'Shopper.address', 'PostalAddress.street', 'PostalAddress.city', 'PostalAddress.postalCode']) {
        expect(effectOf('PARTNER', 'PARTNER_REFERRAL', c), c).toBe('allow');
      }
    });

    it('never sees the SSN, date of birth or anything else', () => {
      for (const c of ['Shopper.ssn', 'Shopper.dateOfBirth', 'Shopper.alias', 'Shopper.bankAccount', 'Shopper.homeLocation', 'Shopper.rating', 'Shopper.gender', 'Deliverable.recordings']) {
        expect(effectOf('PARTNER', 'PARTNER_REFERRAL', c), c).toBe('deny');
      }
    });

    it('sees email and phone only where the shopper consented', () => {
      const consented = { consents: { shareContactWithPartners: true } };
      const refused = { consents: { shareContactWithPartners: false } };
      for (const c of ['Shopper.email', 'Shopper.phone']) {
        expect(decideAt('PARTNER', 'PARTNER_REFERRAL', c)).toMatchObject({ condition: { consent: 'shareContactWithPartners' } });
        expect(decideAt('PARTNER', 'PARTNER_REFERRAL', c, refused)).toMatchObject({ effect: 'deny', reason: 'CONSENT_REQUIRED' });
        expect(decideAt('PARTNER', 'PARTNER_REFERRAL', c, {})).toMatchObject({ effect: 'deny', reason: 'CONSENT_REQUIRED' });
        expect(decideAt('PARTNER', 'PARTNER_REFERRAL', c, consented)).toMatchObject({ effect: 'allow' });
      }
    });
  });

  describe('for a client', () => {
    it("gets the shopper's name as initials", () => {
      for (const c of ['Shopper.name', 'Shopper.firstName', 'Shopper.lastName']) {
        expect(effectOf('CLIENT', 'CLIENT_REPORTING', c), c).toBe('mask:initials');
      }
    });

    it('gets deliverables in full: answers, receipts, recordings and check-in', () => {
      for (const c of ['Deliverable.answers', 'Deliverable.receipt', 'Deliverable.recordings', 'Deliverable.checkIn', 'Recording.url']) {
        expect(effectOf('CLIENT', 'CLIENT_REPORTING', c), c).toBe('allow');
        expect(effectOf('CLIENT', 'VERIFICATION', c), c).toBe('allow');
      }
    });

    it('gets no contact data, identifiers, financial data or protected classifications', () => {
      const withheld = ['Shopper.email', 'Shopper.phone', 'Shopper.address', 'PostalAddress.city', 'Shopper.ssn', 'Shopper.bankAccount', 'BankAccount.accountNumber', 'Shopper.gender', 'Shopper.dateOfBirth', 'Shopper.homeLocation', 'Shopper.education', 'Shopper.employment', 'Shopper.rating', 'Shopper.signatureRef', 'Shopper.webActivity'];
      for (const purpose of policy.purposesOf('CLIENT')) {
        for (const c of withheld) expect(effectOf('CLIENT', purpose, c), `${purpose} ${c}`).toBe('deny');
      }
    });

    it('sees its own contacts for client reporting only', () => {
      expect(effectOf('CLIENT', 'CLIENT_REPORTING', 'Client.contacts')).toBe('allow');
      expect(effectOf('CLIENT', 'VERIFICATION', 'Client.contacts')).toBe('deny');
    });
  });

  describe('for the shopper', () => {
    it('gives their own record in full', () => {
      const own = index.fields().filter((f) => /^(Shopper|PostalAddress|BankAccount|Deliverable|Recording)\./.test(f.coordinate));
      for (const { coordinate, annotation } of own) {
        if (annotation.purposes && !annotation.purposes.includes('RECORD_KEEPING')) continue;
        expect(effectOf('SHOPPER', 'RECORD_KEEPING', coordinate), coordinate).toBe('allow');
      }
      expect(effectOf('SHOPPER', 'SERVICES', 'Shopper.ssn')).toBe('allow');
    });

    it("does not see a client's contact people", () => {
      expect(effectOf('SHOPPER', 'SERVICES', 'Client.contacts')).toBe('deny');
    });
  });

  describe('for internal roles', () => {
    it('masks government ids to their last digits for support', () => {
      for (const c of ['Shopper.ssn', 'Shopper.driversLicense', 'Shopper.passportNumber', 'Shopper.taxId', 'BankAccount.accountNumber']) {
        expect(effectOf('SUPPORT', 'SERVICES', c), c).toBe('mask:partial');
      }
      expect(effectOf('SUPPORT', 'SHOPPER_COMMUNICATION', 'Shopper.email')).toBe('allow');
      expect(effectOf('SUPPORT', 'SERVICES', 'Shopper.gender')).toBe('deny');
    });

    it('generalises the date of birth and the address for operations', () => {
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'Shopper.dateOfBirth')).toBe('mask:generalize');
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'PostalAddress.street')).toBe('deny');
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'PostalAddress.city')).toBe('allow');
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'Shopper.competitorAffiliations')).toBe('allow');
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'Shopper.homeLocation')).toBe('allow');
      expect(effectOf('OPERATIONS', 'OPPORTUNITY_MATCHING', 'Shopper.ssn')).toBe('deny');
    });

    it('shows research only pseudonyms and generalisations', () => {
      expect(effectOf('RESEARCH', 'INTERNAL_RESEARCH', 'Shopper.name')).toBe('mask:hash');
      expect(effectOf('RESEARCH', 'INTERNAL_RESEARCH', 'Shopper.homeLocation')).toBe('mask:generalize');
      expect(effectOf('RESEARCH', 'INTERNAL_RESEARCH', 'Shopper.raceEthnicity')).toBe('deny');
      expect(effectOf('RESEARCH', 'INTERNAL_RESEARCH', 'Shopper.webActivity')).toBe('deny');
    });

    it('hashes identities for security analysts and shows network activity', () => {
      expect(effectOf('SECURITY_ANALYST', 'SECURITY', 'Shopper.email')).toBe('mask:hash');
      expect(effectOf('SECURITY_ANALYST', 'SECURITY', 'Shopper.ipAddresses')).toBe('allow');
      expect(effectOf('SECURITY_ANALYST', 'DEBUGGING', 'Shopper.ssn')).toBe('deny');
    });

    it('gives auditors no label: the date of birth as its year, the other protected classifications and the bank name withheld', () => {
      expect(effectOf('AUDITOR', 'AUDITING', 'Shopper.dateOfBirth')).toBe('mask:generalize');
      for (const c of ['Shopper.gender', 'Shopper.raceEthnicity', 'Shopper.maritalStatus', 'Shopper.veteranStatus', 'Shopper.disability', 'BankAccount.bankName']) {
        expect(effectOf('AUDITOR', 'AUDITING', c), c).toBe('deny');
        expect(effectOf('AUDITOR', 'AUDITING', c, { policyVersion: '2024-01-01' }), c).toBe('deny');
      }
      expect(effectOf('AUDITOR', 'AUDITING', 'BankAccount.accountNumber')).toBe('mask:hash');
    });

    it('gives legal everything for legal compliance and a pseudonymised view for a merger', () => {
      expect(effectOf('LEGAL', 'LEGAL_COMPLIANCE', 'Shopper.raceEthnicity')).toBe('allow');
      expect(effectOf('LEGAL', 'MERGER_EVALUATION', 'Shopper.email')).toBe('mask:hash');
      expect(effectOf('LEGAL', 'MERGER_EVALUATION', 'PostalAddress.street')).toBe('mask:hash');
      expect(effectOf('LEGAL', 'MERGER_EVALUATION', 'Shopper.education')).toBe('deny');
    });
  });

  describe('invariants over every role and purpose', () => {
    const every = (fn: (role: string, purpose: string) => void) => {
      for (const role of ROLES) for (const purpose of PURPOSES) fn(role, purpose);
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
