import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'

// Vite's React refresh preamble is an inline script and HMR needs a websocket: allow both in
// `npm run dev` only. The production bundle keeps index.html's strict policy untouched.
function devOnlyCspRelaxation(): Plugin {
  return {
    name: 'billops-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* http://localhost:*")
    },
  }
}

const suggestWorker = resolve(__dirname, 'src/main/suggest/worker.ts')
const importWorker = resolve(__dirname, 'src/main/import/importWorker.ts')

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // get-windows is ESM-only and loads its native addon through node-pre-gyp (unbundleable):
      // it stays external and is loaded with a dynamic import(), which CommonJS may use for ESM.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          ...(existsSync(suggestWorker) ? { suggestWorker } : {}),
          ...(existsSync(importWorker) ? { importWorker } : {}),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() packages: bundle everything into one file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react(), devOnlyCspRelaxation()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
      // React and React DOM in a chunk of their own: the entry (contract schemas, queue) and the
      // UI library change at different times, and neither chunk passes Vite's 500 kB warning.
      rolldownOptions: {
        output: {
          codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }] },
        },
      },
    },
  },
})
