// Copies the browser builds of the npm dependencies into wwwroot/lib, so the Web serves them itself (no CDN; CSP 'self').
// Run by the Market.Web build (see Market.Web.csproj) after `npm ci`; wwwroot/lib is generated and not committed.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(root, 'node_modules');
const lib = join(root, 'wwwroot', 'lib');

// package → files to serve (from the package's folder) and where they go under wwwroot/lib.
const assets = {
  'wavesurfer.js': { to: 'wavesurfer', files: ['dist/wavesurfer.esm.js', 'LICENSE'] },
  diff: { to: 'diff', files: ['dist/diff.min.js', 'LICENSE'] },
  'chart.js': { to: 'chart.js', files: ['dist/chart.umd.min.js', 'LICENSE.md'] },
  '@microsoft/signalr': { to: 'signalr', files: ['dist/browser/signalr.min.js'] },
};

const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
rmSync(lib, { recursive: true, force: true });
const versions = {};
for (const [name, { to, files }] of Object.entries(assets)) {
  const installed = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')).version;
  const locked = lock.packages[`node_modules/${name}`]?.version;
  if (installed !== locked) {
    throw new Error(`${name} ${installed} is installed but package-lock.json says ${locked}: run npm ci in src/Market.Web.`);
  }

  for (const file of files) {
    const source = join(modules, name, file);
    if (!existsSync(source)) {
      throw new Error(`${name}@${installed} has no ${file}; update scripts/copy-vendor.mjs.`);
    }

    const target = join(lib, to, file.split('/').pop());
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
  }

  versions[name] = installed;
}

writeFileSync(join(lib, 'versions.json'), JSON.stringify(versions, null, 2) + '\n');
console.log(`wwwroot/lib: ${Object.entries(versions).map(([n, v]) => `${n}@${v}`).join(', ')}`);
