import 'graphiql/style.css';
import './explorer.css';
import { createRoot } from 'react-dom/client';
import type { ExplorerConfig } from '../explorerConfig.ts';
import { App } from './App.tsx';

// The gateway embeds its configuration in the page as JSON (no inline script runs).
const config = JSON.parse(document.getElementById('explorer-config')?.textContent ?? '{}') as ExplorerConfig;

// Monaco (GraphiQL's editors) runs its language services in workers the gateway serves itself.
(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    const url = label === 'json' ? config.workers.json : label === 'graphql' ? config.workers.graphql : config.workers.editor;
    return new Worker(url, { name: label });
  },
};

createRoot(document.getElementById('explorer')!).render(<App config={config} />);
