/** Who the verified token says the caller is. */
export interface Identity {
  sub: string;
  role: string;
  /** The identity claims the policy's record scopes name (e.g. the claim of a client-scoped role), by claim name, when the token carries them. */
  [claim: string]: string | undefined;
}

/** The role given to callers without a token when anonymous access is on; a token that claims it is refused while anonymous access is off. */
export const ANONYMOUS_ROLE = 'ANONYMOUS';
