import type { PiiWriteGuard } from '@confero/directives';
import type { SelfServiceData } from './selfServiceData.ts';
import type { CorrectionError } from './shopperCorrectionInput.ts';
import type { ShopperData } from './shopperData.ts';
import type { ShopperDocument } from './shopperModel.ts';

/** What `acceptPolicyVersion` answers. */
export interface PolicyAcceptanceResult {
  errors: CorrectionError[];
  /** The version the record is under now; null when refused. */
  policyVersion: string | null;
  /** The version it was under before; null when refused. */
  previousVersion: string | null;
  /** The record (the policy decides what the caller sees of it); null when refused. */
  shopper: ShopperDocument | null;
}

/** What {@link acceptPolicyVersion} works with. */
export interface AcceptPolicyVersionInput {
  data: Pick<ShopperData, 'shopperById'> & Pick<SelfServiceData, 'ownShopperId' | 'applyChange' | 'reloadShopper'>;
  guard: PiiWriteGuard;
  /** The version the shopper accepts: it must be the one in force. */
  version: string;
}

const refused = (errors: CorrectionError[]): PolicyAcceptanceResult => ({ errors, policyVersion: null, previousVersion: null, shopper: null });

/**
 * A shopper accepts the policy version in force for their record: their data, collected under
 * an earlier version, is from then on used under the current one alone. The change is written
 * to the correction history as a correction of `policyVersion`. Only the version in force may be
 * accepted (never an older one); accepting the version the record is already under changes nothing.
 */
export async function acceptPolicyVersion({ data, guard, version }: AcceptPolicyVersionInput): Promise<PolicyAcceptanceResult> {
  const shopperId = data.ownShopperId;
  if (shopperId === null) return refused([{ field: null, message: 'Only a shopper can accept a policy version, for their own record.' }]);
  const current = guard.policyVersion;
  if (current === null) return refused([{ field: null, message: 'This service enforces no privacy policy, so there is no version to accept.' }]);
  if (version !== current) return refused([{ field: 'version', message: `Only the policy version in force, ${current}, can be accepted.` }]);
  const record = await data.shopperById.load(shopperId);
  if (!record) return refused([{ field: null, message: 'Your record was not found.' }]);
  const previousVersion = record.policyVersion;
  if (previousVersion === version) return { errors: [], policyVersion: version, previousVersion, shopper: record };
  await data.applyChange(shopperId, { set: { policyVersion: version }, fields: ['policyVersion'] });
  return { errors: [], policyVersion: version, previousVersion, shopper: await data.reloadShopper(shopperId) };
}
