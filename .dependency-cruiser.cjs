// Import rules of the monorepo (issue 16), checked in `npm test` by
// test/src/layout/import-rules.test.ts (and by hand: `npx depcruise apps libs`).
// Paths are relative to the repository root. A workspace package imported by its name
// (`@potion/dashboard`) resolves through node_modules to `apps/dashboard/dist/...` once built,
// to `node_modules/@potion/dashboard/...` when the symlink is followed no further, or stays
// `@potion/dashboard` when it cannot be resolved; every rule names all three.
const APPS = 'bot|worker|dashboard|cli';
const app = (name) => `^(apps/${name}/|node_modules/@potion/${name}(/|$)|@potion/${name}(/|$))`;
const anyApp = app(`(${APPS})`);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'An import cycle: split the shared part into its own module that both import.',
      from: { path: '^(apps|libs)/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'app-imports-other-app',
      severity: 'error',
      comment: 'An app imports another app: move what both need into a lib (libs/jobs, libs/platform, libs/adapters).',
      from: { path: `^apps/(${APPS})/` },
      to: { path: anyApp, pathNot: app('$1') },
    },
    {
      name: 'lib-imports-app',
      severity: 'error',
      comment: 'A lib imports an app: libs are imported by apps, never the other way round.',
      from: { path: '^libs/' },
      to: { path: anyApp },
    },
    {
      name: 'platform-imports-jobs',
      severity: 'error',
      comment: 'libs/platform (config, logger, audit, private Redis, sd_notify, watchdog) sits below the job contract: it must not import @potion/jobs.',
      from: { path: '^libs/platform/' },
      to: { path: '^(libs/jobs/|node_modules/@potion/jobs(/|$)|@potion/jobs(/|$))' },
    },
  ],
  options: {
    // Type-only imports count: `import type { X } from '@potion/dashboard'` ties the build too.
    tsPreCompilationDeps: true,
    doNotFollow: { path: '(^|/)(node_modules|dist)/' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
