// Electron main entry (built to out/main/index.js; resources/ ships beside out/ in dev and in the asar).
import { join } from 'node:path'
import { startDesktopApp } from './shell/desktopApp'

startDesktopApp({ mainDir: __dirname, resourcesDir: join(__dirname, '../../resources') })
