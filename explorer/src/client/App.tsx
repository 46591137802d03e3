import { ToolbarButton } from '@graphiql/react';
import { GraphiQL } from 'graphiql';
import type { IntrospectionQuery } from 'graphql';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ExplorerConfig } from '../explorerConfig.ts';
import { annotateResponse } from './annotateResponse.ts';
import { AnnotatedView } from './AnnotatedView.tsx';
import { CallerPicker } from './CallerPicker.tsx';
import { CallerTokens, defaultCaller, runAs, tokenClaims, type Caller, type CallerRun, type OperationRequest } from './callers.ts';
import { CompareView } from './CompareView.tsx';
import { EditorBridge, type ReadEditor } from './EditorBridge.tsx';
import { ExplainView } from './ExplainView.tsx';
import { loadSchema } from './loadSchema.ts';

type Tab = 'annotated' | 'explain' | 'compare' | 'raw';

const TABS: Array<[Tab, string]> = [
  ['annotated', 'Response, annotated'],
  ['explain', 'Explain plan'],
  ['compare', 'Compare callers'],
  ['raw', 'Raw JSON'],
];

function firstCaller(config: ExplorerConfig): Caller {
  const preferred = config.examples.role && config.roles.some((r) => r.name === config.examples.role) ? config.examples.role : config.roles[0]?.name;
  const caller = defaultCaller(config, preferred ?? '');
  if (config.examples.purpose && (config.roles.find((r) => r.name === caller.role)?.purposes ?? []).includes(config.examples.purpose)) caller.purpose = config.examples.purpose;
  return caller;
}

/** What the token line says about the caller's token. */
interface TokenStatus {
  state: 'pending' | 'ok' | 'error' | 'none';
  text: string;
}

