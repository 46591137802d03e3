import { decideCategory, type CompiledPolicy, type CompiledRole, type Decision } from '@confero/directives';
import { escapeHtml, tag } from './html.ts';

function cellText(decision: Decision, granted: boolean): string {
  if (!granted) return '—';
  return decision.effect === 'mask' ? `mask: ${decision.strategy ?? 'redact'}` : decision.effect;
}

function decisionCell(policy: CompiledPolicy, role: CompiledRole, purpose: string, category: string, sensitive: boolean, granted: boolean, first: boolean): string {
  const decision = decideCategory(policy, { role: role.name, purpose, category, sensitive });
  const classes = ['cell', decision.effect, ...(granted ? [] : ['not-granted']), ...(sensitive && first ? ['sensitive-start'] : [])];
  return tag(
    'td',
    {
      class: classes.join(' '),
      'data-role': role.name,
      'data-purpose': purpose,
      'data-category': category,
      'data-sensitive': String(sensitive),
      'data-effect': decision.effect,
      ...(decision.strategy ? { 'data-strategy': decision.strategy } : {}),
      title: `${role.name} · ${purpose} · ${category}${sensitive ? ' (sensitive)' : ''}: ${decision.reason} — ${decision.rule}`,
    },
    escapeHtml(cellText(decision, granted)),
  );
}

/**
 * The role × purpose × category grid, over the policy's own vocabulary: one row per role and
 * purpose (the purposes a role is granted first, then the others, greyed), one cell per
 * category for plain fields and one per category for sensitive fields (headed by the
 * category's label; its name and description in the title). Every cell is `decideCategory`'s
 * own answer.
 */
export function policyGrid(policy: CompiledPolicy): string {
  const categories = [...policy.categories.keys()];
  const categoryHeaders = (sensitive: boolean) =>
    [...policy.categories].map(([name, { label, description }], i) => tag('th', { title: `${name}: ${description}`, scope: 'col', ...(sensitive && i === 0 ? { class: 'sensitive-start' } : {}) }, escapeHtml(label))).join('');
  const head =
    '<thead><tr><th rowspan="2" scope="col">Role</th><th rowspan="2" scope="col">Purpose</th>' +
    `<th colspan="${categories.length}" scope="colgroup">Fields</th>` +
    `<th colspan="${categories.length}" scope="colgroup" class="sensitive-start">Sensitive fields (<code>sensitive: true</code>)</th></tr>` +
    `<tr>${categoryHeaders(false)}${categoryHeaders(true)}</tr></thead>`;
  const rows: string[] = [];
  for (const role of policy.roles.values()) {
    const granted = new Set<string>(role.purposes);
    const purposes = [...role.purposes, ...[...policy.purposes.keys()].filter((p) => !granted.has(p))];
    purposes.forEach((purpose, i) => {
      const isGranted = granted.has(purpose);
      const roleCell =
        i === 0
          ? tag('th', { class: 'role', rowspan: purposes.length, scope: 'rowgroup' }, `${escapeHtml(role.name)}<small>scope: <span class="scope">${escapeHtml(role.scope)}</span></small>`)
          : '';
      const cells = [false, true].map((sensitive) => categories.map((c, i) => decisionCell(policy, role, purpose, c, sensitive, isGranted, i === 0)).join('')).join('');
      const classes = [...(i === 0 ? ['role-start'] : []), ...(isGranted ? [] : ['not-granted'])].join(' ') || undefined;
      const overrides = role.grantFor.get(purpose)?.fields.size ?? 0;
      const badge = overrides > 0 ? ` <span class="badge" title="per-field overrides of this grant (listed below)">+${overrides} field rule${overrides === 1 ? '' : 's'}</span>` : '';
      const purposeCell = tag('th', { class: 'purpose', scope: 'row', title: policy.purposes.get(purpose)?.description ?? purpose }, escapeHtml(purpose) + badge);
      rows.push(tag('tr', { class: classes, 'data-role': role.name, 'data-purpose': purpose }, `${roleCell}${purposeCell}${cells}`));
    });
  }
  return `<table id="policy-grid">${head}<tbody>${rows.join('')}</tbody></table>`;
}
