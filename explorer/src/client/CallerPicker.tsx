import type { ExplorerConfig } from '../explorerConfig.ts';
import { roleOf, tokenClaims, type Caller } from './callers.ts';

/** A claim's name as a label: `clientId` → `Client id`. */
const claimLabel = (claim: string): string => {
  const words = claim.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Role, purpose and identity (development), or a pasted token and purpose (production). */
export function CallerPicker({ config, caller, onChange, idPrefix }: { config: ExplorerConfig; caller: Caller; onChange: (caller: Caller) => void; idPrefix: string }) {
  const minting = config.devTokens !== null;
  const roleName = minting ? caller.role : String(tokenClaims(caller.token)?.role ?? '');
  const role = roleOf(config, roleName);
  const granted = role?.purposes ?? [];
  const others = config.purposes.filter((p) => !granted.includes(p));
  const setRole = (name: string) => {
    const next = roleOf(config, name);
    const identity = next?.identity ? (config.examples.identities[next.identity] ?? '') : '';
    onChange({ ...caller, role: name, purpose: next?.purposes[0] ?? '', identity });
  };
  return (
    <div className="caller-picker" data-role={roleName}>
      {minting ? (
        <label>
          Role{' '}
          <select id={`${idPrefix}-role`} value={caller.role} onChange={(e) => setRole(e.target.value)}>
            {config.roles.map((r) => (
              <option key={r.name} value={r.name} title={r.description}>
                {r.name} (scope: {r.scope})
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label className="token-input">
          Token{' '}
          <input
            id={`${idPrefix}-token`}
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder="paste a JWT (Bearer token)"
            value={caller.token}
            onChange={(e) => onChange({ ...caller, token: e.target.value })}
          />
          <span className="token-role">{roleName ? `role ${roleName}${role ? '' : ' (not in the policy)'}` : ''}</span>
        </label>
      )}
      <label>
        Purpose{' '}
        <select id={`${idPrefix}-purpose`} value={caller.purpose} onChange={(e) => onChange({ ...caller, purpose: e.target.value })}>
          <optgroup label={role ? `Granted to ${role.name}` : 'Purposes'}>
            {(role ? granted : config.purposes).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </optgroup>
          <option value="">(none: every @pii field withheld)</option>
          {role && others.length > 0 ? (
            <optgroup label="Not granted (the gateway refuses)">
              {others.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </label>
      {minting && role?.identity ? (
        <label>
          {claimLabel(role.identity)}{' '}
          <input
            id={`${idPrefix}-identity`}
            className="identity"
            type="text"
            spellCheck={false}
            value={caller.identity}
            onChange={(e) => onChange({ ...caller, identity: e.target.value })}
            aria-describedby={`${idPrefix}-identity-note`}
          />
          <span id={`${idPrefix}-identity-note`} className="sr-only">
            scope {role.scope}: the token names this id as the caller's own
          </span>
        </label>
      ) : null}
    </div>
  );
}
