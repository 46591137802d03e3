/**
 * Re-renders a benchmark's report from its JSON (medians and ratios recomputed from the
 * measurements), e.g. after a change to the report's format:
 *
 *   npx tsx bench/renderResults.ts bench/results/latest.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { modeResults, reportMarkdown, type BenchResults } from './src/benchReport.ts';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npx tsx bench/renderResults.ts <latest.json>\n');
  process.exit(2);
}
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
results.modes = results.modes.map((m) => modeResults(m.mode, m.checks, m.roundTrips, m.measurements));
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
const markdown = reportMarkdown(results);
writeFileSync(file.replace(/\.json$/, '.md'), markdown);
process.stdout.write(`${markdown}\n`);
