/** The page's only stylesheet (inline; the page loads nothing else). */
export const PRIVACY_PAGE_CSS = `
:root { --allow: #cfeccf; --allow-ink: #1f5f1f; --mask: #fbe3a6; --mask-ink: #6b4a00; --deny: #f5cccc; --deny-ink: #7a1d1d;
  --off: #f1f1f1; --off-ink: #9a9a9a; --line: #d5d9de; --ink: #1d2430; --muted: #5b6472; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fafbfc; }
header { padding: 20px 28px 12px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 22px; }
nav.links { float: right; }
nav.links a { color: #1f4fa3; font-weight: 600; text-decoration: none; }
nav.links a:hover, nav.links a:focus { text-decoration: underline; }
h2 { margin: 28px 0 8px; font-size: 18px; }
h3 { margin: 18px 0 6px; font-size: 15px; }
main { padding: 0 28px 40px; }
p.lead, .muted { color: var(--muted); max-width: 110ch; }
.version { display: inline-block; padding: 2px 8px; border-radius: 10px; background: #e8eef8; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0 0; padding: 0; list-style: none; }
.legend li { padding: 2px 10px; border-radius: 4px; font-size: 12px; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
thead th { position: sticky; top: 0; background: #eef1f5; z-index: 1; font-size: 12px; }
#policy-grid { font-size: 12px; }
#policy-grid td.cell { text-align: center; vertical-align: middle; min-width: 60px; white-space: nowrap; }
#policy-grid .sensitive-start { border-left: 3px solid #6b7280; }
#policy-grid th.role { background: #f6f8fa; white-space: nowrap; }
#policy-grid th.role small { display: block; font-weight: normal; color: var(--muted); }
#policy-grid tr.not-granted th.purpose { color: var(--off-ink); font-weight: normal; }
#policy-grid tr.not-granted > * { padding-top: 0; padding-bottom: 0; font-size: 11px; line-height: 1.35; }
#policy-grid th.purpose .badge { display: block; width: fit-content; font-weight: normal; margin-top: 1px; }
#overrides td.allow, #overrides td.mask, #overrides td.deny { white-space: nowrap; }
#policy-grid tr.role-start > * { border-top: 3px solid #6b7280; }
.allow { background: var(--allow); color: var(--allow-ink); }
.mask { background: var(--mask); color: var(--mask-ink); }
.deny { background: var(--deny); color: var(--deny-ink); }
td.not-granted, li.not-granted { background: var(--off); color: var(--off-ink); }
.scope { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
#scopes td.description { max-width: 90ch; font-size: 12px; color: var(--muted); }
.condition { color: var(--mask-ink); font-weight: 600; }
.types { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 12px 24px; }
.types section table { width: 100%; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; background: #e8eef8; }
.badge.sensitive { background: var(--deny); color: var(--deny-ink); }
`;
