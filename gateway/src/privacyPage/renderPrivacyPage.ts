import type { CompiledPolicy, PiiIndex } from '@confero/directives';
import { escapeHtml, tag } from './html.ts';
import { policyGrid } from './policyGrid.ts';
import { PRIVACY_PAGE_CSS } from './privacyPageStyle.ts';

function overridesTable(policy: CompiledPolicy): string {
  const rows: string[] = [];
  for (const role of policy.roles.values()) {
    for (const grant of role.grants) {
      for (const rule of grant.fields.values()) {
        const { decision } = rule;
        const effect = decision.effect === 'mask' ? `mask: ${decision.strategy ?? 'redact'}` : decision.effect;
        const condition = rule.consent
          ? `<span class="condition">only where <code>consents.${escapeHtml(rule.consent)}</code> is true</span> (otherwise deny)`
          : '';
        rows.push(
          tag(
            'tr',
            { 'data-role': role.name, 'data-coordinate': rule.coordinate },
            tag('td', {}, escapeHtml(role.name)) +
              tag('td', {}, escapeHtml(grant.purposes.join(', '))) +
              tag('td', {}, `<code>${escapeHtml(rule.coordinate)}</code>`) +
              tag('td', { class: decision.effect }, escapeHtml(effect)) +
              tag('td', { class: 'condition-cell' }, condition) +
              tag('td', {}, `<code>${escapeHtml(rule.rule)}</code>`),
          ),
        );
      }
    }
  }
  if (rows.length === 0) return '<p class="muted">The policy has no per-field overrides.</p>';
  return `<table id="overrides"><thead><tr><th>Role</th><th>Purposes</th><th>Field</th><th>Decision</th><th>Condition</th><th>Rule</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function scopesTable(policy: CompiledPolicy): string {
  const rows = [...policy.roles.values()].map((role) =>
    tag(
      'tr',
      { 'data-role': role.name },
      tag('td', {}, escapeHtml(role.name)) +
        tag('td', { class: 'scope' }, escapeHtml(role.scope)) +
        tag('td', {}, escapeHtml(policy.scopes.get(role.scope)?.description ?? role.scope)) +
        tag('td', {}, escapeHtml(role.purposes.join(', ') || '(none)')) +
        tag('td', { class: 'description' }, escapeHtml(role.description ?? '')),
    ),
  );
  return `<table id="scopes"><thead><tr><th>Role</th><th>Scope</th><th>Reaches</th><th>Purposes it may state</th><th>Why (from the policy)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The policy's vocabulary: its categories and purposes, each with what the policy says it is. */
function vocabularyTable(id: string, entries: ReadonlyMap<string, { description: string }>): string {
  const rows = [...entries].map(([name, { description }]) => tag('tr', { 'data-name': name }, tag('td', {}, `<code>${escapeHtml(name)}</code>`) + tag('td', { class: 'description' }, escapeHtml(description))));
  return `<table id="${id}"><tbody>${rows.join('')}</tbody></table>`;
}

function piiFields(piiIndex: PiiIndex): string {
  const byType = new Map<string, ReturnType<PiiIndex['fields']>[number][]>();
  for (const entry of piiIndex.fields()) {
    const type = entry.coordinate.slice(0, entry.coordinate.indexOf('.'));
    byType.set(type, [...(byType.get(type) ?? []), entry]);
  }
  const sections = [...byType].map(([type, entries]) => {
    const typeLevel = piiIndex.typeAnnotation(type);
    const rows = entries.map(({ coordinate, annotation, inherited }) =>
      tag(
        'tr',
        { 'data-coordinate': coordinate },
        tag('td', {}, `<code>${escapeHtml(coordinate)}</code>${inherited ? ' <span class="badge">from type</span>' : ''}`) +
          tag('td', {}, escapeHtml(annotation.category)) +
          tag('td', {}, escapeHtml(annotation.purposes ? annotation.purposes.join(', ') : 'any granted purpose')) +
          tag('td', {}, annotation.sensitive ? '<span class="badge sensitive">sensitive</span>' : ''),
      ),
    );
    const note = typeLevel ? ` <span class="badge">@pii on the type: ${escapeHtml(typeLevel.category)}</span>` : '';
    return `<section data-type="${escapeHtml(type)}"><h3>${escapeHtml(type)}${note}</h3><table><thead><tr><th>Field</th><th>Category</th><th>Purposes</th><th>Sensitive</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
  });
  return `<div id="pii-fields" class="types">${sections.join('')}</div>`;
}

/** Options of {@link renderPrivacyPage}. */
export interface RenderPrivacyPageOptions {
  /** Where the explorer is served: the page links to it. Default: no link. */
  explorerPath?: string;
}

/**
 * The gateway's `/privacy` page: the policy it enforces as a coloured role × purpose ×
 * category grid, per-field overrides with their consent conditions, record scopes, and the
 * `@pii` fields of the schema it serves. Self-contained HTML (inline CSS, no script, no
 * external asset); every value from the policy or schema is escaped.
 */
export function renderPrivacyPage(policy: CompiledPolicy, piiIndex: PiiIndex, options: RenderPrivacyPageOptions = {}): string {
  const legend = [
    ['allow', 'allow: the value as stored'],
    ['mask', 'mask: a transformed value (partial, hash, generalize, initials, redact)'],
    ['deny', 'deny: not fetched, comes back null'],
    ['not-granted', '—: purpose not granted to the role (deny)'],
  ]
    .map(([cls, text]) => tag('li', { class: cls }, escapeHtml(text)))
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Privacy policy ${escapeHtml(policy.version)} · Confero gateway</title><style>${PRIVACY_PAGE_CSS}</style></head>
<body><header>${options.explorerPath ? `<nav class="links"><a id="explorer-link" href="${escapeHtml(options.explorerPath)}">Explorer: run a query as each caller →</a></nav>` : ''}<h1>Privacy policy <span class="version" id="policy-version">${escapeHtml(policy.version)}</span></h1>
${policy.description ? `<p class="lead">${escapeHtml(policy.description)}</p>` : ''}
<ul class="legend">${legend}</ul></header>
<main>
<h2>Decisions by role, purpose and category</h2>
<p class="muted">Deny by default. For a field with <code>@pii</code>, in order: an unknown role, no purpose, or a purpose the role is not granted deny; a purpose outside the field's <code>@pii(purpose:)</code> denies; a per-field override (below) decides; else a sensitive field follows the sensitive columns and any other field the plain ones. Hover a cell for the rule.</p>
${policyGrid(policy)}
<h2>Per-field overrides</h2>
${overridesTable(policy)}
<h2>Record scopes</h2>
<p class="muted">Which records a role can reach at all, whatever the field decisions (applied in the subgraphs).</p>
${scopesTable(policy)}
<h2>Categories and purposes</h2>
<p class="muted">The policy's own vocabulary: the values of <code>@pii(category:)</code> and <code>@pii(purpose:)</code>, and the purposes a caller may state.</p>
${vocabularyTable('categories', policy.categories)}
${vocabularyTable('purposes', policy.purposes)}
<h2>Fields with <code>@pii</code></h2>
${piiFields(piiIndex)}
</main></body></html>
`;
}
