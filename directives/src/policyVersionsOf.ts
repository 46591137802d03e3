import type { PolicyDocument, PolicyRoleDocument } from './policySchema.ts';

/** One version of the policy in a policy document: the current one or an earlier one. */
export interface PolicyVersionEntry {
  readonly version: string;
  readonly description?: string;
  readonly roles: Readonly<Record<string, PolicyRoleDocument>>;
  /** Where its roles live in the document: `[]` for the current version, `['previousVersions', version]` for an earlier one. */
  readonly at: readonly PropertyKey[];
}

/** The current version of a policy document, then every earlier version it keeps. */
export function policyVersionsOf(document: PolicyDocument): PolicyVersionEntry[] {
  return [
    { version: document.version, description: document.description, roles: document.roles, at: [] },
    ...Object.entries(document.previousVersions ?? {}).map(([version, previous]) => ({
      version,
      description: previous.description,
      roles: previous.roles,
      at: ['previousVersions', version],
    })),
  ];
}
