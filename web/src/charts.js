// The charts (plotly.js, served from this dashboard: window.Plotly). Lines are kept here from the
// history message and every tick; the policy surface is redrawn when the server sends a new one.
const Plotly = window.Plotly;
const MAX_POINTS = 2400;
const COLORS = ['#58a6ff', '#f0883e', '#a371f7', '#3fb950', '#f85149'];

const base = {
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: 'rgba(0,0,0,0)',
  font: { color: '#d8dee6', size: 11 },
  margin: { l: 56, r: 12, t: 8, b: 34 },
  xaxis: { gridcolor: '#283039', zerolinecolor: '#3a444f' },
  yaxis: { gridcolor: '#283039', zerolinecolor: '#3a444f' },
  legend: { orientation: 'h', y: 1.12, x: 0 },
  showlegend: true,
};
const config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['sendDataToCloud'] };

function layout(extra) {
  return {
    ...base,
    ...extra,
    xaxis: { ...base.xaxis, ...(extra.xaxis || {}) },
    yaxis: { ...base.yaxis, ...(extra.yaxis || {}) },
  };
}

export class Charts {
  constructor() {
    this.points = [];   // {t, pnl, coins: [...]}
    this.surfaces = [];
    this.lastT = -1;
    this.ticks = 0;
  }

  setHistory(points) {
    this.points = points.slice(-MAX_POINTS);
    this.lastT = this.points.length ? this.points[this.points.length - 1].t : -1;
  }

  addTick(tick) {
    if (tick.t > this.lastT) {
      this.points.push({ t: tick.t, pnl: tick.kpi.pnl, coins: tick.coins });
      if (this.points.length > MAX_POINTS) this.points.shift();
      this.lastT = tick.t;
    }
  }

  coinSeries(coin, field) {
    return this.points.map((p) => {
      const c = p.coins.find((x) => x.coin === coin);
      return c && c[field] ? c[field] : null;
    });
  }

  drawLines(coins, bookCoin) {
    const t = this.points.map((p) => p.t);
    Plotly.react('chart-pnl', [{ x: t, y: this.points.map((p) => p.pnl), type: 'scatter', mode: 'lines',
      name: 'PnL (marked to mid, fees in)', line: { color: '#a371f7' } }],
    layout({ xaxis: { title: { text: 'seconds' } }, yaxis: { title: { text: 'USD' } } }), config);

    const inv = [];
    coins.forEach((c, i) => {
      inv.push({ x: t, y: this.points.map((p) => (p.coins.find((x) => x.coin === c.coin) || { position: null }).position),
        type: 'scatter', mode: 'lines', name: c.coin, line: { color: COLORS[i % COLORS.length], shape: 'hv' } });
      if (c.position_limit) {
        for (const s of [1, -1]) {
          inv.push({ x: [t[0], t[t.length - 1]], y: [s * c.position_limit, s * c.position_limit], type: 'scatter',
            mode: 'lines', name: `${c.coin} limit`, showlegend: s > 0,
            line: { color: COLORS[i % COLORS.length], dash: 'dot', width: 1 } });
        }
      }
    });
    Plotly.react('chart-inventory', inv, layout({ xaxis: { title: { text: 'seconds' } }, yaxis: { title: { text: 'coins' } } }), config);

    if (bookCoin) {
      const series = [
        ['best_bid', 'best bid', '#6e7681', 'solid'], ['best_ask', 'best ask', '#6e7681', 'dot'],
        ['our_bid', 'our bid', '#3fb950', 'solid'], ['our_ask', 'our ask', '#f85149', 'solid'],
      ].map(([f, name, color, dash]) => ({ x: t, y: this.coinSeries(bookCoin, f), type: 'scatter', mode: 'lines',
        name, line: { color, dash, width: f.startsWith('our') ? 2 : 1, shape: 'hv' } }));
      Plotly.react('chart-book', series, layout({ margin: { l: 64, r: 12, t: 8, b: 28 }, yaxis: { title: { text: 'USD' } } }), config);
    }
  }

