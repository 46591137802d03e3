import type { ReactNode } from 'react';
import { formatPath, type AnnotatedEntry, type AnnotatedResponse, type MarkKind } from './annotateResponse.ts';
import type { CallerRun } from './callers.ts';
import { MARK_ICONS, MarkBadge } from './MarkBadge.tsx';

/** Most items of one list shown (the rest are counted). */
const MAX_ITEMS = 50;

const COUNT_LABELS: Array<[MarkKind, string]> = [
  ['withheld', 'withheld'],
  ['masked', 'masked'],
  ['refused', 'refused'],
  ['consent', 'consent rule'],
  ['no-entry', 'null without policy entry'],
  ['allowed', 'allowed'],
];

function Line({ entry, depth, opening, comma }: { entry: AnnotatedEntry; depth: number; opening: ReactNode; comma: boolean }) {
  const key = typeof entry.key === 'string' ? <span className="k">"{entry.key}"</span> : null;
  return (
    <div className={`line${entry.mark ? ` marked marked-${entry.mark.kind}` : ''}`} data-path={formatPath(entry.path)} data-mark={entry.mark?.kind} style={{ paddingLeft: `${depth * 1.1}em` }}>
      {key}
      {key ? ': ' : ''}
      {opening}
      {comma ? ',' : ''}
      {entry.mark ? (
        <span className="why-inline">
          <MarkBadge mark={entry.mark} />
          {entry.mark.kind === 'allowed' ? <span className="why"> {entry.mark.category}</span> : <span className="why"> {entry.mark.detail}</span>}
        </span>
      ) : null}
    </div>
  );
}

function Entry({ entry, depth, comma }: { entry: AnnotatedEntry; depth: number; comma: boolean }) {
  const { value } = entry;
  if (value.kind === 'scalar') {
    const text = JSON.stringify(value.value);
    return <Line entry={entry} depth={depth} comma={comma} opening={<span className={`v v-${value.value === null ? 'null' : typeof value.value}`}>{text}</span>} />;
  }
  const children = value.kind === 'object' ? value.entries : value.items;
  const [open, close] = value.kind === 'object' ? ['{', '}'] : ['[', ']'];
  if (children.length === 0) return <Line entry={entry} depth={depth} comma={comma} opening={`${open}${close}`} />;
  const shown = children.slice(0, MAX_ITEMS);
  return (
    <>
      <Line entry={entry} depth={depth} comma={false} opening={open} />
      {shown.map((child, i) => (
        <Entry key={String(child.key)} entry={child} depth={depth + 1} comma={i < children.length - 1} />
      ))}
      {children.length > shown.length ? <div className="line more" style={{ paddingLeft: `${(depth + 1) * 1.1}em` }}>… {children.length - shown.length} more</div> : null}
      <div className="line" style={{ paddingLeft: `${depth * 1.1}em` }}>
        {close}
        {comma ? ',' : ''}
      </div>
    </>
  );
}

/** The response of the last run, field by field, each marked with how it came back and why. */
export function AnnotatedView({ run, annotated }: { run: CallerRun | null; annotated: AnnotatedResponse | null }) {
  if (!run || !annotated) {
    return <p className="hint">Run the query (▶ in the editor, or Ctrl-Enter): the response appears here with every withheld, masked or refused field marked, and why.</p>;
  }
  return (
    <div id="annotated">
      <p className="run-summary">
        <span className="caller-chip">{run.label}</span> <span className="status">HTTP {run.response.status || '—'}</span>
      </p>
      <ul className="counts" aria-label="Marks in this response">
        {COUNT_LABELS.filter(([kind]) => annotated.counts[kind] > 0).map(([kind, label]) => (
          <li key={kind} className={`mark mark-${kind}`} data-count={kind}>
            <span aria-hidden="true">{MARK_ICONS[kind]}</span> {annotated.counts[kind]} {label}
          </li>
        ))}
      </ul>
      {annotated.refusals.map((refusal, i) => (
        <div key={i} className="refusal" role="alert" data-code={refusal.code}>
          <span className="mark mark-refused">
            <span aria-hidden="true">{MARK_ICONS.refused}</span> refused: {refusal.code}
          </span>{' '}
          {refusal.message}
          {refusal.denied.length > 0 ? (
            <ul>
              {refusal.denied.map((d) => (
                <li key={`${d.path}/${d.coordinate}`} data-path={d.path}>
                  <code>{d.path}</code> ({d.coordinate}): {d.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ))}
      {annotated.truncated ? <p className="hint">The response's privacy list was cut at its limit; fields past it are marked from the explain plan.</p> : null}
      {run.explainNote ? <p className="hint">Rules are not shown: {run.explainNote}</p> : null}
      {annotated.root ? (
        <div className="json" role="tree" aria-label="Annotated response">
          <div className="line">{'{'}</div>
          <Entry entry={annotated.root} depth={1} comma={false} />
          <div className="line">{'}'}</div>
        </div>
      ) : (
        <p className="hint">No data in this response.</p>
      )}
    </div>
  );
}
