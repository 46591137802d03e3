import { describe, expect, it } from 'vitest';
import { toPiiAnnotation } from './toPiiAnnotation.ts';

describe('toPiiAnnotation', () => {
  it('reads category, purposes and sensitivity', () => {
    expect(toPiiAnnotation({ category: 'IDENTIFIERS', purpose: ['SERVICES', 'AUDITING'], sensitive: true }, 'Shopper.ssn')).toEqual({
      category: 'IDENTIFIERS',
      purposes: ['SERVICES', 'AUDITING'],
      sensitive: true,
    });
  });

  it('leaves purposes undefined when the field names none, and defaults sensitive to false', () => {
    const annotation = toPiiAnnotation({ category: 'IDENTIFIERS' }, 'Shopper.name');
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

  it('rejects an unknown category, naming the coordinate', () => {
    expect(() => toPiiAnnotation({ category: 'BIOMETRIC' }, 'Shopper.face')).toThrow('@pii on Shopper.face: unknown category "BIOMETRIC"');
  });

  it('rejects an unknown purpose', () => {
    expect(() => toPiiAnnotation({ category: 'SENSORY', purpose: ['MARKETING'] }, 'X.y')).toThrow(/unknown purpose "MARKETING"/);
  });

  it('rejects a sensitive flag that is not a boolean', () => {
    expect(() => toPiiAnnotation({ category: 'SENSORY', sensitive: 'yes' }, 'X.y')).toThrow(/sensitive must be a boolean/);
  });
});