/** The explorer: caller switcher, GraphiQL, and the privacy panel (annotated response, explain plan, compare). */
export function App({ config }: { config: ExplorerConfig }) {
  const tokens = useMemo(() => new CallerTokens(config), [config]);
  const [caller, setCaller] = useState<Caller>(() => firstCaller(config));
  const [strict, setStrict] = useState(false);
  const [tokenStatus, setTokenStatus] = useState<TokenStatus>({ state: 'none', text: '' });
  const [schema, setSchema] = useState<IntrospectionQuery | null>(null);
  const [schemaNote, setSchemaNote] = useState('');
  const [run, setRun] = useState<CallerRun | null>(null);
  const [plan, setPlan] = useState<CallerRun | null>(null);
  const [tab, setTab] = useState<Tab>('annotated');
  const [compareCallers, setCompareCallers] = useState<Caller[] | null>(null);
  const [compareRuns, setCompareRuns] = useState<CallerRun[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState(false);
  const current = useRef({ caller, strict });
  current.current = { caller, strict };
  const bridge = useRef<ReadEditor | null>(null);

  // The caller changed: get (development) or read (production) its token, then the schema once.
  useEffect(() => {
    let cancelled = false;
    setStale(true);
    if (!config.devTokens) {
      const claims = tokenClaims(caller.token);
      setTokenStatus(caller.token.trim() ? { state: 'ok', text: `pasted token: role ${String(claims?.role ?? '?')}, subject ${String(claims?.sub ?? '?')} (the gateway verifies it)` } : { state: 'none', text: 'no token yet: paste one' });
    } else setTokenStatus({ state: 'pending', text: 'getting a development token…' });
    const timer = setTimeout(async () => {
      try {
        const minted = await tokens.tokenFor(caller);
        if (cancelled) return;
        if (config.devTokens) {
          const until = minted.expiresAt ? new Date(minted.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '?';
          setTokenStatus({ state: 'ok', text: `token for ${caller.role}${caller.identity ? ` ${caller.identity}` : ''} until ${until}` });
        }
        if (!schema) {
          const loaded = await loadSchema(config, tokens, caller);
          if (cancelled) return;
          if ('schema' in loaded) setSchema(loaded.schema);
          setSchemaNote('note' in loaded ? loaded.note : '');
        }
      } catch (err) {
        if (!cancelled && (config.devTokens || caller.token.trim())) setTokenStatus({ state: 'error', text: (err as Error).message });
      }
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the schema is loaded once
  }, [caller, config, tokens]);

  const fetcher = useCallback(
    async (params: OperationRequest) => {
      const result = await runAs(config, tokens, current.current.caller, params, { strict: current.current.strict });
      setRun(result);
      setPlan(result);
      setStale(false);
      setTab((t) => (t === 'compare' || t === 'raw' ? t : 'annotated'));
      return result.response.result as Record<string, unknown>;
    },
    [config, tokens],
  );

  const readEditor = (): OperationRequest | null => {
    const read = bridge.current?.();
    if (!read || 'error' in read) {
      setSchemaNote(read && 'error' in read ? read.error : 'The editor is not ready yet.');
      return null;
    }
    return read;
  };

  const explain = async () => {
    const request = readEditor();
    if (!request) return;
    setTab('explain');
    setBusy(true);
    try {
      setPlan(await runAs(config, tokens, caller, request, { strict, explainOnly: true }));
    } finally {
      setBusy(false);
    }
  };

  const callersToCompare = compareCallers ?? [caller, defaultCaller(config, config.roles.find((r) => r.name !== caller.role)?.name ?? caller.role)];
  const runCompare = async () => {
    const request = readEditor();
    if (!request) return;
    setBusy(true);
    try {
      setCompareRuns(await Promise.all(callersToCompare.map((c) => runAs(config, tokens, c, request, { strict }))));
    } finally {
      setBusy(false);
    }
  };

  const annotated = useMemo(() => (run ? annotateResponse({ result: run.response.result, explain: run.explain, purpose: run.caller.purpose || null }) : null), [run]);

  return (
    <div className="explorer">
      <header className="topbar">
        <h1>Confero explorer</h1>
        <span className="policy">
          policy <b id="policy-version">{config.policyVersion}</b>
        </span>
        <p className="mode" id="mode-note" data-mode={config.devTokens ? 'development' : 'production'}>
          {config.devTokens
            ? `Development: the gateway mints a ${Math.round(config.devTokens.lifetimeSeconds / 60)}-minute token for the caller you pick (its development secret is in use).`
            : 'Production: this gateway mints no tokens. Paste a token from your identity provider; it stays in this tab.'}
        </p>
        <nav>{config.privacyPath ? <a href={config.privacyPath} id="privacy-link">Policy grid (/privacy) →</a> : null}</nav>
      </header>
      <section className="callerbar" aria-label="Caller">
        <strong className="callerbar-title">Run as</strong>
        <CallerPicker config={config} caller={caller} onChange={setCaller} idPrefix="caller" />
        <label title="Refuse the whole operation when it asks for a field this caller may not see (x-privacy-strict: 1)">
          <input type="checkbox" id="strict" checked={strict} onChange={(e) => setStrict(e.target.checked)} /> strict
        </label>
        <span id="token-status" className={`token-status token-${tokenStatus.state}`} data-state={tokenStatus.state}>
          <span aria-hidden="true">{tokenStatus.state === 'ok' ? '✓' : tokenStatus.state === 'error' ? '✖' : '…'}</span> {tokenStatus.text}
        </span>
        {schemaNote ? (
          <span id="schema-note" className="hint">
            {schemaNote}
          </span>
        ) : null}
      </section>
      <main className="workspace">
        <div className="editor-pane">
          <GraphiQL
            fetcher={fetcher as never}
            schema={schema}
            defaultQuery={config.examples.query}
            initialVariables={config.examples.variables}
            isHeadersEditorEnabled={false}
            forcedTheme="light"
            defaultEditorToolsVisibility={config.examples.variables ? 'variables' : false}
          >
            <GraphiQL.Toolbar>
              {({ prettify, copy, merge }) => (
                <>
                  {prettify}
                  {merge}
                  {copy}
                  <ToolbarButton label="Explain: the privacy plan of this query for this caller (runs nothing)" onClick={explain} className="explain-button">
                    <span className="toolbar-glyph" aria-hidden="true">
                      ⚖
                    </span>
                  </ToolbarButton>
                  <EditorBridge bridge={bridge} />
                </>
              )}
            </GraphiQL.Toolbar>
          </GraphiQL>
        </div>
        <aside className="privacy-pane" aria-label="Privacy">
          <div role="tablist" className="tabs">
            {TABS.map(([id, label]) => (
              <button key={id} type="button" role="tab" id={`tab-${id}`} aria-selected={tab === id} aria-controls={`panel-${id}`} className={tab === id ? 'active' : undefined} onClick={() => setTab(id)}>
                {label}
              </button>
            ))}
          </div>
          <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
            {tab === 'annotated' ? (
              <>
                {stale && run ? <p className="hint stale">The caller changed since this run: run again to see what the new caller receives.</p> : null}
                <AnnotatedView run={run} annotated={annotated} />
              </>
            ) : null}
            {tab === 'explain' ? <ExplainView plan={plan} onExplain={explain} busy={busy} /> : null}
            {tab === 'raw' ? (
              run ? (
                <pre className="raw" id="raw-response">
                  {`HTTP ${run.response.status}\n${JSON.stringify(run.response.result, null, 2)}`}
                </pre>
              ) : (
                <p className="hint">Run the query to see the response as the gateway sent it.</p>
              )
            ) : null}
            {tab === 'compare' ? <CompareView config={config} callers={callersToCompare} onCallersChange={setCompareCallers} runs={compareRuns} onRun={runCompare} busy={busy} /> : null}
          </div>
        </aside>
      </main>
    </div>
  );
}
