import { describe, expect, it } from 'vitest';
import { correctionCoordinates, correctionUpdate, parseShopperCorrection } from './shopperCorrectionInput.ts';
import type { ShopperDocument } from './index.ts';

const current = {
  _id: 'shp_000001',
  firstName: 'Jane',
  email: 'jane@example.com',
  phone: '(415) 555-0100',
  address: { street: '1 Main St', city: 'Springfield', region: 'CA', postalCode: '94105', country: 'US' },
} as unknown as ShopperDocument;

describe('parseShopperCorrection', () => {
  it('accepts valid fields, trimmed, and only those given', () => {
    expect(parseShopperCorrection({ email: ' jane.doe@example.com ', address: { postalCode: '94105-1234', city: null } })).toEqual({
      value: { email: 'jane.doe@example.com', address: { postalCode: '94105-1234', city: null } },
    });
  });

  it('reports every invalid field by its path, and gives no value', () => {
    const result = parseShopperCorrection({ email: 'not-an-email', phone: '12', alias: 'a b', address: { postalCode: 'ABC', region: 'California', street: '  ' } });
    expect(result).not.toHaveProperty('value');
    expect('errors' in result && result.errors).toEqual([
      { field: 'alias', message: 'must be 3 to 40 letters, digits, dots, dashes or underscores' },
      { field: 'email', message: 'must be an email address' },
      { field: 'phone', message: 'must be a phone number: digits, spaces, dashes, dots and parentheses' },
      { field: 'address.street', message: 'must not be empty' },
      { field: 'address.region', message: 'must be a two-letter region code, e.g. CA' },
      { field: 'address.postalCode', message: 'must be a ZIP code: 12345 or 12345-6789' },
    ]);
  });

  it('refuses an empty correction and control characters', () => {
    expect(parseShopperCorrection({ email: null })).toEqual({ errors: [{ field: null, message: 'name at least one field to correct' }] });
    expect(parseShopperCorrection({ firstName: 'Ja\u0000ne' })).toEqual({ errors: [{ field: 'firstName', message: 'must not contain control characters' }] });
  });
});

describe('correctionCoordinates', () => {
  it('names every field given, valid or not, with the address parts under PostalAddress', () => {
    expect(correctionCoordinates({ email: 'x', phone: null, address: { street: 'y', city: null } })).toEqual(['Shopper.email', 'Shopper.address', 'PostalAddress.street']);
    expect(correctionCoordinates(null)).toEqual([]);
  });
});

describe('correctionUpdate', () => {
  it('sets only the fields whose value changes, address parts one by one', () => {
    const parsed = parseShopperCorrection({ email: 'jane@example.com', phone: '(415) 555-0199', address: { street: '2 Oak Ave', city: 'Springfield' } });
    if (!('value' in parsed)) throw new Error('expected a value');
    expect(correctionUpdate(parsed.value, current)).toEqual({ set: { phone: '(415) 555-0199', 'address.street': '2 Oak Ave' }, fields: ['phone', 'address.street'] });
  });

  it('writes a new address when the record has none', () => {
    const parsed = parseShopperCorrection({ address: { street: '2 Oak Ave', country: 'US' } });
    if (!('value' in parsed)) throw new Error('expected a value');
    expect(correctionUpdate(parsed.value, { ...current, address: null })).toEqual({ set: { address: { street: '2 Oak Ave', country: 'US' } }, fields: ['address.street', 'address.country'] });
  });
});
