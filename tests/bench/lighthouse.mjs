// `cargo xtask bench` (and `cargo xtask lighthouse`): Lighthouse's mobile preset (simulated
// slow 4G, 4x CPU slowdown) in headless Chromium, median of RUNS, on the app's pages beside a
// static HTML copy of the same rendered page (scripts removed, same CSS and images) served by
// the same server. Also: WASM+JS bytes as sent over the wire on a first visit, and the code
// requests beyond the first download (the main module, its glue and the chunk loader).
//
// LINLI_URL: the running server; LINLI_DIST: its dist/ directory (the static copies are
// written to dist/bench-static/ and removed at the end); RUNS (3).
import { chromium } from '@playwright/test';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import fs from 'node:fs';
import path from 'node:path';

const base = process.env.LINLI_URL;
const dist = process.env.LINLI_DIST;
const runs = Number(process.env.RUNS || 3);
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const flags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const listings = await (await fetch(`${base}/api/v1/listings`)).json();
const listing = listings.items[0].id;
const pages = [
  ['Browse', '/'],
  ['Listing', `/listings/${listing}`],
  ['Sell', '/sell'],
  ['Markets', '/markets'],
  ['Recycle', '/recycle'],
];

// The static copies: each page as the app renders it, without its scripts.
const staticDir = path.join(dist, 'bench-static');
fs.mkdirSync(staticDir, { recursive: true });
{
  const browser = await chromium.launch({ executablePath: chromePath, args: flags.slice(1) });
  const page = await browser.newPage({ viewport: { width: 412, height: 823 }, locale: 'zh-CN' });
  for (const [name, route] of pages) {
    await page.goto(base + route, { waitUntil: 'networkidle' });
    await page.waitForTimeout(300);
    const html = await page.evaluate(() => {
      const doc = document.documentElement.cloneNode(true);
      doc.querySelectorAll('script, link[rel=modulepreload], link[rel=preload]').forEach((e) => e.remove());
      return '<!DOCTYPE html>\n' + doc.outerHTML;
    });
    fs.writeFileSync(path.join(staticDir, `${name.toLowerCase()}.html`), html);
  }
  await browser.close();
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const isCode = (r) => /\.(wasm|js|mjs)(\?|$)/.test(r.url) && !/\/sw\.js/.test(r.url);
// The first download: what index.html loads itself (the glue, the main module, the loader).
const isFirst = (r) => /(_bg\.wasm|_split\.js|\/linli-web-[0-9a-f]+\.js)(\?|$)/.test(r.url) || /\/snippets\//.test(r.url);

// The failing audits of the latest run (printed under each page's row).
let lastFailing = {};

async function audit(url) {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: flags });
  try {
    const result = await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
    });
    const lhr = result.lhr;
    const requests = (lhr.audits['network-requests']?.details?.items || [])
      .filter((r) => !r.sessionTargetType || r.sessionTargetType === 'page');
    const code = requests.filter(isCode);
    // What costs points: failed accessibility / best-practices audits, and the performance
    // audits Lighthouse flags (opportunities and diagnostics below full score).
    const failing = (cat) => lhr.categories[cat].auditRefs
      .map((ref) => lhr.audits[ref.id])
      .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative'
        && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual')
      .map((a) => a.id);
    lastFailing = {
      a11y: failing('accessibility'),
      bp: failing('best-practices'),
      perf: failing('performance').filter((id) => !/^(first-contentful-paint|largest-contentful-paint|speed-index|interactive|total-blocking-time|cumulative-layout-shift|max-potential-fid)$/.test(id)),
      lcpElement: lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet,
    };
    return {
      perf: lhr.categories.performance.score,
      a11y: lhr.categories.accessibility.score,
      bp: lhr.categories['best-practices'].score,
      lcp: lhr.audits['largest-contentful-paint'].numericValue,
      tbt: lhr.audits['total-blocking-time'].numericValue,
      cls: lhr.audits['cumulative-layout-shift'].numericValue,
      codeBytes: code.reduce((n, r) => n + (r.transferSize || 0), 0),
      firstBytes: code.filter(isFirst).reduce((n, r) => n + (r.transferSize || 0), 0),
      codeRequests: code.length,
      later: code.filter((r) => !isFirst(r)).length,
    };
  } finally {
    await chrome.kill();
  }
}

async function measure(url) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await audit(url));
  const m = (k) => median(all.map((r) => r[k]));
  return Object.fromEntries(Object.keys(all[0]).map((k) => [k, m(k)]));
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`\nLighthouse mobile, median of ${runs} (app | static copy of the same rendered page)`);
console.log(['page'.padEnd(9), 'perf', 'LCP'.padStart(7), 'TBT'.padStart(7), ' CLS ', 'a11y', ' bp ',
  'WASM+JS sent'.padStart(13), 'first dl'.padStart(9), 'code req', 'beyond', '| static perf', 'LCP'.padStart(7),
  'LCP ratio'].join(' '));
let failed = 0;
for (const [name, route] of pages) {
  const app = await measure(base + route);
  const why = lastFailing;
  const copy = await measure(`${base}/bench-static/${name.toLowerCase()}.html`);
  const ratio = app.lcp / copy.lcp;
  console.log([name.padEnd(9), String(Math.round(app.perf * 100)).padStart(4), s(app.lcp).padStart(7),
    `${Math.round(app.tbt)}ms`.padStart(7), app.cls.toFixed(3), String(Math.round(app.a11y * 100)).padStart(4),
    String(Math.round(app.bp * 100)).padStart(4), kb(app.codeBytes).padStart(13), kb(app.firstBytes).padStart(9),
    String(app.codeRequests).padStart(8), String(app.later).padStart(6), '|', String(Math.round(copy.perf * 100)).padStart(11),
    s(copy.lcp).padStart(7), ratio.toFixed(2).padStart(9)].join(' '));
  console.log(`  app, last run: a11y [${why.a11y.join(', ')}] bp [${why.bp.join(', ')}] perf [${why.perf.join(', ')}]`);
  if (why.lcpElement) console.log(`  LCP element: ${why.lcpElement.slice(0, 160)}`);
  if (app.perf < 0.95 || ratio > 1.25 || app.tbt > 150 || app.cls > 0.02 || app.a11y < 1 || app.bp < 1 || app.later > 6) failed++;
}
console.log(`goal (perf >= 95, LCP <= 1.25x static, TBT <= 150 ms, CLS <= 0.02, a11y/bp 100, <= 6 later code requests): ${failed ? `${failed} page(s) short` : 'met'}`);
fs.rmSync(staticDir, { recursive: true, force: true });
