import { fileURLToPath } from 'node:url';

/** The repository root, from test/dist/layout/ (where these checks run once built). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
