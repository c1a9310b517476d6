// Checks a built dashboard directory: index.html exists, every script, style and module import
// it reaches is a local file that exists (no CDN, no absolute URL), and the plotting library is
// there. Used by the build and by the ctest `dashboard.assets`.
//   node check_assets.mjs DIR     (exit 1 with the problems listed)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const remote = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;  // http:, https:, data:, //host ...

export function checkAssets(dir) {
  const problems = [];
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return [`${index} does not exist`];
  const html = readFileSync(index, 'utf8');
  const refs = [...html.matchAll(/<(?:script|link|img)\b[^>]*?\b(?:src|href)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
  if (!refs.some((r) => r.endsWith('plotly.min.js'))) problems.push('index.html does not load assets/plotly.min.js');
  const seen = new Set();
  const queue = refs.map((r) => ({ from: 'index.html', ref: r, base: dir }));
  while (queue.length) {
    const { from, ref, base } = queue.shift();
    if (remote.test(ref) || ref.startsWith('/')) {
      problems.push(`${from} references a non-local asset: ${ref}`);
      continue;
    }
    const file = normalize(join(base, ref));
    if (!file.startsWith(normalize(dir))) {
      problems.push(`${from} reaches outside the asset directory: ${ref}`);
      continue;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      problems.push(`${from} references ${ref}, which is not in the build`);
      continue;
    }
    if (seen.has(file) || !file.endsWith('.js') || file.endsWith('plotly.min.js')) continue;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^\s*import\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      queue.push({ from: file, ref: m[1], base: dirname(file) });
    }
    for (const m of src.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      queue.push({ from: file, ref: m[1], base: dirname(file) });
    }
    if (/https?:\/\/(?!127\.0\.0\.1|localhost)/.test(src.replace(/\/\/.*$/gm, ''))) {
      problems.push(`${file} contains a remote URL`);
    }
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node check_assets.mjs DIR');
    process.exit(2);
  }
  const problems = checkAssets(dir);
  for (const p of problems) console.error(`assets: ${p}`);
  if (problems.length) process.exit(1);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  console.log(`assets: ${dir} ok (plotly.js ${manifest.plotly}, ${Object.keys(manifest.files).length} files)`);
}
