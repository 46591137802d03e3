import type { ExplorerExamples } from '@confero/explorer';
import type { ExplorerOptions } from '../explorer/index.ts';
import { DEV_SECRETS, type GatewayEnv } from './gatewayEnv.ts';

/**
 * The explorer's options from the validated environment; undefined when it is off.
 * `EXPLORER` decides; unset, it is on except with NODE_ENV=production. Tokens are minted only
 * in development proper: not in production, and only while the JWT secret is the public
 * development default (a token minted with it gives nobody anything they could not sign
 * themselves). Otherwise users paste their own token.
 */
export function explorerOptionsFromEnv(env: GatewayEnv, examples?: Partial<ExplorerExamples>): ExplorerOptions | undefined {
  const production = env.NODE_ENV === 'production';
  if (!(env.EXPLORER ?? !production)) return undefined;
  const devTokens = !production && env.JWT_SECRET === DEV_SECRETS.JWT_SECRET;
  return { devTokens, ...(examples ? { examples } : {}) };
}
