import type { Random } from './random.ts';

/** Consonants only: markers never spell a word and stand out in a response body. */
const MARKER_ALPHABET = 'bcdfghjklmnpqrstvwxz';

/**
 * The per-record marker number `n` (0, 1, 2…): four consonants for the first 160,000 records,
 * five after; distinct for distinct `n`. Spread with an odd multiplier so neighbours differ.
 */
export function markerOf(n: number): string {
  const base = MARKER_ALPHABET.length;
  const length = n < base ** 4 ? 4 : 5;
  const space = base ** length;
  let v = (n * 7_919 + 104_729) % space; // 7919 is prime and coprime with 20^k: a bijection
  let out = '';
  for (let i = 0; i < length; i++) {
    out = MARKER_ALPHABET[v % base] + out;
    v = Math.floor(v / base);
  }
  return out;
}

/**
 * Hands out values that are unique across the whole data set (per namespace): each draw is
 * retried until unused. Deterministic, since the draws come from the seeded PRNG.
 */
export class UniqueValues {
  private readonly used = new Map<string, Set<string>>();

  constructor(private readonly random: Random) {}

  /** A value of `draw()` not handed out before in `namespace`; throws after `attempts` tries. */
  take(namespace: string, draw: (random: Random) => string, attempts = 1_000): string {
    const used = this.used.get(namespace) ?? new Set<string>();
    this.used.set(namespace, used);
    for (let i = 0; i < attempts; i++) {
      const value = draw(this.random);
      if (!used.has(value)) {
        used.add(value);
        return value;
      }
    }
    throw new Error(`seed: ran out of unique values for ${namespace}; lower the sizes`);
  }

  /**
   * Like {@link take}, for a small value space (dates of birth): unique while the space allows,
   * a repeat once `attempts` draws found nothing new.
   */
  prefer(namespace: string, draw: (random: Random) => string, attempts = 100): string {
    const used = this.used.get(namespace) ?? new Set<string>();
    this.used.set(namespace, used);
    let value = draw(this.random);
    for (let i = 1; i < attempts && used.has(value); i++) value = draw(this.random);
    used.add(value);
    return value;
  }

  /** A number unique in `namespace` (compared as JSON), drawn by `draw`. */
  takeNumber(namespace: string, draw: (random: Random) => number, attempts = 1_000): number {
    return Number(this.take(namespace, (r) => JSON.stringify(draw(r)), attempts));
  }

  /**
   * A coordinate pair with six decimals, both parts unique among all coordinates of the data
   * set and with a non-zero sixth decimal (so JSON prints all six).
   */
  takePoint(centre: { lat: number; lng: number }, spreadKm: number, maxKm: number): { lat: number; lng: number } {
    const sixDecimals = (x: number) => {
      const fixed = Math.round(x * 1e6);
      return (fixed % 10 === 0 ? fixed + (fixed >= 0 ? 1 : -1) : fixed) / 1e6;
    };
    const r = this.random;
    const distanceKm = Math.min(Math.abs(r.normal()) * spreadKm, maxKm);
    const angle = r.next() * 2 * Math.PI;
    const lat = sixDecimals(centre.lat + (distanceKm * Math.cos(angle)) / 111.195);
    const lng = sixDecimals(centre.lng + (distanceKm * Math.sin(angle)) / (111.195 * Math.cos((centre.lat * Math.PI) / 180)));
    // On a collision, nudge by a few millionths of a degree (well under a metre).
    const unique = (value: number) => {
      let attempt = 0;
      return this.takeNumber('coordinate', (rr) =>
        attempt++ === 0 ? value : sixDecimals(value + rr.int(1, 99) * (rr.chance(0.5) ? 1 : -1) * 1e-6),
      );
    };
    return { lat: unique(lat), lng: unique(lng) };
  }
}
