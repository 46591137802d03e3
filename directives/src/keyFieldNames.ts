/** The top-level field names of a federation key's field set (`"id"`, `"id org { id }"` → id, org). */
export function keyFieldNames(fieldSet: string): string[] {
  let depth = 0;
  const names: string[] = [];
  for (const token of fieldSet.match(/[_A-Za-z][_0-9A-Za-z]*|[{}]/g) ?? []) {
    if (token === '{') depth += 1;
    else if (token === '}') depth -= 1;
    else if (depth === 0) names.push(token);
  }
  return names;
}
