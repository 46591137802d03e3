/** Who the verified token says the caller is. */
export interface Identity {
  sub: string;
  role: string;
  clientId?: string;
  partnerId?: string;
  shopperId?: string;
}

/** The role given to callers without a token when anonymous access is on; a token that claims it is refused while anonymous access is off. */
export const ANONYMOUS_ROLE = 'ANONYMOUS';
