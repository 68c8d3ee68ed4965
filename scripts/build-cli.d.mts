// Types of scripts/build-cli.mjs for the TypeScript tests that reuse its staleness check and build.
export declare const root: string
export declare const cliBundle: string
export declare const cliWorker: string
export declare const cliSources: string[]
export declare const cliExternals: string[]
export declare function newestMtime(path: string): number
export declare function isFresh(outputs: readonly string[], sources: readonly string[]): boolean
export declare function cliIsFresh(): boolean
export declare function buildCli(): Promise<void>
