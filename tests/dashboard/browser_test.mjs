// The dashboard page in headless Chromium against a real `hlmm demo --dashboard 127.0.0.1:0`:
// the page loads, the WebSocket stream updates the KPI strip, every chart (the 3D surface too)
// renders, no console errors, nothing is fetched from anywhere but the hlmm process, /metrics
// answers; a screenshot is written for people to look at.
//   node browser_test.mjs --hlmm PATH --web WEB_DIR --screenshot OUT.png
// Exit 77 (ctest: skipped) only when Debian's chromium is not installed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function arg(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || !process.argv[i + 1]) {
    console.error(`usage: node browser_test.mjs --hlmm PATH --web WEB_DIR --screenshot OUT.png (missing ${name})`);
    process.exit(2);
  }
  return process.argv[i + 1];
}

const hlmmPath = arg('--hlmm');
const webDir = arg('--web');
const screenshot = arg('--screenshot');
const chromiumPath = process.env.HLMM_CHROMIUM || '/usr/bin/chromium';

if (!existsSync(chromiumPath)) {
  console.log(`SKIPPED: no Chromium at ${chromiumPath}; ./scripts/setup installs Debian's chromium and chromium-driver`);
  process.exit(77);
}
let playwright;
try {
  playwright = createRequire(join(webDir, 'package.json'))('playwright-core');
} catch (e) {
  console.error(`FAIL: playwright-core is not in ${webDir}/node_modules (run ./scripts/setup): ${e.message}`);
  process.exit(1);
}

const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

const work = mkdtempSync(join(tmpdir(), 'hlmm-dash-browser-'));
const env = { ...process.env };
delete env.HLMM_DASHBOARD_TOKEN;  // the kill switch stays off: nothing on this page can act
// The test stops the demo itself (SIGTERM below) once every check ran; --for only bounds a demo
// left behind, and must outlast the slowest run the test's timeout allows.
const demo = spawn(hlmmPath, ['demo', '--for', '600', '--dashboard', '127.0.0.1:0', '--report', join(work, 'report.html')],
  { env, stdio: ['ignore', 'pipe', 'pipe'] });
let demoOut = '';
let demoExited = null;
demo.stdout.on('data', (d) => { demoOut += d; });
demo.stderr.on('data', (d) => { demoOut += d; });
demo.on('exit', (code, signal) => { demoExited = { code, signal }; });

const deadline = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms));

