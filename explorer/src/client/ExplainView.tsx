import type { CallerRun } from './callers.ts';
import type { FieldDecision } from './graphqlResult.ts';
import { MARK_ICONS } from './MarkBadge.tsx';
import { reasonText } from './reasonText.ts';

function Decision({ field }: { field: FieldDecision }) {
  const kind = field.effect === 'deny' ? 'withheld' : field.effect === 'mask' ? 'masked' : field.condition ? 'consent' : 'allowed';
  const label = field.effect === 'deny' ? 'deny' : field.effect === 'mask' ? `mask: ${field.strategy ?? 'redact'}` : field.condition ? 'allow if consent' : 'allow';
  return (
    <span className={`mark mark-${kind}`} data-mark={kind}>
      <span aria-hidden="true">{MARK_ICONS[kind]}</span> {label}
    </span>
  );
}

/** The privacy plan of the query for the caller: every `@pii` field, its decision and the rule behind it. */
export function ExplainView({ plan, onExplain, busy }: { plan: CallerRun | null; onExplain: () => void; busy: boolean }) {
  const fields = plan?.explain?.fields ?? [];
  return (
    <div id="explain">
      <p className="toolbar-line">
        <button type="button" id="explain-run" onClick={onExplain} disabled={busy}>
          Explain the editor's query
        </button>{' '}
        <span className="hint">Asks the gateway for the plan (<code>x-privacy-explain: 1</code>); nothing runs, nothing is audited.</span>
      </p>
      {!plan ? <p className="hint">Run or explain a query to see its plan.</p> : null}
      {plan ? (
        <p className="run-summary">
          <span className="caller-chip">{plan.label}</span>{' '}
          {plan.explain
            ? `${fields.length} field${fields.length === 1 ? '' : 's'} with @pii · ${plan.explain.withheld} withheld before query planning · ${plan.explain.unchanged ? 'the operation goes to the subgraphs as written' : 'the subgraphs get a pruned operation'}`
            : (plan.explainNote ?? 'No plan.')}
        </p>
      ) : null}
      {plan?.explain && fields.length === 0 ? <p className="hint">The query selects no field with @pii: every caller gets the same fields (record scopes still apply).</p> : null}
      {fields.length > 0 ? (
        <table id="explain-table">
          <thead>
            <tr>
              <th scope="col">Field (path)</th>
              <th scope="col">Decision</th>
              <th scope="col">Why, and the rule that decided</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr key={`${field.path.join('.')}/${field.coordinate}`} data-path={field.path.join('.')} data-effect={field.effect}>
                <td>
                  <code>{field.coordinate}</code>
                  <br />
                  <small className="path">{field.path.join('.')}</small>
                </td>
                <td>
                  <Decision field={field} />
                  <br />
                  <small>{field.category}</small>
                </td>
                <td>
                  {reasonText(field.reason)} <small>({field.reason})</small>
                  {field.condition ? (
                    <>
                      {' '}
                      — only where <code>consents.{field.condition.consent}</code> is true (the subgraph decides per record)
                    </>
                  ) : null}
                  <br />
                  <code className="rule">{field.rule}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
