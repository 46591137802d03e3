import type { Caller, PiiWriteGuard } from '@confero/directives';
import type { CorrectionDocument } from './correctionModel.ts';
import type { SelfServiceData } from './selfServiceData.ts';
import { correctionCoordinates, correctionUpdate, parseShopperCorrection, type CorrectionError } from './shopperCorrectionInput.ts';
import type { ShopperData } from './shopperData.ts';
import type { ShopperDocument } from './shopperModel.ts';

/** What a correction mutation answers. */
export interface CorrectionResult {
  /** What was wrong, field by field; empty when the correction went through. */
  errors: CorrectionError[];
  /** The correction written; null when nothing changed or the input was refused. */
  correction: CorrectionDocument | null;
  /** The record after the correction (the policy decides what the caller sees of it); null when refused. */
  shopper: ShopperDocument | null;
}

/** What {@link correctShopperRecord} works with. */
export interface CorrectShopperRecordInput {
  data: Pick<ShopperData, 'shopperById'> & Pick<SelfServiceData, 'applyChange' | 'reloadShopper'>;
  /** The `@pii` write side of the subgraph's enforcement (`piiWriteGuardOf(info.schema)`). */
  guard: PiiWriteGuard;
  caller: Caller;
  /** The record to correct; null when the caller has none of their own. */
  shopperId: string | null;
  /** The `ShopperCorrectionInput`, as GraphQL coerced it. */
  input: unknown;
}

const refused = (errors: CorrectionError[]): CorrectionResult => ({ errors, correction: null, shopper: null });

/**
 * Corrects a shopper's record ("your ability to correct the information"), in this order:
 * the record must be in the caller's scope; the caller must be entitled by the policy to write
 * every field given, on this record (else `PII_WRITE_DENIED` is thrown); every field must be
 * valid (else the errors, field by field); then one `updateOne` of the fields that change, and
 * the correction's entry in the history. Nothing is written unless everything holds.
 */
export async function correctShopperRecord({ data, guard, caller, shopperId, input }: CorrectShopperRecordInput): Promise<CorrectionResult> {
  if (shopperId === null) return refused([{ field: null, message: 'Only a shopper can correct their own record; staff correct a record with correctShopperRecord.' }]);
  const current = await data.shopperById.load(shopperId);
  if (!current) return refused([{ field: 'id', message: `There is no shopper ${shopperId} you may correct.` }]);

  // Entitlement first, for every field given: a caller who may not write them learns nothing from validation.
  guard.assertMayWrite(caller, correctionCoordinates(input), current);
  const parsed = parseShopperCorrection(input);
  if ('errors' in parsed) return refused(parsed.errors);

  const change = correctionUpdate(parsed.value, current);
  if (change.fields.length === 0) return { errors: [], correction: null, shopper: current };
  const correction = await data.applyChange(shopperId, change);
  return { errors: [], correction, shopper: await data.reloadShopper(shopperId) };
}
