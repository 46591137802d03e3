/** A US metro area the seed places shoppers and stores around. */
export interface City {
  name: string;
  /** Two-letter state code. */
  region: string;
  lat: number;
  lng: number;
  /** Telephone area code. */
  areaCode: string;
  /** First three digits of the city's ZIP codes. */
  zip3: string;
  /** Relative weight (roughly the metro population, millions). */
  weight: number;
}

/** Downtown coordinates of thirty US cities. */
export const CITIES: readonly City[] = [
  { name: 'New York', region: 'NY', lat: 40.7128, lng: -74.006, areaCode: '212', zip3: '100', weight: 19 },
  { name: 'Los Angeles', region: 'CA', lat: 34.0522, lng: -118.2437, areaCode: '213', zip3: '900', weight: 13 },
  { name: 'Chicago', region: 'IL', lat: 41.8781, lng: -87.6298, areaCode: '312', zip3: '606', weight: 9.5 },
  { name: 'Dallas', region: 'TX', lat: 32.7767, lng: -96.797, areaCode: '214', zip3: '752', weight: 7.6 },
  { name: 'Houston', region: 'TX', lat: 29.7604, lng: -95.3698, areaCode: '713', zip3: '770', weight: 7.1 },
  { name: 'Atlanta', region: 'GA', lat: 33.749, lng: -84.388, areaCode: '404', zip3: '303', weight: 6.1 },
  { name: 'Philadelphia', region: 'PA', lat: 39.9526, lng: -75.1652, areaCode: '215', zip3: '191', weight: 6.2 },
  { name: 'Miami', region: 'FL', lat: 25.7617, lng: -80.1918, areaCode: '305', zip3: '331', weight: 6.1 },
  { name: 'Phoenix', region: 'AZ', lat: 33.4484, lng: -112.074, areaCode: '602', zip3: '850', weight: 4.9 },
  { name: 'Boston', region: 'MA', lat: 42.3601, lng: -71.0589, areaCode: '617', zip3: '021', weight: 4.9 },
  { name: 'Seattle', region: 'WA', lat: 47.6062, lng: -122.3321, areaCode: '206', zip3: '981', weight: 4 },
  { name: 'Minneapolis', region: 'MN', lat: 44.9778, lng: -93.265, areaCode: '612', zip3: '554', weight: 3.7 },
  { name: 'San Diego', region: 'CA', lat: 32.7157, lng: -117.1611, areaCode: '619', zip3: '921', weight: 3.3 },
  { name: 'Tampa', region: 'FL', lat: 27.9506, lng: -82.4572, areaCode: '813', zip3: '336', weight: 3.2 },
  { name: 'Denver', region: 'CO', lat: 39.7392, lng: -104.9903, areaCode: '303', zip3: '802', weight: 3 },
  { name: 'Baltimore', region: 'MD', lat: 39.2904, lng: -76.6122, areaCode: '410', zip3: '212', weight: 2.8 },
  { name: 'St. Louis', region: 'MO', lat: 38.627, lng: -90.1994, areaCode: '314', zip3: '631', weight: 2.8 },
  { name: 'Charlotte', region: 'NC', lat: 35.2271, lng: -80.8431, areaCode: '704', zip3: '282', weight: 2.7 },
  { name: 'San Antonio', region: 'TX', lat: 29.4241, lng: -98.4936, areaCode: '210', zip3: '782', weight: 2.6 },
  { name: 'Portland', region: 'OR', lat: 45.5152, lng: -122.6784, areaCode: '503', zip3: '972', weight: 2.5 },
  { name: 'Austin', region: 'TX', lat: 30.2672, lng: -97.7431, areaCode: '512', zip3: '787', weight: 2.4 },
  { name: 'Pittsburgh', region: 'PA', lat: 40.4406, lng: -79.9959, areaCode: '412', zip3: '152', weight: 2.4 },
  { name: 'Las Vegas', region: 'NV', lat: 36.1699, lng: -115.1398, areaCode: '702', zip3: '891', weight: 2.3 },
  { name: 'Kansas City', region: 'MO', lat: 39.0997, lng: -94.5786, areaCode: '816', zip3: '641', weight: 2.2 },
  { name: 'Columbus', region: 'OH', lat: 39.9612, lng: -82.9988, areaCode: '614', zip3: '432', weight: 2.1 },
  { name: 'Cleveland', region: 'OH', lat: 41.4993, lng: -81.6944, areaCode: '216', zip3: '441', weight: 2 },
  { name: 'Nashville', region: 'TN', lat: 36.1627, lng: -86.7816, areaCode: '615', zip3: '372', weight: 2 },
  { name: 'Detroit', region: 'MI', lat: 42.3314, lng: -83.0458, areaCode: '313', zip3: '482', weight: 4.3 },
  { name: 'Salt Lake City', region: 'UT', lat: 40.7608, lng: -111.891, areaCode: '801', zip3: '841', weight: 1.3 },
  { name: 'Raleigh', region: 'NC', lat: 35.7796, lng: -78.6382, areaCode: '919', zip3: '276', weight: 1.5 },
];

/** Street names for shopper homes and store fronts. */
export const STREET_NAMES = [
  'Maple', 'Oak', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Main', 'Church', 'Spring',
  'Highland', 'Sunset', 'Lincoln', 'Jackson', 'Franklin', 'Madison', 'Willow', 'Ridge', 'River', 'Meadow',
  'Cherry', 'Walnut', 'Chestnut', 'Forest', 'Jefferson', 'Adams', 'Center', 'Prospect', 'Grove', 'Union',
] as const;

export const STREET_SUFFIXES = ['St', 'Ave', 'Blvd', 'Rd', 'Ln', 'Dr', 'Ct', 'Way', 'Pl', 'Pkwy'] as const;
