// The layer rule must actually fire: each case is an import a layer is not allowed to make.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layer rule', () => {
  it.each([
    ['src/shared/x.ts', "import { readFileSync } from 'node:fs'\nexport const f = readFileSync\n"],
    ['src/shared/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src/renderer/src/x.ts', "import { join } from 'path'\nexport const j = join\n"],
    ['src/renderer/src/x.ts', "import { ipcRenderer } from 'electron'\nexport const i = ipcRenderer\n"],
    ['src/renderer/src/x.ts', "import { createCore } from '../../main/core/createCore'\nexport const c = createCore\n"],
    ['src/main/capture/x.ts', "import { powerMonitor } from 'electron'\nexport const p = powerMonitor\n"],
  ])('%s may not import that', async (file, code) => {
    expect(await layerErrors(file, code)).not.toEqual([])
  })

  it.each([
    ['src/main/shell/x.ts', "import { app } from 'electron'\nexport const a = app\n"],
    ['src/main/capture/x.ts', "import { join } from 'node:path'\nexport const j = join\n"],
    ['src/renderer/src/x.ts', "import { z } from 'zod'\nexport const s = z.string()\n"],
  ])('%s may import that', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([])
  })
})
