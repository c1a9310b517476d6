// Number formatting for the KPI strip and tables.
export function usd(v, digits = 2) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return (v >= 0 ? '+' : '') + v.toFixed(digits);
}

export function price(v) {
  if (!v) return '–';
  return v.toPrecision(7);
}

export function micros(ns) {
  if (!ns) return '–';
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(1)} ms` : `${(ns / 1e3).toFixed(0)} µs`;
}

export function duration(s) {
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m ${Math.floor(s % 60)}s` : `${s.toFixed(1)}s`;
}

export function signClass(v) {
  return v > 0 ? 'pos' : v < 0 ? 'neg' : '';
}
