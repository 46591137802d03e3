export {
  PII_CATEGORIES,
  PURPOSES,
  PII_SPEC_URL,
  FEDERATION_SPEC_URL,
  PII_DIRECTIVE_SDL,
  subgraphSchemaHeader,
} from './piiDirectiveSdl.ts';
export type { PiiCategory, Purpose } from './piiDirectiveSdl.ts';
export { MASK_STRATEGIES, RECORD_SCOPES } from './types.ts';
export type { PiiAnnotation, MaskStrategy, RecordScope, Caller } from './types.ts';
export { CALLER_CONTEXT_HEADER, signCallerContext, verifyCallerContext } from './callerContext.ts';
export type { SignCallerContextOptions, VerifyCallerContextResult } from './callerContext.ts';
