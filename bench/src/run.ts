// npm run bench: runs every benchmark module in this folder (each exports run()), prints
// one table per benchmark and writes all figures as JSON under bench/results/.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.js') && f !== 'run.js' && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const machine = `${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const results: Record<string, unknown> = { machine, at: new Date().toISOString() };
console.log(`potion-runner benchmarks on ${machine}\n`);
let failed = 0;
for (const file of modules) {
  const name = file.replace(/\.js$/, '');
  const mod = (await import(join(here, file))) as { run?: () => Promise<Record<string, number | string>> };
  if (typeof mod.run !== 'function') continue;
  console.log(`## ${name}`);
  try {
    const r = await mod.run();
    results[name] = { ...r, machine, at: new Date().toISOString() };
    console.table(r);
  } catch (err) {
    failed += 1;
    results[name] = { error: String(err) };
    console.log(`  failed: ${String(err)}`);
  }
}
const out = join(here, '..', 'results');
mkdirSync(out, { recursive: true });
// A run of some benchmarks (`npm run bench -- backup`) updates only their entries, so the
// file keeps the newest figure of every benchmark, each with its own machine and time.
const file = join(out, 'latest.json');
const previous = only.length > 0 && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
writeFileSync(file, JSON.stringify({ ...previous, ...results }, null, 2) + '\n');
console.log(`\nfigures written to bench/results/latest.json`);
process.exit(failed ? 1 : 0);
