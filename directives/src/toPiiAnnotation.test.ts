import { describe, expect, it } from 'vitest';
import { toPiiAnnotation } from './toPiiAnnotation.ts';

describe('toPiiAnnotation', () => {
  it('reads category, purposes and sensitivity', () => {
    expect(toPiiAnnotation({ category: 'IDENTIFIERS', purpose: ['SERVICES', 'AUDITING'], sensitive: true }, 'Person.ssn')).toEqual({
      category: 'IDENTIFIERS',
      purposes: ['SERVICES', 'AUDITING'],
      sensitive: true,
    });
  });

  it('leaves purposes undefined when the field names none, and defaults sensitive to false', () => {
    const annotation = toPiiAnnotation({ category: 'IDENTIFIERS' }, 'Person.name');
    expect(annotation).toEqual({ category: 'IDENTIFIERS', sensitive: false });
    expect('purposes' in annotation).toBe(false);
  });

  it('accepts a single purpose for a one-element list', () => {
    expect(toPiiAnnotation({ category: 'PROFESSIONAL', purpose: 'OPPORTUNITY_MATCHING' }, 'X.y').purposes).toEqual(['OPPORTUNITY_MATCHING']);
  });

  it('keeps an empty purpose list, which no purpose satisfies', () => {
    expect(toPiiAnnotation({ category: 'SENSORY', purpose: [] }, 'X.y').purposes).toEqual([]);
  });

  it('returns a frozen annotation', () => {
    expect(Object.isFrozen(toPiiAnnotation({ category: 'SENSORY' }, 'X.y'))).toBe(true);
  });

  it('rejects a category that is not a name, naming the coordinate (whether the policy declares it is checked against the policy)', () => {
    expect(() => toPiiAnnotation({ category: 'BIO METRIC' }, 'Person.face')).toThrow('@pii on Person.face: category must be a name, got "BIO METRIC"');
    expect(toPiiAnnotation({ category: 'BIOMETRIC' }, 'Person.face').category).toBe('BIOMETRIC');
  });

  it('rejects a purpose that is not a name', () => {
    expect(() => toPiiAnnotation({ category: 'SENSORY', purpose: ['MARKETING', 7] }, 'X.y')).toThrow(/a purpose must be a name, got 7/);
  });

  it('rejects a sensitive flag that is not a boolean', () => {
    expect(() => toPiiAnnotation({ category: 'SENSORY', sensitive: 'yes' }, 'X.y')).toThrow(/sensitive must be a boolean/);
  });
});
