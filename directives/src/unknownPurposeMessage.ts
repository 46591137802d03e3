import { PURPOSES } from './piiDirectiveSdl.ts';

/** Purposes that would sell or trade personal information (matched as words of the name). */
const SALE = /(^|_)(SALE|SALES|SELL|SELLING|SOLD|RESALE|RESELL|TRADE|TRADING|MONETI[SZ]E|MONETI[SZ]ATION|BROKER|BROKERING|BROKERAGE)(_|$)/;

/**
 * Why a policy may not grant `input` as a purpose. Purposes are the closed list of the privacy
 * policy's business purposes (`PURPOSES`); a purpose that would sell personal information is
 * refused with the sentence of the privacy policy that rules it out.
 */
export function unknownPurposeMessage(input: unknown): string {
  const spelled = JSON.stringify(input) ?? String(input);
  if (typeof input === 'string' && SALE.test(input.toUpperCase())) {
    return (
      `purpose ${spelled} is refused: the privacy policy says "We do not sell your personal information.", ` +
      'so no policy may grant a purpose that sells or trades it'
    );
  }
  return (
    `unknown purpose ${spelled}: a policy may grant only the business purposes the privacy policy names ` +
    `(${PURPOSES.join(', ')}); a new purpose needs a new privacy policy first`
  );
}
