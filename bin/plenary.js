#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=20
// A young generation of 8 MB a semi-space instead of V8's 16, and an old generation that grows by 20 % before
// it is collected: a worker's send of 100,000 messages otherwise peaked at 160-220 MB, for no speed
// (bench/README.md). Started as `node bin/plenary.js`, this line is not read: pass the flags yourself, or set
// NODE_OPTIONS="--max-semi-space-size=8 --heap-growing-percent=20".
import { pathToFileURL } from 'node:url';

let entry;
if (process.env.PLENARY_BUNDLE !== '0') {
  try {
    const { bundledEntry } = await import('./bundle.js');
    entry = await bundledEntry();
  } catch {
    // A read-only install, or sources that do not compile: tsx runs them, and reports what is wrong with them.
  }
}
if (entry) {
  // Stack traces name the TypeScript files and lines, as under tsx.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
