#!/usr/bin/env node
// The `ordo` command (`npx ordo ...`). Node 24 runs the TypeScript source as it is. Node's
// compile cache keeps each module's compiled code (and the source with its types stripped)
// in the system's temporary folder, keyed by the source's hash: from the second run on,
// commands start faster, and `ordo export` does without the type stripper's 12-15 MiB.
// Imported only after it is on, so that it covers main.ts and everything main.ts loads.
import { enableCompileCache } from 'node:module'

enableCompileCache()
await import('../src/main.ts')
