import { describe, expect, it } from 'vitest';
import { MASK_STRATEGIES } from './types.ts';
import { maskValue, pseudonymKey, type MaskStrategy } from './index.ts';
import { pseudonymKeys } from './pseudonymKey.ts';

const opts = (coordinate = 'Shopper.x') => ({ hashKey: 'test-hash-key', coordinate });
const mask = (value: unknown, strategy: MaskStrategy, coordinate?: string) => maskValue(value, strategy, opts(coordinate));

describe('maskValue', () => {
  describe('partial', () => {
    it('keeps the first character and the domain of an email', () => {
      expect(mask('jane.doe@example.com', 'partial')).toBe('j***@example.com');
      expect(mask('x@example.com', 'partial')).toBe('x***@example.com');
    });

    it('shows a number as **** and its last four digits, whatever its separators', () => {
      expect(mask('123-45-6789', 'partial')).toBe('****6789');
      expect(mask('123456789', 'partial')).toBe('****6789');
      expect(mask('(212) 555-2320', 'partial')).toBe('****2320');
      expect(mask('+1 (555) 010-4477', 'partial')).toBe('****4477');
      expect(mask('4111 1111 1111 1234', 'partial')).toBe('****1234');
      expect(mask('000123456789', 'partial')).toBe('****6789');
    });

    it('treats ids that mix letters and digits (licence, passport) as numbers, letters hidden', () => {
      expect(mask('D123-4567-8901', 'partial')).toBe('****8901');
      expect(mask('X12345678', 'partial')).toBe('****5678');
    });

    it('shows no digit of a number with fewer than eight (never more than half of them)', () => {
      expect(mask('12-34', 'partial')).toBe('****');
      expect(mask('7', 'partial')).toBe('****');
      expect(mask('62704', 'partial')).toBe('****');
      expect(mask('1234567', 'partial')).toBe('****');
    });

    it('gives numbers of one kind the same length, whatever their length and separators', () => {
      const forms = ['123-45-6789', '12345-6789', '(12) 3456-789', '1 2 3 4 5 6 7 8 9 0 0 0 6789'].map((v) => mask(v, 'partial'));
      expect(new Set(forms)).toEqual(new Set(['****6789']));
    });

    it('keeps only the first character of free text: no length, digits or word boundaries', () => {
      expect(mask('Springfield', 'partial')).toBe('S***');
      expect(mask('Jane Doe', 'partial')).toBe('J***');
      expect(mask('12 Elm Street', 'partial')).toBe('1***');
      expect(mask('181 Adams Ct, Apt NNCP', 'partial')).toBe('1***');
      expect(mask('4235 Union St, Apt 12', 'partial')).toBe('4***');
    });

    it('gives two addresses that differ in every word and digit but the first character the same form', () => {
      expect(mask('1 A St', 'partial')).toBe(mask('19 Longwood Avenue, Suite 2200', 'partial'));
    });

    it('turns numbers and booleans into null', () => {
      expect(mask(4.5, 'partial')).toBeNull();
      expect(mask(true, 'partial')).toBeNull();
    });
  });

  describe('hash', () => {
    it('returns h_ and 16 hex characters', () => {
      expect(mask('jane.doe@example.com', 'hash')).toMatch(/^h_[0-9a-f]{16}$/);
    });

    it('is stable per value and key, whatever the field', () => {
      expect(mask('jane.doe@example.com', 'hash', 'Shopper.email')).toBe(mask('jane.doe@example.com', 'hash', 'ClientContact.email'));
    });

    it('differs between values', () => {
      expect(mask('a@example.com', 'hash')).not.toBe(mask('b@example.com', 'hash'));
    });

    it('depends on the key', () => {
      const a = maskValue('Jane Doe', 'hash', { hashKey: 'key-one', coordinate: 'Shopper.name' });
      const b = maskValue('Jane Doe', 'hash', { hashKey: new TextEncoder().encode('key-two'), coordinate: 'Shopper.name' });
      expect(a).not.toBe(b);
    });

    describe('with keys scoped per (role, purpose)', () => {
      const hashFor = (role: string, purpose: string, value = '1984-07-12') =>
        maskValue(value, 'hash', { hashKey: pseudonymKey('test-hash-key', role, purpose), coordinate: 'Shopper.dateOfBirth' });

      it('gives one (role, purpose) the same pseudonym for the same value', () => {
        expect(hashFor('AUDITOR', 'AUDITING')).toBe(hashFor('AUDITOR', 'AUDITING'));
        expect(hashFor('AUDITOR', 'AUDITING')).toMatch(/^h_[0-9a-f]{16}$/);
      });

      it('gives two (role, purpose) pairs different pseudonyms for the same value', () => {
        const pairs = [
          ['AUDITOR', 'AUDITING'],
          ['RESEARCH', 'INTERNAL_RESEARCH'],
          ['SECURITY_ANALYST', 'SECURITY'],
          ['SECURITY_ANALYST', 'DEBUGGING'],
          ['LEGAL', 'MERGER_EVALUATION'],
        ];
        const hashes = pairs.map(([role, purpose]) => hashFor(role!, purpose!));
        expect(new Set(hashes).size).toBe(pairs.length);
        expect(hashes).not.toContain(mask('1984-07-12', 'hash'));
      });

      it('derives a key that neither role nor purpose alone can stand for', () => {
        expect(pseudonymKey('k', 'AB', 'C').equals(pseudonymKey('k', 'A', 'BC'))).toBe(false);
        expect(pseudonymKey('k', 'A', null).equals(pseudonymKey('k', 'A', ''))).toBe(true);
        expect(pseudonymKey('k', 'A', 'B').equals(pseudonymKey('other', 'A', 'B'))).toBe(false);
      });

      it('caches the keys of the pairs it is told to keep, and derives the same key either way', () => {
        const keys = pseudonymKeys('k', (role) => role === 'AUDITOR');
        expect(keys('AUDITOR', 'AUDITING')).toBe(keys('AUDITOR', 'AUDITING'));
        expect(keys('MADE_UP', 'AUDITING')).not.toBe(keys('MADE_UP', 'AUDITING'));
        expect(keys('MADE_UP', 'AUDITING').equals(pseudonymKey('k', 'MADE_UP', 'AUDITING'))).toBe(true);
      });
    });

    it('refuses an empty key', () => {
      expect(() => maskValue('Jane', 'hash', { hashKey: '', coordinate: 'Shopper.name' })).toThrow(/hashKey/);
    });
  });

  describe('generalize', () => {
    it('turns a date or a datetime into its year', () => {
      expect(mask('1984-07-12', 'generalize', 'Shopper.dateOfBirth')).toBe('1984');
      expect(mask('2026-03-01T10:15:00.000Z', 'generalize', 'CheckIn.at')).toBe('2026');
    });

    it('rounds coordinates to one decimal (about 10 km)', () => {
      expect(mask(40.712776, 'generalize', 'GeoPoint.lat')).toBe(40.7);
      expect(mask(-74.005974, 'generalize', 'Shopper.homeLocation.lng')).toBe(-74);
    });

    it('rounds other numbers to two significant digits', () => {
      expect(mask(4.73, 'generalize', 'Shopper.rating')).toBe(4.7);
      expect(mask(12345, 'generalize', 'Receipt.amount')).toBe(12000);
    });

    it('generalises an address to its city, region and country', () => {
      const address = { street: '12 Elm Street', city: 'Springfield', region: 'IL', postalCode: '62704', country: 'US' };
      expect(mask(address, 'generalize', 'Shopper.address')).toEqual({
        street: null,
        city: 'Springfield',
        region: 'IL',
        postalCode: null,
        country: 'US',
      });
    });

    it('drops the street and postal code of an address field on its own', () => {
      expect(mask('12 Elm Street', 'generalize', 'PostalAddress.street')).toBeNull();
      expect(mask('62704', 'generalize', 'PostalAddress.postalCode')).toBeNull();
      expect(mask('Springfield', 'generalize', 'PostalAddress.city')).toBe('Springfield');
    });

    it('turns other strings into null', () => {
      expect(mask('female', 'generalize', 'Shopper.gender')).toBeNull();
    });
  });

  describe('initials', () => {
    it('keeps the initial of each name', () => {
      expect(mask('Jane Doe', 'initials')).toBe('J. D.');
      expect(mask('Jane', 'initials')).toBe('J.');
      expect(mask('  ana  maría de la cruz ', 'initials')).toBe('A. M. D. L. C.');
    });

    it('returns null when the name is already initials', () => {
      expect(mask('J. D.', 'initials')).toBeNull();
    });

    it('returns null when there is no letter', () => {
      expect(mask('   ', 'initials')).toBeNull();
    });
  });

  it('redacts to null', () => {
    expect(mask('anything', 'redact')).toBeNull();
    expect(mask({ a: 1 }, 'redact')).toBeNull();
  });

  it('keeps null and undefined as null', () => {
    for (const strategy of MASK_STRATEGIES) {
      expect(mask(null, strategy)).toBeNull();
      expect(mask(undefined, strategy)).toBeNull();
    }
  });

  it('masks arrays element by element', () => {
    expect(mask(['10.0.0.1', '192.168.1.20', 'Jane Doe'], 'partial', 'Shopper.ipAddresses')).toEqual(['****', '****8120', 'J***']);
  });

  it('masks every leaf of an object, with the leaf coordinate', () => {
    const checkIn = { at: '2026-03-01T10:15:00Z', location: { lat: 40.712776, lng: -74.005974 } };
    expect(mask(checkIn, 'generalize', 'Deliverable.checkIn')).toEqual({ at: '2026', location: { lat: 40.7, lng: -74 } });
  });

  it('masks the JSON form of class instances and dates', () => {
    class Id {
      constructor(private readonly hex: string) {}
      toJSON() {
        return this.hex;
      }
    }
    expect(mask(new Id('65f0c0ffee'), 'partial')).toBe('6***');
    expect(mask(new Date('1984-07-12T00:00:00Z'), 'generalize', 'Shopper.dateOfBirth')).toBe('1984');
  });

  it('drops values it cannot mask', () => {
    expect(mask(Symbol('x'), 'partial')).toBeNull();
    expect(mask(() => 'x', 'hash')).toBeNull();
    expect(mask(10n, 'generalize')).toBeNull();
    expect(mask(new Map([['a', 'secret']]), 'hash')).toBeNull();
  });

  it('returns null for a strategy it does not know', () => {
    expect(mask('Jane', 'blur' as MaskStrategy)).toBeNull();
  });

  it('cuts off values nested too deeply', () => {
    const deep: Record<string, unknown> = {};
    let node = deep;
    for (let i = 0; i < 50; i++) node = (node.next = {}) as Record<string, unknown>;
    node.secret = 'Jane Doe';
    expect(JSON.stringify(mask(deep, 'partial'))).not.toContain('Jane');
  });

  describe('never returns the raw value', () => {
    const raw = {
      email: 'jane.doe@example.com',
      ssn: '123-45-6789',
      name: 'Jane Doe',
      phone: '+1 555 010 4477',
      account: '000123456789',
      dob: '1984-07-12',
      street: '12 Elm Street',
      gender: 'female',
      hashLike: 'h_0123456789abcdef',
    };
    const rawValues = Object.values(raw);

    it.each(['partial', 'hash', 'initials', 'generalize'] as const)('under %s, for any string', (strategy) => {
      for (const value of rawValues) {
        const masked = mask(value, strategy, 'Shopper.anything');
        expect(masked).not.toBe(value);
      }
    });

    it.each(['partial', 'hash', 'initials', 'generalize', 'redact'] as const)('under %s, anywhere in a composite value', (strategy) => {
      const out = JSON.stringify(mask({ ...raw, nested: [raw] }, strategy, 'Shopper.profile'));
      for (const value of rawValues) expect(out).not.toContain(value);
    });
  });
});
