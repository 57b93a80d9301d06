// The CLI's sources as one ES module and its lazily loaded chunks, made by the esbuild that tsx runs on and kept in
// node_modules/.cache/plenary/ until a file under src/ (or package.json, tsconfig.json, this file, Node) changes.
// Why: with tsx's loader hooks registered, Node asks the hooks thread about every module, the ~400 files of
// kysely and zod included; a bundle needs no hook at all, which halves a command's start-up (a one-row import:
// 1.1 s → 0.6 s, 1.6 → 0.8 CPU seconds). Each file keeps its own import.meta.url, dirname and filename, so what
// it reads beside itself (catalogs, public/, data files) is found as when tsx runs it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const cacheDir = path.join(root, 'node_modules', '.cache', 'plenary');
const kept = 3;

/** Every file the bundle depends on, with its size and modification time. */
function inputs() {
  const files = [path.join(root, 'package.json'), path.join(root, 'tsconfig.json'), fileURLToPath(import.meta.url)];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(path.join(root, 'src'));
  return files.map((file) => {
    const stat = fs.statSync(file);
    return `${path.relative(root, file)}\0${stat.size}\0${stat.mtimeMs}`;
  });
}

/** Rewrites import.meta.url, dirname and filename to the values of the source file they are written in. */
const ownLocation = {
  name: 'plenary-own-location',
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const values = { url: pathToFileURL(args.path).href, dirname: path.dirname(args.path), filename: args.path };
      return {
        // Not inside a string: code that itself rewrites 'import.meta.url' (the import worker's bundler) keeps its text.
        contents: source.replace(/(?<![\w'"`.$])import\.meta\.(url|dirname|filename)\b/g, (_, name) => JSON.stringify(values[name])),
        loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
      };
    });
  },
};

/** The bundle's entry file for the current sources, built first if there is none; throws when it cannot be made. */
export async function bundledEntry() {
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx'))('esbuild');
  const key = createHash('sha256')
    .update([process.version, esbuild.version, ...inputs()].join('\n'))
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(cacheDir, key);
  const entry = path.join(dir, 'main.js');
  if (fs.existsSync(entry)) return entry;
  fs.mkdirSync(cacheDir, { recursive: true });
  const building = fs.mkdtempSync(path.join(cacheDir, `.${key}-`));
  try {
    await esbuild.build({
      entryPoints: [path.join(root, 'src', 'main.ts')],
      absWorkingDir: root,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node}`,
      packages: 'external',
      sourcemap: 'linked',
      outdir: building,
      logLevel: 'silent',
      plugins: [ownLocation],
    });
    // Another process may have built the same sources meanwhile: either copy will do.
    fs.renameSync(building, dir);
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    if (!fs.existsSync(entry)) throw error;
  }
  prune(key);
  return entry;
}

/** Keeps the `kept` most recent bundles, and builds left half-done for an hour (a process killed while building). */
function prune(current) {
  const dirs = fs
    .readdirSync(cacheDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== current)
    .map((entry) => ({ name: entry.name, dir: path.join(cacheDir, entry.name), at: fs.statSync(path.join(cacheDir, entry.name)).mtimeMs }));
  const bundles = dirs.filter((d) => !d.name.startsWith('.')).sort((a, b) => b.at - a.at);
  const abandoned = dirs.filter((d) => d.name.startsWith('.') && Date.now() - d.at > 3_600_000);
  for (const old of [...bundles.slice(kept - 1), ...abandoned]) fs.rmSync(old.dir, { recursive: true, force: true });
}
