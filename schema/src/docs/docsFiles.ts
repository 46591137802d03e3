import { fileURLToPath } from 'node:url';

/** The repository's README (its policy matrix section is generated). */
export const README_PATH = fileURLToPath(new URL('../../../README.md', import.meta.url));
/** The generated errors page. */
export const ERRORS_DOC_PATH = fileURLToPath(new URL('../../../docs/errors.md', import.meta.url));