  drawSkew(bookCoin, current) {
    const f = this.coinSeries(bookCoin, 'funding');
    const skew = this.coinSeries(bookCoin, 'skew');
    const inv = this.coinSeries(bookCoin, 'position');
    const traces = [{ x: f, y: skew, type: 'scatter', mode: 'markers', name: 'our quotes (centre − mid)',
      marker: { size: 5, color: inv, colorscale: 'RdBu', reversescale: true, showscale: true,
        colorbar: { title: { text: 'inv' }, thickness: 8 } } }];
    const surface = this.surfaces.find((s) => s.coin === bookCoin);
    if (surface && current) {
      const row = nearest(surface.q_nodes, current.position);
      const F = surface.f_nodes.length;
      traces.push({ x: surface.f_nodes, type: 'scatter', mode: 'lines', name: `policy at inventory ${surface.q_nodes[row]}`,
        y: surface.f_nodes.map((_, j) => {
          const b = surface.bid[row * F + j];
          const a = surface.ask[row * F + j];
          return b === null || a === null ? null : (b - a) / 2;
        }), line: { color: '#f0883e' } });
    }
    Plotly.react('chart-skew', traces, layout({ xaxis: { title: { text: 'cash funding, USD/coin/h' } },
      yaxis: { title: { text: 'skew, USD' } } }), config);
  }

  drawLatency(latency) {
    const traces = latency.map((h, i) => ({
      x: h.upper_ns.map((ns) => (ns >= 1e6 ? `≤${ns / 1e6} ms` : `≤${ns / 1e3} µs`)).concat(['more']),
      y: h.counts, type: 'bar', name: `${h.backend} (${h.count} frames)`, marker: { color: COLORS[i % COLORS.length] },
    }));
    Plotly.react('chart-latency', traces, layout({ xaxis: { title: { text: 'frame received → signed request sent' },
      type: 'category' }, yaxis: { title: { text: 'frames' } }, bargap: 0.05 }), config);
  }

  setSurfaces(surfaces) {
    this.surfaces = surfaces;
  }

  drawSurface(coin, side, current) {
    const s = this.surfaces.find((x) => x.coin === coin);
    if (!s) return;
    const F = s.f_nodes.length;
    const values = side === 'ask' ? s.ask : s.bid;
    const z = s.q_nodes.map((_, i) => values.slice(i * F, (i + 1) * F));
    const traces = [{ type: 'surface', x: s.f_nodes, y: s.q_nodes, z, colorscale: 'Viridis', name: `${side} offset`,
      colorbar: { title: { text: 'USD' }, thickness: 10 }, showscale: true }];
    if (current) {
      const i = nearest(s.q_nodes, current.position);
      const j = nearest(s.f_nodes, current.funding);
      traces.push({ type: 'scatter3d', mode: 'markers', name: 'now', x: [s.f_nodes[j]], y: [s.q_nodes[i]],
        z: [z[i][j]], marker: { size: 6, color: '#f85149' } });
    }
    Plotly.react('chart-surface', traces, {
      ...base, margin: { l: 0, r: 0, t: 0, b: 0 }, showlegend: false,
      scene: {
        xaxis: { title: { text: 'funding $/coin/h' }, gridcolor: '#283039' },
        yaxis: { title: { text: 'inventory' }, gridcolor: '#283039' },
        zaxis: { title: { text: `${side} offset $` }, gridcolor: '#283039' },
        camera: { eye: { x: 1.6, y: -1.6, z: 0.9 } },
      },
    }, config);
  }
}

function nearest(nodes, v) {
  let best = 0;
  for (let i = 1; i < nodes.length; ++i) if (Math.abs(nodes[i] - v) < Math.abs(nodes[best] - v)) best = i;
  return best;
}
