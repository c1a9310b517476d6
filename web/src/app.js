// The dashboard page: one WebSocket to the hlmm process that serves it; it only listens.
import { Charts } from './charts.js';
import { renderBookTable, renderKpis, setStreamState } from './kpis.js';

const charts = new Charts();
let lastTick = null;
let ticks = 0;
let surfaceDrawn = '';
let renderPending = false;

function selected(id) {
  return document.getElementById(id).value;
}

function fillCoins(id, coins) {
  const select = document.getElementById(id);
  const names = coins.map((c) => c.coin || c);
  if ([...select.options].map((o) => o.value).join() === names.join()) return;
  const keep = select.value;
  select.replaceChildren(...names.map((n) => new Option(n, n)));
  if (names.includes(keep)) select.value = keep;
}

function currentOf(coin) {
  return lastTick && lastTick.coins.find((c) => c.coin === coin);
}

function drawSurface(force) {
  const coin = selected('surface-coin');
  const side = selected('surface-side');
  const cur = currentOf(coin);
  // The 3D view is the heaviest chart: redraw it when what it shows changes, the marker once a second.
  const key = `${coin}|${side}|${charts.surfaces.length}`;
  if (!force && key === surfaceDrawn && ticks % 4 !== 0) return;
  surfaceDrawn = key;
  charts.drawSurface(coin, side, cur);
}

function onTick(tick) {
  lastTick = tick;
  ++ticks;
  document.body.dataset.ticks = String(ticks);
  charts.addTick(tick);
  scheduleRender();
}

// Drawing is decoupled from the stream: a tick only records the data, and the page draws the
// newest state at most once per frame. Drawing every tick as it arrived let a slow machine (six
// Plotly charts, one in software WebGL) fall behind the 4 Hz stream for good: the backlog of
// renders kept the main thread busy and the page stopped answering.
function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    render(lastTick);
  });
}

function render(tick) {
  fillCoins('book-coin', tick.coins);
  renderKpis(tick);
  const coin = selected('book-coin');
  renderBookTable(tick, coin);
  charts.drawLines(tick.coins, coin);
  charts.drawSkew(coin, currentOf(coin));
  charts.drawLatency(tick.latency);
  drawSurface(false);
}

function connect() {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  ws.onopen = () => setStreamState('live');
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    if (msg.type === 'history') charts.setHistory(msg.points);
    else if (msg.type === 'surfaces') {
      charts.setSurfaces(msg.surfaces);
      fillCoins('surface-coin', msg.surfaces);
      if (lastTick) drawSurface(true);
    } else if (msg.type === 'tick') onTick(msg);
  };
  ws.onclose = () => {
    // The process stopped or restarted; try again without flooding it.
    setStreamState('closed');
    setTimeout(connect, 2000);
  };
}

for (const id of ['surface-coin', 'surface-side']) document.getElementById(id).addEventListener('change', () => drawSurface(true));
document.getElementById('book-coin').addEventListener('change', () => lastTick && scheduleRender());
connect();
