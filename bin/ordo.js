#!/usr/bin/env node
// The `ordo` command (`npx ordo ...`). Node 24 runs the TypeScript source as it is.
import '../src/main.ts'
