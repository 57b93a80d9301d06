import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import semver from 'semver';

// `npm ci` warns (EBADENGINE) when an installed package asks for a newer Node than ours; the lock file says
// what gets installed, so every package in it must accept the oldest Node Plenary supports.
const root = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
};

test('every locked package accepts each supported Node version (no EBADENGINE at install)', () => {
  const oldest = semver.minVersion(manifest.engines.node)?.version;
  assert.ok(oldest, 'package.json names the supported Node versions');
  const supported = [oldest, '22.12.0', '24.0.0'];
  const refusing: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    const range = !entry.engines || Array.isArray(entry.engines) ? undefined : entry.engines.node;
    if (!range) continue;
    for (const version of supported) {
      if (!semver.satisfies(version, range)) refusing.push(`${where.replace(/^node_modules\//, '')} needs node ${range} (not ${version})`);
    }
  }
  assert.deepEqual(refusing, []);
});
