// The report in a real browser: Debian's chromium, driven by playwright-core.
//
//   node browser.js check REPORT.html
//     loads the page from file:, and fails (exit 1) when it made a request
//     other than file: or data:, logged a console error or a CSP
//     violation, or threw; prints one "ok"/"FAIL" line per check.
//   node browser.js shots REPORT.html OUTDIR [SELECTOR...]
//     writes one PNG per selector (an element's own screenshot), for a
//     person to look at.
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];

async function open(file) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const seen = { requests: [], errors: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning' ||
        /Content.Security.Policy/i.test(m.text()))
      seen.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.errors.push(`pageerror: ${e.message}`));
  await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
  // A violation report is an event in the page: count them too.
  const violations = await page.evaluate(() => new Promise((resolve) => {
    const v = [];
    document.addEventListener('securitypolicyviolation',
      (e) => v.push(e.violatedDirective + ' ' + e.blockedURI));
    setTimeout(() => resolve(v), 300);
  }));
  return { browser, page, seen, violations };
}

async function check(file) {
  const { browser, page, seen, violations } = await open(file);
  let failed = 0;
  const ok = (cond, what, detail) => {
    console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}${cond ? '' : ' ' + detail}`);
    if (!cond) failed++;
  };
  const other = seen.requests.filter((u) => !/^(file|data):/.test(u));
  ok(other.length === 0, 'no request but file: and data:', other.join(' '));
  ok(seen.requests.length >= 1, 'the page itself was loaded from file:', '');
  ok(seen.errors.length === 0, 'no console error, warning or CSP report',
    seen.errors.join(' | '));
  ok(violations.length === 0, 'no securitypolicyviolation event',
    violations.join(' | '));
  const svgs = await page.locator('svg').count();
  ok(svgs > 10, `the charts are in the page (${svgs} svg)`, '');
  // The CSP is in force: an image from the network would be refused.
  const csp = await page.evaluate(() =>
    document.querySelector('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content'));
  ok(csp === "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    'the CSP meta tag is read by the browser', csp);
  // Nothing is cut off: no chart is wider than its box.
  const overflow = await page.evaluate(() => [...document.querySelectorAll(
    'figure, table.spine td, .head')].filter((e) => e.scrollWidth >
    e.clientWidth + 2).map((e) => e.closest('[id]')?.id).slice(0, 5));
  ok(overflow.length === 0, 'no chart or cell overflows its box',
    overflow.join(' '));
  await browser.close();
  console.log(`${7 - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

async function shots(file, outdir, selectors) {
  const { browser, page } = await open(file);
  let i = 0;
  for (const sel of selectors) {
    const el = page.locator(sel).first();
    await el.screenshot({ path: path.join(outdir, `shot${i++}.png`) });
  }
  await browser.close();
}

const [mode, file, ...rest] = process.argv.slice(2);
(mode === 'check' ? check(file) : shots(file, rest[0], rest.slice(1)))
  .catch((e) => {
    console.log(`FAIL the browser ran: ${e.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  });
