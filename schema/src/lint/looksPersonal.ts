/**
 * Words that, as a whole word of a field or type name (camelCase, snake_case and digits split),
 * make it look like personal information. Plurals are listed where they occur in practice.
 */
const WORDS = new Set([
  'email', 'emails', 'phone', 'phones', 'mobile', 'fax', 'ssn', 'address', 'addresses', 'street', 'zip', 'zipcode',
  'postcode', 'postal', 'birth', 'birthday', 'birthdate', 'dob', 'lat', 'lng', 'lon', 'latitude', 'longitude', 'geo',
  'geolocation', 'location', 'locations', 'coordinates', 'gps', 'ip', 'ips', 'ipv4', 'ipv6', 'bank', 'iban', 'routing',
  'passport', 'license', 'licence', 'licenses', 'licences', 'signature', 'gender', 'sex', 'race', 'ethnicity', 'ethnic',
  'religion', 'religious', 'disability', 'disabilities', 'disabled', 'veteran', 'marital', 'salary', 'salaries', 'income',
  'wage', 'wages', 'health', 'medical', 'diagnosis', 'biometric', 'biometrics', 'fingerprint', 'surname', 'nationality',
  'citizenship',
]);

/** Consecutive words that together look personal (`accountNumber`, `taxId`, `firstName`). */
const PHRASES: readonly (readonly string[])[] = [
  ['account', 'number'], ['account', 'no'], ['card', 'number'], ['credit', 'card'], ['tax', 'id'], ['tax', 'number'],
  ['first', 'name'], ['last', 'name'], ['full', 'name'], ['middle', 'name'], ['maiden', 'name'], ['given', 'name'],
  ['family', 'name'], ['social', 'security'],
];

/** Splits `ipAddresses`, `date_of_birth`, `ipv4Addr`, `SSNLast4` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** The word or phrase that makes `name` look personal, or undefined. */
export function looksPersonal(name: string): string | undefined {
  const words = nameWords(name);
  const word = words.find((w) => WORDS.has(w));
  if (word) return word;
  for (const phrase of PHRASES) {
    for (let i = 0; i + phrase.length <= words.length; i++) {
      if (phrase.every((p, j) => words[i + j] === p)) return phrase.join(' ');
    }
  }
  return undefined;
}
