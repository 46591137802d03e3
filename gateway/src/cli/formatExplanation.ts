import type { ExplainedField, OperationExplanation } from './explainOperation.ts';

const COLUMNS: Array<[string, (f: ExplainedField) => string]> = [
  ['FIELD', (f) => f.path],
  ['COORDINATE', (f) => f.coordinate],
  ['CATEGORY', (f) => f.category ?? '-'],
  ['DECISION', decisionText],
  ['RULE', (f) => (f.rule ? (f.decidedBy ? `${f.rule} (via ${f.decidedBy})` : f.rule) : '-')],
  ['CALLER RECEIVES', (f) => f.receives],
];

function decisionText(field: ExplainedField): string {
  if (field.insideWithheld) return 'withheld with its parent';
  if (field.effect === 'none') return 'not PII';
  const effect = field.effect === 'mask' ? `mask:${field.strategy ?? 'redact'}` : field.effect;
  const conditional = field.condition ? ` when consents.${field.condition.consent}` : '';
  return `${effect}${conditional} (${field.reason})`;
}

/** The explanation as a plain-text table with a header and a summary line. */
export function formatExplanation(explanation: OperationExplanation): string {
  const rows = explanation.fields.map((field) => COLUMNS.map(([, cell]) => cell(field)));
  const headers = COLUMNS.map(([title]) => title);
  const widths = headers.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  const counts = { allow: 0, mask: 0, deny: 0, none: 0, inside: 0 };
  for (const field of explanation.fields) counts[field.insideWithheld ? 'inside' : field.effect] += 1;
  const out = [
    `policy ${explanation.policyVersion} · role ${explanation.role} · purpose ${explanation.purpose} · operation ${explanation.operationName ?? '(anonymous)'}`,
    '',
    line(headers),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `${explanation.fields.length} fields: ${counts.none} not PII, ${counts.allow} allowed, ${counts.mask} masked, ${counts.deny} denied` +
      (counts.inside > 0 ? `, ${counts.inside} inside denied fields.` : '.'),
    explanation.strictDenied.length > 0
      ? `Strict mode would reject this operation; it asks for denied fields: ${explanation.strictDenied.join(', ')}.`
      : 'Strict mode would accept this operation.',
    ...explanation.arguments.map(
      (a) => `Argument ${a.argument} at ${a.path.join('.')} reads ${a.reads}: ${a.effect} (${a.reason}) → ${a.permitted ? 'permitted' : 'refused'}.`,
    ),
    ...(explanation.refusedArguments.length > 0 ? ['The gateway refuses this operation (ARGUMENT_NOT_PERMITTED) in every mode.'] : []),
  ];
  return `${out.join('\n')}\n`;
}
