import { CommandError } from './command-error.js';
import type { Runner, RunOptions } from './runner.js';

export interface TempReading {
  /** The chip ("coretemp-isa-0000") and the feature ("Core 0"). */
  chip: string;
  label: string;
  celsius: number;
  /** The chip's high or critical mark, when it reports one. */
  highC: number | undefined;
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * Parses `sensors -j` (lm-sensors 3.6.0): `{ chip: { "Adapter": "...", feature: { "tempN_input": 52.0,
 * "tempN_max": ..., "tempN_crit": ... } } }`. Only temperatures are kept; fans, voltages and
 * battery currents are skipped. An empty object (no sensors) gives [].
 */
export function parseSensors(json: string): TempReading[] {
  const text = json.trim();
  if (!text) return [];
  const root = rec(JSON.parse(text)) ?? {};
  const out: TempReading[] = [];
  for (const [chip, chipVal] of Object.entries(root)) {
    for (const [label, featVal] of Object.entries(rec(chipVal) ?? {})) {
      const feat = rec(featVal);
      if (!feat) continue;
      let input: number | undefined;
      let high: number | undefined;
      for (const [k, v] of Object.entries(feat)) {
        if (typeof v !== 'number') continue;
        if (/^temp\d+_input$/.test(k)) input = v;
        else if (/^temp\d+_(max|crit)$/.test(k) && v > 0) high = high === undefined ? v : Math.min(high, v);
      }
      // Drivers report -273 or 0 for a sensor that is not wired.
      if (input !== undefined && input > -50) out.push({ chip, label, celsius: input, highC: high });
    }
  }
  return out;
}

/** Temperatures from lm-sensors; [] when sensors is missing or finds no sensor. */
export async function readTemperatures(run: Runner, opts: RunOptions = {}): Promise<{ installed: boolean; readings: TempReading[] }> {
  try {
    // "No sensors found!" exits 1 with "{}" or nothing on stdout.
    const r = await run('sensors', ['-j'], { timeoutMs: 10_000, okExitCodes: [0, 1], ...opts });
    let readings: TempReading[] = [];
    try {
      readings = parseSensors(r.stdout);
    } catch (parseErr) {
      // With no chips some versions print a bare "{" or nothing; that is "no sensors", not a failure.
      if (r.exitCode === 0) throw parseErr;
    }
    return { installed: true, readings };
  } catch (err) {
    if (err instanceof CommandError && err.failure === 'not-found') return { installed: false, readings: [] };
    throw err;
  }
}
