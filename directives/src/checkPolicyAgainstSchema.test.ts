import { describe, expect, it } from 'vitest';
import { checkPolicyAgainstSchema, readPiiAnnotations } from './index.ts';
import { compiled, TEST_PII_SDL } from './testing/policies.ts';

const index = readPiiAnnotations(`${TEST_PII_SDL}
  type Shopper { id: ID! name: String @pii(category: IDENTIFIERS) address: PostalAddress @pii(category: IDENTIFIERS) }
  type PostalAddress @pii(category: IDENTIFIERS) { street: String }
`);

describe('checkPolicyAgainstSchema', () => {
  it('finds nothing when every field rule reaches an annotated field', () => {
    const policy = compiled({
      version: 'v',
      roles: { SHOPPER: { scope: 'self', grants: [{ purposes: ['SERVICES'], fields: { 'Shopper.name': 'allow', 'PostalAddress.street': 'deny' } }] } },
    });
    expect(checkPolicyAgainstSchema(policy, index)).toEqual([]);
  });

  it('names rules whose coordinate has no @pii', () => {
    const policy = compiled({
      version: 'v',
      roles: { SHOPPER: { scope: 'self', grants: [{ purposes: ['SERVICES'], fields: { 'Shopper.nmae': 'deny', 'Shopper.id': 'deny' } }] } },
    });
    expect(checkPolicyAgainstSchema(policy, index)).toEqual([
      'roles.SHOPPER.grants[0].fields["Shopper.nmae"]: Shopper.nmae has no @pii in the schema, so this rule never applies',
      'roles.SHOPPER.grants[0].fields["Shopper.id"]: Shopper.id has no @pii in the schema, so this rule never applies',
    ]);
  });
});
