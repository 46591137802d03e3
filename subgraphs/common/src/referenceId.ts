/**
 * The id of an entity representation (`_entities` takes arbitrary JSON): the string `id`, or
 * null when it is missing or not a string — such a reference resolves to null.
 */
export function referenceId(representation: unknown): string | null {
  const id = (representation as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}
