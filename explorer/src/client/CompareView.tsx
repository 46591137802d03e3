import { useMemo, useState } from 'react';
import type { ExplorerConfig } from '../explorerConfig.ts';
import { annotateResponse } from './annotateResponse.ts';
import { CallerPicker } from './CallerPicker.tsx';
import { defaultCaller, type Caller, type CallerRun } from './callers.ts';
import { compareResponses } from './compareResponses.ts';
import { MarkBadge } from './MarkBadge.tsx';

/** Most callers compared at once (columns that still fit a laptop screen). */
export const MAX_COMPARED = 4;

export interface CompareViewProps {
  config: ExplorerConfig;
  callers: Caller[];
  onCallersChange: (callers: Caller[]) => void;
  runs: CallerRun[] | null;
  onRun: () => void;
  busy: boolean;
}

/** The same query as two or more callers, side by side, path by path; where they differ is highlighted. */
export function CompareView({ config, callers, onCallersChange, runs, onRun, busy }: CompareViewProps) {
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const rows = useMemo(
    () => (runs ? compareResponses(runs.map((run) => annotateResponse({ result: run.response.result, explain: run.explain, purpose: run.caller.purpose || null }))) : []),
    [runs],
  );
  const shown = onlyDifferences ? rows.filter((row) => row.differs) : rows;
  const differing = rows.filter((row) => row.differs).length;
  const update = (i: number, caller: Caller) => onCallersChange(callers.map((c, j) => (j === i ? caller : c)));
  const add = () => {
    const used = new Set(callers.map((c) => c.role));
    const next = config.roles.find((r) => !used.has(r.name)) ?? config.roles[0];
    if (next) onCallersChange([...callers, defaultCaller(config, next.name)]);
  };
  return (
    <div id="compare">
      <ol className="compare-callers">
        {callers.map((caller, i) => (
          <li key={i} className="compare-caller" data-index={i}>
            <span className="column-name">{String.fromCharCode(65 + i)}</span>
            <CallerPicker config={config} caller={caller} onChange={(c) => update(i, c)} idPrefix={`compare-${i}`} />
            {callers.length > 2 ? (
              <button type="button" className="remove" aria-label={`Remove caller ${String.fromCharCode(65 + i)}`} onClick={() => onCallersChange(callers.filter((_, j) => j !== i))}>
                ✕
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      <p className="toolbar-line">
        <button type="button" id="compare-add" onClick={add} disabled={callers.length >= MAX_COMPARED}>
          + Add caller
        </button>{' '}
        <button type="button" id="compare-run" className="primary" onClick={onRun} disabled={busy}>
          {busy ? 'Running…' : "▶ Run the editor's query as each caller"}
        </button>{' '}
        <label>
          <input type="checkbox" id="compare-only-differences" checked={onlyDifferences} onChange={(e) => setOnlyDifferences(e.target.checked)} /> only differences
        </label>
      </p>
      {runs ? (
        <>
          <p className="run-summary" id="compare-summary">
            <span className="mark mark-differs">
              <span aria-hidden="true">≠</span> {differing}
            </span>{' '}
            of {rows.length} values differ between the callers
          </p>
          {runs.some((run) => run.response.result.errors?.length) ? (
            <ul className="compare-errors">
              {runs.map((run, i) =>
                (run.response.result.errors ?? [])
                  .filter((e) => !e.path)
                  .map((e, k) => (
                    <li key={`${i}/${k}`}>
                      <span className="mark mark-refused">
                        <span aria-hidden="true">✖</span> {String.fromCharCode(65 + i)} refused: {String(e.extensions?.code ?? 'ERROR')}
                      </span>{' '}
                      {e.message}
                    </li>
                  )),
              )}
            </ul>
          ) : null}
          <div className="table-scroll">
            <table id="compare-table">
              <thead>
                <tr>
                  <th scope="col">Path</th>
                  {runs.map((run, i) => (
                    <th scope="col" key={i} data-column={i}>
                      {String.fromCharCode(65 + i)}: {run.label} <small>HTTP {run.response.status || '—'}</small>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => (
                  <tr key={row.path} data-path={row.path} data-differs={String(row.differs)} className={row.differs ? 'differs' : undefined}>
                    <th scope="row">
                      {row.differs ? (
                        <span className="differs-flag" title="the callers get different values here">
                          ≠ <span className="sr-only">differs:</span>
                        </span>
                      ) : (
                        <span className="same-flag" aria-hidden="true">
                          ={' '}
                        </span>
                      )}
                      <code>{row.path}</code>
                    </th>
                    {row.cells.map((cell, i) => (
                      <td key={i} data-column={i} data-mark={cell.mark?.kind}>
                        {cell.text === undefined ? <span className="absent">(absent)</span> : <code className="value">{cell.text}</code>}
                        {cell.mark ? (
                          <>
                            {' '}
                            <MarkBadge mark={cell.mark} />
                          </>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p className="hint">Pick two or more callers and run: each column is what that caller receives; rows marked ≠ differ.</p>
      )}
    </div>
  );
}
