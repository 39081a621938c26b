import { fileURLToPath } from 'node:url';

/** The Intl trace preload (intl-trace.ts), for `--import`: set INTL_TRACE_FILE in the process's env. */
export const INTL_TRACE_PRELOAD = fileURLToPath(new URL('./intl-trace.js', import.meta.url));
