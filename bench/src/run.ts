// npm run bench: runs every benchmark module in this folder (each exports run()), prints
// one table per benchmark and writes all figures as JSON under bench/results/.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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
    results[name] = r;
    console.table(r);
  } catch (err) {
    failed += 1;
    results[name] = { error: String(err) };
    console.log(`  failed: ${String(err)}`);
  }
}
const out = join(here, '..', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nfigures written to bench/results/latest.json`);
process.exit(failed ? 1 : 0);
