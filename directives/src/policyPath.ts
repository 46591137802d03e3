const IDENTIFIER = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * Formats a path into the policy document the way an operator would look it up:
 * `roles.ANALYST.grants[0].fields["Person.name"]`.
 */
export function policyPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      out += IDENTIFIER.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out || '(root)';
}
