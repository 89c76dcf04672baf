// The console's browser tests: every role's main flow end to end against a running
// `mediclear-local --demo` (MEDICLEAR_URL), in headless Chromium driven by playwright-core, in one
// Node process. Run by scripts/browser-test.sh; screenshots go to BROWSER_ARTIFACTS.
//
//   BROWSER_TEST_CONCURRENCY   flows run at once (default 3)
//   BROWSER_TEST_ONLY          run only the flows whose name contains this text

import { describe, it, before, after } from 'node:test';
import { launch, shutdown } from './lib.mjs';
import { flows as preauth } from './preauth.mjs';
import { flows as health } from './health.mjs';
import { flows as admin } from './admin.mjs';
import { flows as docs } from './docs.mjs';

const only = process.env.BROWSER_TEST_ONLY || '';
const all = [...preauth, ...health, ...admin, ...docs].filter((f) => f.name.includes(only));
const concurrency = Number(process.env.BROWSER_TEST_CONCURRENCY || 3);
const timeout = Number(process.env.BROWSER_TEST_FLOW_TIMEOUT_MS || 600000);

describe('MediClear console', { concurrency }, () => {
  before(launch);
  after(shutdown);
  for (const flow of all) it(flow.name, { timeout }, (t) => flow.run(t));
});
