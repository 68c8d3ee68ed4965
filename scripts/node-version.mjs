// The Node versions this project needs, checked when a script starts (README "Set up"):
// - the CLI, the tests and the build: Node >= 20.19 (vite and electron-vite declare ^20.19 || >=22.12;
//   better-sqlite3 12 ships Node 20+ builds);
// - `npm start`, `npm run dev`, `npm run package`: Electron's download and rebuild tools
//   (electron 45, @electron/get, @electron/rebuild, node-abi) declare Node >= 22.12.
export const PROJECT_NODE = [20, 19]
export const ELECTRON_TOOLING_NODE = [22, 12]

export function nodeAtLeast([major, minor], version = process.versions.node) {
  const [have, haveMinor] = version.split('.').map(Number)
  return have > major || (have === major && haveMinor >= minor)
}

/** Exits with one clear line when this Node is older than the project needs. */
export function checkNode(what) {
  if (nodeAtLeast(PROJECT_NODE)) return
  process.stderr.write(
    `${what}: this project needs Node >= ${PROJECT_NODE.join('.')} (this is ${process.versions.node}); install a newer Node (e.g. from nodejs.org or nvm) and run npm ci again\n`,
  )
  process.exit(1)
}
