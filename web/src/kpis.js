// The KPI strip and the header badges, from one tick.
import { duration, micros, price, signClass, usd } from './format.js';

const el = (id) => document.getElementById(id);
const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function setText(id, text, cls = '') {
  const node = el(id);
  node.textContent = text;
  node.className = node.className.split(' ').filter((c) => c === 'value' || c === 'small').concat(cls ? [cls] : []).join(' ');
}

export function renderKpis(tick) {
  const k = tick.kpi;
  setText('kpi-pnl', usd(k.pnl), signClass(k.pnl));
  el('kpi-inventory').textContent = tick.coins.length
    ? tick.coins.map((c) => `${c.coin} ${c.position >= 0 ? '+' : ''}${c.position.toPrecision(4)}` +
        (c.position_limit ? ` / ${c.position_limit}` : '')).join('   ')
    : '–';
  setText('kpi-fills', String(k.fills));
  setText('kpi-fill-rate', `${k.fills_per_minute.toFixed(1)}/min · ${(100 * k.fill_ratio).toFixed(1)}%`);
  // Rules from every source (pipeline, risk gate, ...): rejects first, then the other kinds.
  const rejects = tick.rules.filter((r) => r.kind === 'reject');
  const total = rejects.reduce((a, r) => a + r.count, 0);
  const list = (rules) => rules.map((r) => `${r.source === 'pipeline' ? '' : r.source + '.'}${r.rule} ${r.count}`).join(', ');
  const kinds = [...new Set(tick.rules.map((r) => r.kind).filter((k) => k !== 'reject'))];
  el('kpi-rejects').textContent = `${total} reject(s)${rejects.length ? ': ' + list(rejects) : ''}` +
    kinds.map((k) => ` · ${k}: ${list(tick.rules.filter((r) => r.kind === k))}`).join('');
  const lat = tick.latency[0];
  setText('kpi-latency', lat && lat.count ? `≤${micros(lat.p50_bound_ns)} / ≤${micros(lat.p99_bound_ns)}` : '–');
  setText('kpi-uptime', duration(tick.t));

  el('run-info').textContent = `${tick.source} · ${tick.policy} · ${tick.backend || '–'} backend · ` +
    (tick.connected ? 'venue connected' : 'venue disconnected') + (tick.fatal ? ` · stopped: ${tick.fatal}` : '') +
    ` · ${k.frames} frames, ${k.requests} requests, ${k.exchange_errors} exchange errors`;
  const kill = el('kill-state');
  kill.textContent = `kill switch: ${tick.killed ? `ENGAGED (${tick.kill_reason || 'manual'})` : 'off'}`;
  kill.className = `badge ${tick.killed ? 'badge-bad' : 'badge-ok'}`;
}

export function renderBookTable(tick, coin) {
  const rows = tick.coins.filter((c) => !coin || c.coin === coin);
  const head = '<tr><th>coin</th><th>our bid</th><th>best bid</th><th>mid</th><th>best ask</th><th>our ask</th><th>funding $/h</th></tr>';
  el('book-table').innerHTML = head + rows.map((c) =>
    `<tr><td>${esc(c.coin)}</td><td class="pos">${price(c.our_bid)}${c.our_bid ? ` × ${c.our_bid_size}` : ''}</td>` +
    `<td>${price(c.best_bid)}</td><td>${price(c.mid)}</td><td>${price(c.best_ask)}</td>` +
    `<td class="neg">${price(c.our_ask)}${c.our_ask ? ` × ${c.our_ask_size}` : ''}</td>` +
    `<td>${c.funding.toPrecision(3)}</td></tr>`).join('');
}

export function setStreamState(state) {
  const node = el('stream-state');
  node.textContent = `stream: ${state}`;
  node.className = `badge ${state === 'live' ? 'badge-ok' : state === 'closed' ? 'badge-bad' : 'badge-wait'}`;
}
