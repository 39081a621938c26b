import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkImports, formatImportViolations } from './import-rules.js';
import { REPO_ROOT } from './repo-root.js';

const configFile = join(REPO_ROOT, '.dependency-cruiser.cjs');

test('apps/*/src and libs/*/src keep the import rules: no cycle, no app imports another app, no lib imports an app, libs/platform imports no @potion/jobs', async () => {
  const violations = await checkImports({ root: REPO_ROOT, configFile });
  assert.ok(violations.length === 0, `import rules broken (.dependency-cruiser.cjs says why):\n${formatImportViolations(violations)}`);
});

test('each import rule catches its kind of import in a made-up tree (by package name and by relative path)', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'import-rules-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'apps/bot/src/main.ts': `export const main = 1;\n`,
    'apps/bot/src/own.ts': `import { main } from './main.js';\nexport const own = main;\n`,
    'apps/cli/src/start.ts': `import { ensureDashboardPassword } from '@potion/dashboard/password';\nexport const s = ensureDashboardPassword;\n`,
    'apps/worker/src/reach.ts': `import { main } from '../../bot/src/main.js';\nexport const r = main;\n`,
    'libs/jobs/src/a.ts': `import { b } from './b.js';\nexport const a = () => b;\n`,
    'libs/jobs/src/b.ts': `import { a } from './a.js';\nexport const b = () => a;\n`,
    'libs/platform/src/config.ts': `import { keys } from '@potion/jobs';\nexport const c = keys;\n`,
    'libs/testkit/src/app-process.ts': `import { main } from '../../../apps/bot/src/main.js';\nexport const m = main;\n`,
    'libs/adapters/src/uses-worker.ts': `import type { W } from '@potion/worker';\nexport type X = W;\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const found = (await checkImports({ root, configFile })).map((v) => `${v.rule} ${v.from}`).sort();
  assert.deepEqual(found, [
    'app-imports-other-app apps/cli/src/start.ts',
    'app-imports-other-app apps/worker/src/reach.ts',
    'lib-imports-app libs/adapters/src/uses-worker.ts',
    'lib-imports-app libs/testkit/src/app-process.ts',
    'no-cycle libs/jobs/src/a.ts',
    'platform-imports-jobs libs/platform/src/config.ts',
  ]);
});