async function dashboardUrl() {
  for (const start = Date.now(); Date.now() - start < 60_000;) {
    const m = demoOut.match(/dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/);
    if (m) return m[1];
    if (demoExited) throw new Error(`hlmm demo exited (${JSON.stringify(demoExited)}) before serving:\n${demoOut}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`hlmm demo printed no dashboard address in 60 s:\n${demoOut}`);
}

let browser;
let code = 0;
try {
  const url = await dashboardUrl();
  console.log(`dashboard at ${url}`);
  const origin = new URL(url).origin;
  browser = await playwright.chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // WebGL (the 3D surface) on the CPU: no GPU in CI.
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 1250 } });
  const consoleErrors = [];
  const foreign = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => consoleErrors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url()); });

  const response = await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  check(response && response.status() === 200, `GET / answers 200 (${response && response.status()})`);
  check(await page.evaluate(() => typeof window.Plotly === 'object'), 'plotly.js loaded from the dashboard');

  // The stream: ticks arrive and the KPI strip changes with them.
  await page.waitForFunction(() => Number(document.body.dataset.ticks) >= 2, null, { timeout: 60_000 });
  const first = await page.evaluate(() => ({ uptime: document.getElementById('kpi-uptime').textContent,
    ticks: Number(document.body.dataset.ticks) }));
  await page.waitForFunction((before) => document.getElementById('kpi-uptime').textContent !== before,
    first.uptime, { timeout: 30_000 });
  // Quoting and trading: the book table shows our quotes, and fills come in.
  await page.waitForFunction(() => Number(document.getElementById('kpi-fills').textContent) > 0, null, { timeout: 90_000 })
    .catch(() => {});
  const kpis = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.kpi')].map((k) =>
    [k.querySelector('.label').textContent, k.querySelector('.value').textContent])));
  console.log('KPI strip:', JSON.stringify(kpis));
  const later = await page.evaluate(() => Number(document.body.dataset.ticks));
  check(later > first.ticks, `the stream keeps ticking (${first.ticks} -> ${later} ticks)`);
  check(kpis['PnL (USD)'] !== '–', 'PnL shown');
  check(/ETH [+-]?\d/.test(kpis.inventory), `inventory per asset shown (${kpis.inventory})`);
  check(Number(kpis.fills) > 0, `fills counted (${kpis.fills})`);
  check(/\/min/.test(kpis['fill rate']), `fill rate shown (${kpis['fill rate']})`);
  check(/reject/.test(kpis['rejects by rule']), `rejects by rule shown (${kpis['rejects by rule']})`);
  check(/kill switch: off/.test(await page.textContent('#kill-state')), 'kill switch state shown (off)');
  check(/stream: live/.test(await page.textContent('#stream-state')), 'stream state is live');
  const bookRows = await page.$$eval('#book-table tr', (rows) => rows.length);
  check(bookRows >= 2, `top of book table has a row per coin (${bookRows - 1})`);

  // Every chart drew; the surface is a WebGL scene.
  for (const id of ['chart-pnl', 'chart-inventory', 'chart-book', 'chart-skew', 'chart-latency']) {
    const drawn = await page.$$eval(`#${id} .main-svg`, (n) => n.length);
    check(drawn > 0, `${id} rendered`);
  }
  await page.waitForSelector('#chart-surface .gl-container canvas, #chart-surface canvas', { timeout: 30_000 })
    .catch(() => {});
  const surfaceCanvas = await page.$$eval('#chart-surface canvas', (n) => n.length);
  check(surfaceCanvas > 0, 'policy surface rendered as a 3D (WebGL) scene');
  const latencyBars = await page.evaluate(() => {
    const d = document.getElementById('chart-latency').data;
    return d && d.length ? d[0].y.reduce((a, b) => a + b, 0) : 0;
  });
  check(latencyBars > 0, `tick-to-quote histogram has samples (${latencyBars})`);

  await page.waitForTimeout(1500);  // let the last redraw land before the picture
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);

  const metrics = await (await fetch(`${origin}/metrics`)).text();
  const frames = metrics.match(/^hlmm_frames_total (\d+)$/m);
  check(frames && Number(frames[1]) > 0, `/metrics answers with counters (frames ${frames && frames[1]})`);
  const kill = await fetch(`${origin}/api/kill`, { method: 'POST', headers: { Authorization: 'Bearer anything' } });
  check(kill.status === 404, `no kill switch without a token (POST /api/kill -> ${kill.status})`);

  check(foreign.length === 0, `nothing fetched from elsewhere${foreign.length ? ': ' + foreign.join(', ') : ''}`);
  check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? ':\n  ' + consoleErrors.join('\n  ') : ''}`);
} catch (e) {
  failures.push(e.message);
  console.error(`FAIL ${e.stack || e.message}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (!demoExited) {
    demo.kill('SIGTERM');  // the demo stops cleanly on SIGTERM (orders cancelled, report written)
    await Promise.race([new Promise((r) => demo.on('exit', r)), deadline(30_000, 'hlmm demo stop')]).catch((e) => {
      failures.push(e.message);
      demo.kill('SIGKILL');
    });
  }
  rmSync(work, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`dashboard.browser: ${failures.length} failure(s)\n--- hlmm demo output ---\n${demoOut.slice(-4000)}`);
  code = 1;
} else {
  console.log('dashboard.browser: all checks passed');
}
process.exit(code);
