/**
 * The Node flags `npm start` gives each process (apps/cli/src/node-flags.ts), so benchmarks
 * measure the processes as they run; an environment variable replaces them to compare
 * flags ("none": no flags).
 */
const { NODE_FLAGS } = (await import(new URL('../../apps/cli/dist/node-flags.js', import.meta.url).href)) as {
  NODE_FLAGS: Readonly<Record<string, readonly string[]>>;
};

export { NODE_FLAGS };

/** The flags of process `name`, or the ones in env var `override` when it is set. */
export function nodeArgs(name: string, override: string | undefined): readonly string[] {
  if (override === 'none') return [];
  return override !== undefined ? override.split(/\s+/).filter(Boolean) : (NODE_FLAGS[name] ?? []);
}
