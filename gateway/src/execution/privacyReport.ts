import type { ExecutionResult } from 'graphql';
import { GraphQLError } from 'graphql';
import { ERRORS } from '@confero/directives';
import type { PrivacyExtension } from '../privacy/index.ts';

/** Where a response's privacy report goes (`PRIVACY_REPORT`). */
export const PRIVACY_REPORTS = ['extensions', 'errors', 'off'] as const;
export type PrivacyReport = (typeof PRIVACY_REPORTS)[number];

/** GraphOS Router's message for a field its authorization removed. */
const UNAUTHORIZED_MESSAGE = 'Unauthorized field or type';

/**
 * Puts a response's privacy report where `mode` says: `extensions` — `extensions.privacy` (every
 * withheld and masked path, with category and reason or strategy); `errors` — one
 * `UNAUTHORIZED_FIELD_OR_TYPE` error per withheld path, after the response's own errors, as
 * GraphOS Router's authorization reports the fields it removed (masked values are not
 * errors: they are returned, masked); `off` — nowhere (the audit still records it all).
 */
export function reportPrivacy(result: ExecutionResult, data: ExecutionResult['data'], privacy: PrivacyExtension, mode: PrivacyReport): ExecutionResult {
  if (mode === 'off') return { ...result, data };
  if (mode === 'extensions') return { ...result, data, extensions: { ...result.extensions, privacy } };
  if (privacy.withheld.length === 0) return { ...result, data };
  const { extensions } = ERRORS.UNAUTHORIZED_FIELD_OR_TYPE.err(UNAUTHORIZED_MESSAGE);
  const unauthorized = privacy.withheld.map(({ path }) => new GraphQLError(UNAUTHORIZED_MESSAGE, { path, extensions }));
  return { ...result, data, errors: [...(result.errors ?? []), ...unauthorized] };
}
