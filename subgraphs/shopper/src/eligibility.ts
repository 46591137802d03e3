import type { GeoPoint } from './shopperModel.ts';

const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine, R = 6371 km). */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLng = (b.lng - a.lng) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}

/** A lat/lng box (degrees); a side left out is unbounded. */
export interface BoundingBox {
  minLat: number;
  maxLat: number;
  lng?: { min: number; max: number };
}

/** Slack (degrees, ~100 m) so points on the circle's edge are never cut by rounding. */
const MARGIN_DEG = 0.001;

/**
 * The smallest lat/lng box holding every point within `radiusKm` of `center` (exact for a
 * sphere: the longitude half-width is asin(sin δ / cos φ)). Near a pole, or across the
 * antimeridian, longitude is left unbounded — the exact distance check follows anyway.
 */
export function boundingBox(center: GeoPoint, radiusKm: number): BoundingBox {
  const delta = radiusKm / EARTH_RADIUS_KM;
  const minLat = center.lat - delta / RAD - MARGIN_DEG;
  const maxLat = center.lat + delta / RAD + MARGIN_DEG;
  if (minLat <= -90 || maxLat >= 90) return { minLat, maxLat };
  const ratio = Math.sin(delta) / Math.cos(center.lat * RAD);
  if (ratio >= 1) return { minLat, maxLat };
  const halfWidth = Math.asin(ratio) / RAD + MARGIN_DEG;
  const min = center.lng - halfWidth;
  const max = center.lng + halfWidth;
  if (min < -180 || max > 180) return { minLat, maxLat };
  return { minLat, maxLat, lng: { min, max } };
}

/** The box as a MongoDB condition on `homeLocation` (range operators only: FerretDB runs it). */
export function boxCondition(box: BoundingBox): Record<string, unknown> {
  const condition: Record<string, unknown> = { 'homeLocation.lat': { $gte: box.minLat, $lte: box.maxLat } };
  if (box.lng) condition['homeLocation.lng'] = { $gte: box.lng.min, $lte: box.lng.max };
  return condition;
}

/** What an opportunity asks of a shopper. */
export interface EligibilityCriteria {
  location: GeoPoint;
  minRating: number;
  maxDistanceKm: number;
  /** The client's competitors; a shopper affiliated with any of them is screened out. */
  competitors: readonly string[];
}

/** The fields of a shopper the check reads. */
export interface EligibilityCandidate {
  _id: string;
  rating?: number | null;
  homeLocation?: GeoPoint | null;
  competitorAffiliations?: string[] | null;
}

const normalise = (company: string) => company.trim().toLowerCase();

/**
 * The candidates (already known to be active) that meet `criteria`, nearest first (ties by id),
 * with their distance.
 */
export function rankEligible(
  candidates: readonly EligibilityCandidate[],
  criteria: EligibilityCriteria,
): Array<{ id: string; distanceKm: number }> {
  const competitors = new Set(criteria.competitors.map(normalise));
  const ranked: Array<{ id: string; distanceKm: number }> = [];
  for (const c of candidates) {
    if (!c.homeLocation || typeof c.rating !== 'number' || c.rating < criteria.minRating) continue;
    if ((c.competitorAffiliations ?? []).some((a) => competitors.has(normalise(a)))) continue;
    const distanceKm = haversineKm(c.homeLocation, criteria.location);
    if (distanceKm <= criteria.maxDistanceKm) ranked.push({ id: c._id, distanceKm });
  }
  return ranked.sort((a, b) => a.distanceKm - b.distanceKm || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
