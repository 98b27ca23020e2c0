/**
 * The playground's build: a static site (`vite build` writes `dist/`), relative URLs so it can be
 * hosted under any path: the page, and its training worker (src/worker.ts, an ES module worker with
 * its own chunks). One plug-in of our own, `sharedModules`, lets a plug-in loaded by URL import
 * `@gankit/core`, tfjs and the gankit packages by their bare names and get the worker's own copies.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';
import { SHARED_MODULES, SHARED_MODULES_KEY, shimFileName } from './src/shared-modules.js';

/**
 * For each shared package, a small ES module that re-exports, by name, the copy the training worker
 * put on `globalThis` (see src/shared-modules.ts); src/plugins.ts sends the bare names there with an
 * import map of its own (browsers apply none in workers). Served by the dev server, written into the
 * build.
 */
function sharedModules(): Plugin {
  let shims: Map<string, string> | undefined;
  const build = async (): Promise<Map<string, string>> => {
    if (shims) return shims;
    const made = new Map<string, string>();
    for (const name of SHARED_MODULES) {
      const exports = Object.keys(await import(name)).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k));
      made.set(
        shimFileName(name),
        `// The playground's own '${name}', for plug-ins loaded by URL.\n` +
          `const m = globalThis[Symbol.for(${JSON.stringify(SHARED_MODULES_KEY)})][${JSON.stringify(name)}];\n` +
          `export const { ${exports.join(', ')} } = m;\n`,
      );
    }
    return (shims = made);
  };
  return {
    name: 'gankit-shared-modules',
    async configureServer(server) {
      const files = await build();
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
        const body = files.get(path);
        if (body === undefined) return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.end(body);
      });
    },
    async generateBundle() {
      for (const [fileName, source] of await build()) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}

/**
 * The dev server hands JSON to the page as JavaScript modules, so a dynamic `import(x, { with: { type:
 * 'json' } })` (how @gankit/datasets loads the embedded digits) fails there: the browser expects JSON.
 * The attribute is dropped in dev (in the page's worker too); the production build handles it itself.
 */
function jsonImportAttributesInDev(): Plugin {
  const pattern = /import\((['"][^'"]+\.json['"]),\s*\{\s*with:\s*\{\s*type:\s*['"]json['"]\s*\}\s*\}\s*\)/g;
  return {
    name: 'gankit-json-import-attributes-in-dev',
    apply: 'serve',
    transform(code) {
      const out = code.replace(pattern, 'import($1)');
      return out === code ? undefined : out;
    },
  };
}

/**
 * The lsgan example (`@gankit-examples/lsgan`, built before this app) at `plugins/lsgan/index.js` of
 * the site, so the plug-in URL the page suggests loads in the built site as it is.
 */
function examplePlugin(): Plugin {
  const file = createRequire(import.meta.url).resolve('@gankit-examples/lsgan');
  return {
    name: 'gankit-example-plugin',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'plugins/lsgan/index.js', source: readFileSync(file, 'utf8') });
    },
  };
}

/**
 * Served cross-origin isolated, so the wasm backend may use threads (SharedArrayBuffer is given only to
 * such pages). A host of `dist/` sends the same two headers (apps/playground/README.md). Under
 * `require-corp`, resources from other origins load only with CORS or a Cross-Origin-Resource-Policy:
 * plug-ins loaded by URL are modules, fetched with CORS anyway.
 */
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

export default defineConfig({
  base: './',
  plugins: [sharedModules(), jsonImportAttributesInDev(), examplePlugin()],
  // The training worker is an ES module (it imports the digits and plug-ins on demand).
  worker: { format: 'es', plugins: () => [jsonImportAttributesInDev()] },
  build: {
    target: 'es2022',
    // tfjs alone is larger than Vite's default warning size; the digits load only when chosen.
    chunkSizeWarningLimit: 4096,
  },
  server: { port: 5173, headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
});
