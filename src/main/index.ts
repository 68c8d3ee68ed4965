// Electron main entry (built to out/main/index.js; resources/ ships beside out/ in dev and in the asar).
// Started with --cli it is the command-line tool instead (shell/cliMode.ts): no window, no tray.
import { join } from 'node:path'
import { errorMessage } from '../shared/errorMessage'
import { cliArguments, runPackagedCli } from './shell/cliMode'
import { startDesktopApp } from './shell/desktopApp'
import { restrictProcessUmask } from './base/privateFiles'

// Before anything is written: every file the app (or its CLI mode) creates is private.
restrictProcessUmask()

const cliArgs = cliArguments(process.argv)
if (cliArgs) {
  runPackagedCli(__dirname, cliArgs).catch((error: unknown) => {
    process.stderr.write(`error: cannot start the CLI: ${errorMessage(error)}\n`)
    process.exit(1)
  })
} else {
  startDesktopApp({ mainDir: __dirname, resourcesDir: join(__dirname, '../../resources') })
}
