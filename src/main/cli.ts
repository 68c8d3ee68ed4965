// Headless entry point run from the sources (tsx; test/support/bundleCli.ts bundles it too).
// The installable CLI is src/main/cli/bin.ts, built to out/cli/billops.js. No electron import
// anywhere below.
import { runCliProcess } from './cli/main'

runCliProcess()
