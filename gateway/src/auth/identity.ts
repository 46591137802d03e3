/** Who the verified token says the caller is. */
export interface Identity {
  sub: string;
  role: string;
  clientId?: string;
  partnerId?: string;
  shopperId?: string;
}

/** The role given to callers without a token when anonymous access is on. */
export const ANONYMOUS_ROLE = 'ANONYMOUS';
