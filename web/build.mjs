// Builds the dashboard page into a directory the hlmm server serves (no bundler: plain ES
// modules). Copies src/ and the plotting library from node_modules, then checks the result.
//   node build.mjs --out DIR
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAssets } from './check_assets.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outIndex = process.argv.indexOf('--out');
if (outIndex < 0 || !process.argv[outIndex + 1]) {
  console.error('usage: node build.mjs --out DIR');
  process.exit(2);
}
const out = process.argv[outIndex + 1];

const plotlyDir = join(here, 'node_modules', 'plotly.js-dist-min');
let plotlyVersion;
try {
  plotlyVersion = JSON.parse(readFileSync(join(plotlyDir, 'package.json'), 'utf8')).version;
} catch {
  console.error(`web build: ${plotlyDir} is missing; run ./scripts/setup (npm ci in web/)`);
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });
cpSync(join(here, 'src', 'index.html'), join(out, 'index.html'));
for (const name of readdirSync(join(here, 'src'))) {
  if (name === 'index.html') continue;
  cpSync(join(here, 'src', name), join(out, 'assets', name));
}
cpSync(join(plotlyDir, 'plotly.min.js'), join(out, 'assets', 'plotly.min.js'));

const files = {};
for (const name of readdirSync(join(out, 'assets'))) files[`assets/${name}`] = statSync(join(out, 'assets', name)).size;
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ plotly: plotlyVersion, files }, null, 1) + '\n');

const problems = checkAssets(out);
if (problems.length) {
  for (const p of problems) console.error(`web build: ${p}`);
  process.exit(1);
}
