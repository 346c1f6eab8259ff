// This file contains the browser tests of jobmatch's HTML pages (`jobmatch
// report`, `jobmatch rank --html`): each page is made by the real binary
// from real inputs, loaded in headless Debian Chromium (puppeteer-core) and
// checked on what a person sees: the marks, the numbers against `score
// --json` / `gaps --json`, the section bars, requests, dialogs and console
// messages (none), the injection battery (shown as text, nothing runs),
// sideways scrolling at 390 px, axe-core in light and dark, print. It
// writes screenshots under OUT (build/browser) and, with --screenshots DIR,
// the README's pictures into DIR.
//
// usage: node check.mjs JOBMATCH SHARED OUT [--screenshots DIR]
// Prints "ok"/"not ok" per check and closes with "browser: N passed, N
// failed". Exit status: 0 all passed, 1 a check failed, 77 Chromium cannot
// start at all.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const [jobmatch, shared, out] = process.argv.slice(2, 5);
const shotsIdx = process.argv.indexOf('--screenshots');
const docShots = shotsIdx > 0 ? process.argv[shotsIdx + 1] : null;
const examples = 'data/examples';
const seed = `${examples}/seed-cv.md`;
fs.mkdirSync(out, { recursive: true });

let passed = 0, failed = 0;
// BROWSER_TIMING=1: how long each step took (to keep the run short)
const timing = process.env.BROWSER_TIMING ? {} : null;
let last = process.hrtime.bigint();
function lap(step) {
    if (!timing) return;
    const now = process.hrtime.bigint();
    timing[step] = (timing[step] || 0) + Number(now - last) / 1e6;
    last = now;
}
const counts = {};   // check name -> times it ran
function check(name, ok, detail = '') {
    counts[name] = (counts[name] || 0) + 1;
    if (ok) passed++;
    else { failed++; console.log(`not ok - ${name}${detail ? ': ' + detail : ''}`); }
    return ok;
}

function run(args) {
    return execFileSync(jobmatch, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

// The injection battery: what a hostile posting or CV may carry.
const payloads = [
    '<script>alert("script")</script>',
    '<img src=x onerror="alert(\'img\')">',
    '<a href="javascript:alert(\'href\')">click me</a>',
    '</style><script>alert("style")</script>',
    '</textarea><script>alert("textarea")</script>',
    '<!-- an open comment',
    ']]> <![CDATA[ x ]]>',
    '<svg onload="alert(\'svg\')"></svg>',
    '"><iframe src="javascript:alert(\'iframe\')"></iframe>',
    "'; alert('quote'); '",
    '<title>pwned</title>',
    '<meta http-equiv="refresh" content="0;url=http://example.com/">',
    '<link rel="stylesheet" href="http://example.com/x.css">',
    '<base href="http://example.com/">',
    '<div style="background:url(http://example.com/track.png)">styled</div>',
    '<form action="http://example.com/"><input name=q></form>',
    '&lt;entity&gt; &amp; &#x3C;script&#x3E;',
];
const bidi = '\u202Eevil\u202C \u2066iso\u2069 zero\u200Bwidth';
// bytes that are not UTF-8, in the middle of words
const brokenUtf8 = Buffer.from([0x50, 0x79, 0xff, 0x74, 0x68, 0xc3, 0x28, 0x6f, 0x6e, 0xed, 0xa0, 0x80]);

function battery(dir) {
    const lines = payloads.join('\n');
    const cv = Buffer.concat([
        Buffer.from(`Jane Doe <script>alert("name")</script>\nSoftware Engineer\n\n## Summary\n` +
            `Python and Kubernetes engineer. ${bidi}\n${lines}\n\n## Skills\nPython, Docker, `),
        brokenUtf8, Buffer.from(', Kubernetes, Terraform\n\n## Links\njavascript:alert(1)\n' +
            'https://example.com/"><script>alert(2)</script>\n')]);
    const posting = {
        id: 'battery-<script>alert("id")</script>',
        title: 'Platform Engineer </title><script>alert("title")</script>',
        company: 'Acme <img src=x onerror=alert("company")>',
        description: `Requirements\n- Python, Kubernetes and Terraform.\n${lines}\n${bidi}\n` +
            'Preferred\n- Go <script>alert("go")</script> and Prometheus.\n',
    };
    const cvPath = path.join(dir, 'battery-cv.md');
    const pPath = path.join(dir, 'battery-posting.json');
    fs.writeFileSync(cvPath, cv);
    fs.writeFileSync(pPath, JSON.stringify(posting));
    return [cvPath, pPath];
}

// A CV mended by the repairs: a real one when ../shared is there.
function mendedCv(dir) {
    const real = path.join(shared, 'eval/cvs-vanetik/36.txt');
    if (fs.existsSync(real)) return real;
    const p = path.join(dir, 'mended-cv.md');
    fs.writeFileSync(p, 'Jane Doe\nBackend DeveloperLocation: Berlin\n\nSummary\nS enior ' +
        'engineer of crical systems in the eld, usingPython and Kubernetes\n');
    console.log(`note: ${real} is absent; the mended CV is an invented one`);
    return p;
}

// The score pages: name, CV, posting.
const inputs = path.join(out, 'inputs');
fs.mkdirSync(inputs, { recursive: true });
const cases = fs.readdirSync(examples).filter(f => f.startsWith('posting-')).sort()
    .map(f => [`seed-${f.replace(/^posting-|\.[a-z]+$/g, '')}`, seed, `${examples}/${f}`]);
cases.push(['json-resume', 'tests/data/resume.json', `${examples}/posting-ml-platform-engineer.md`]);
cases.push(['mended-cv', mendedCv(inputs), `${examples}/posting-frontend-developer.md`]);
const [bcv, bposting] = battery(inputs);
cases.push(['battery', bcv, bposting]);

let browser;
try {
    browser = await puppeteer.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        headless: true,
        userDataDir: fs.mkdtempSync(path.join(out, 'profile-')),
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
} catch (err) {
    console.log(`Chromium cannot start here: ${String(err.message).split('\n')[0]}`);
    process.exit(77);
}

// One tab for every page (a new one costs a second): it counts requests,
// dialogs, console messages and script errors of the page it shows
// (everything but the page's own document counts as a request).
const tab = await browser.newPage();
let seen;
let pageUrl = '';
await tab.setRequestInterception(true);
tab.on('request', r => {
    if (r.url() !== pageUrl) { seen.requests.push(r.url()); r.abort(); } else r.continue();
});
tab.on('dialog', d => { seen.dialogs.push(d.message()); d.dismiss(); });
tab.on('console', m => seen.console.push(m.text()));
tab.on('pageerror', e => seen.errors.push(String(e)));

async function open(file, width) {
    seen = { requests: [], dialogs: [], console: [], errors: [] };
    pageUrl = 'file://' + path.resolve(file);
    await tab.emulateMediaType('screen');
    await tab.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await tab.setViewport({ width, height: 900 });
    await tab.goto(pageUrl, { waitUntil: 'load' });
    return { page: tab, seen };
}

// axe-core on the page, in light: every rule but colour contrast; with
// contrast, that rule too in light and in dark. Contrast is most of axe's
// time and the same style sheet serves every page, so it runs on the pages
// that have every kind of mark (CONTRAST_PAGES).
const CONTRAST_PAGES = new Set(['seed-llm-research-scientist', 'mended-cv', 'battery', 'rank']);
async function axe(page, name) {
    await page.evaluate(axeSource);
    const runs = [['light', { rules: { 'color-contrast': { enabled: false } } },
                   'axe-core reports no violation (every rule but contrast)']];
    if (CONTRAST_PAGES.has(name))
        for (const scheme of ['light', 'dark'])
            runs.push([scheme, { runOnly: ['color-contrast'] },
                       `axe-core reports no contrast violation (${scheme})`]);
    for (const [scheme, opts, what] of runs) {
        await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
        const v = await page.evaluate(async o =>
            (await window.axe.run(document, { ...o, resultTypes: ['violations'] })).violations
                .map(x => `${x.id} (${x.nodes.length}): ${x.nodes[0].target}`), opts);
        check(what, v.length === 0, `${name} ${scheme}: ${v.join('; ')}`);
    }
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

async function noSidewaysScroll(page, name, width) {
    await page.setViewport({ width, height: 844 });
    const w = await page.evaluate(() => [document.documentElement.scrollWidth,
                                         document.documentElement.clientWidth]);
    check(`no horizontal overflow at ${width} px`, w[0] <= w[1], `${name}: ${w[0]} > ${w[1]}`);
}

const near = (a, b) => a === b;   // the page's numbers are the JSON's, to the bit

async function scorePage(name, cv, posting) {
    const file = path.join(out, `${name}.html`);
    const t0 = process.hrtime.bigint();
    run(['report', '-o', file, cv, posting]);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const score = JSON.parse(run(['score', '--json', cv, posting]));
    const gaps = JSON.parse(run(['gaps', '--json', cv, posting])).gaps;
    const html = fs.readFileSync(file);
    if (name === 'seed-llm-research-scientist')
        check('the seed CV\'s page is under 200 KB', html.length < 200 * 1024, `${html.length} bytes`);

    lap('jobmatch runs');
    const { page, seen } = await open(file, 1280);
    lap('load');
    const got = await page.evaluate(() => {
        const num = el => el && Number(el.getAttribute('data-value'));
        const marks = sel => [...document.querySelectorAll(sel)].map(m => ({
            term: m.dataset.term, idf: Number(m.dataset.idf), cvTf: Number(m.dataset.cvTf),
            postingTf: Number(m.dataset.postingTf), contribution: Number(m.dataset.contribution),
            gain: Number(m.dataset.gain),
            shown: m.getBoundingClientRect().width > 0 &&
                   getComputedStyle(m).textDecorationLine.includes('underline'),
        }));
        return {
            title: document.title,
            score: num(document.getElementById('score')),
            scoreText: document.getElementById('score').textContent,
            coverage: num(document.getElementById('coverage')),
            coverageText: document.getElementById('coverage').textContent,
            hits: marks('#posting-text mark.hit'),
            gapMarks: marks('#posting-text mark.gap'),
            cvHits: marks('#cv-text mark.hit'),
            bars: [...document.querySelectorAll('.bars li')].map(li => ({
                kind: li.dataset.kind, contribution: Number(li.dataset.contribution),
                width: li.querySelector('.bar span').getBoundingClientRect().width,
                text: li.querySelector('.num').textContent })),
            gapRows: [...document.querySelectorAll('table.gaps tbody tr')].map(tr => ({
                term: tr.dataset.term, gain: Number(tr.dataset.gain),
                text: tr.cells[1].textContent })),
            fixes: document.querySelectorAll('#cv-text mark.fix').length,
            repairsShown: document.getElementById('h-fix') !== null,
            headings: [...document.querySelectorAll('h1,h2,h3')].map(h => Number(h.tagName[1])),
            lang: document.documentElement.lang,
            landmarks: ['header', 'main', 'footer'].map(t => document.querySelectorAll(t).length),
        };
    });

    check('score and coverage equal score --json', near(got.score, score.score) &&
          near(got.coverage, score.coverage) && got.scoreText === score.score.toFixed(3) &&
          got.coverageText === `${Math.round(score.coverage * 100)}%`,
          `${name}: ${got.score} ${got.scoreText} ${got.coverage} vs ${score.score} ${score.coverage}`);
    const matched = new Map(score.matched.map(t => [t.term, t]));
    const marked = new Set(got.hits.map(h => h.term));
    const unmarked = score.matched.map(t => t.term.replace(/^\^/, '')).filter(t => !marked.has(t));
    check('every matched term of the posting is a highlighted element', unmarked.length === 0 &&
          got.hits.every(h => h.shown), `${name}: not marked: ${unmarked.join(', ')}`);
    const badHit = got.hits.concat(got.cvHits).find(h => {
        const t = matched.get(h.term);
        return !t || !near(h.idf, t.idf) || !near(h.cvTf, t.cv_tf) ||
               !near(h.postingTf, t.posting_tf) || !near(h.contribution, t.contribution);
    });
    check('each matched mark\'s numbers equal score --json', !badHit, `${name}: ${JSON.stringify(badHit)}`);
    const gapBy = new Map(gaps.map(g => [g.term, g]));
    const gapTerms = new Set(got.gapMarks.map(g => g.term));
    const badGap = got.gapMarks.find(g => !gapBy.has(g.term) || !near(g.gain, gapBy.get(g.term).gain));
    check('each missing mark is a gap of gaps --json with its gain', !badGap && got.gapMarks.every(g => g.shown),
          `${name}: ${JSON.stringify(badGap)}`);
    // a gap whose word is in the posting's counted text is marked there (the top ten)
    const top = gaps.slice(0, 10).filter(g => !gapTerms.has(g.term));
    check('the top gaps are marked in the posting', top.length === 0,
          `${name}: ${top.map(g => g.term).join(', ')}`);
    check('the CV\'s matched terms are marked', got.cvHits.length > 0 || score.matched.length === 0,
          name);

    const want = score.sections.filter(s => s.contribution > 0)
        .map((s, i) => ({ ...s, i }))
        .sort((a, b) => b.contribution - a.contribution || a.i - b.i);
    if (score.occupation.weight > 0)
        want.push({ kind: 'occupation', contribution: score.occupation.contribution });
    const barsOk = got.bars.length === want.length && got.bars.every((b, i) =>
        b.kind === want[i].kind && near(b.contribution, want[i].contribution) &&
        b.text === want[i].contribution.toFixed(3) && (b.contribution <= 0 || b.width > 0)) &&
        got.bars.slice(1).every((b, i) => i + 1 === got.bars.length - 1 && b.kind === 'occupation' ||
                                          b.contribution <= got.bars[i].contribution);
    check('the section bars are there, in order, with the JSON\'s contributions', barsOk,
          `${name}: ${JSON.stringify(got.bars.map(b => [b.kind, b.contribution]))}`);
    check('the gaps table equals gaps --json (its first 30)', got.gapRows.length === Math.min(30, gaps.length) &&
          got.gapRows.every((r, i) => r.term === gaps[i].term && near(r.gain, gaps[i].gain) &&
                            r.text === `+${gaps[i].gain.toFixed(4)}`), name);
    check('the repairs are shown exactly when the CV was mended',
          got.repairsShown === (score.cv_repairs.length > 0) &&
          (score.cv_repairs.length === 0 || got.fixes > 0), `${name}: ${score.cv_repairs.length} repairs`);
    check('headings in order, landmarks, lang and title', got.headings[0] === 1 &&
          got.headings.every((h, i) => i === 0 || h <= got.headings[i - 1] + 1) &&
          got.landmarks.every(n => n === 1) && got.lang === 'en' && got.title.length > 0, name);

    // focus on a mark shows its numbers
    if (got.hits.length) {
        const tip = await page.evaluate(() => {
            const m = document.querySelector('#posting-text mark.hit');
            m.focus();
            // its own tip: a pair or phrase mark holds its words' marks
            const t = m.querySelector(':scope > .tip');
            return getComputedStyle(t).display !== 'none' ? t.textContent : '';
        });
        const first = matched.get(got.hits[0].term);
        check('focusing a mark shows its idf and contribution', tip.includes(first.idf.toFixed(2)) &&
              tip.includes(first.contribution.toFixed(4)), `${name}: "${tip}"`);
    }

    lap('checks');
    await noSidewaysScroll(page, name, 390);
    await axe(page, name);
    lap('axe');
    // printed: the print sheet hides the panels and fits A4 and Letter
    await page.emulateMediaType('print');
    for (const [format, width] of [['A4', 794], ['Letter', 816]]) {
        await page.setViewport({ width, height: 1100 });
        const pr = await page.evaluate(() => [document.documentElement.scrollWidth,
            document.documentElement.clientWidth,
            [...document.querySelectorAll('.tip')].every(t => getComputedStyle(t).display === 'none')]);
        check('prints on A4 and Letter: no overflow, no panels', pr[0] <= pr[1] && pr[2],
              `${name} ${format}: ${pr}`);
    }
    await page.emulateMediaType('screen');
    lap('print');

    if (name === 'battery') {
        const b = await page.evaluate(() => ({
            body: document.body.innerText,
            injected: document.querySelectorAll('script, img, iframe, svg, object, embed, a, ' +
                'form, input, link, base, meta[http-equiv=refresh], body style, textarea').length,
            handlers: [...document.querySelectorAll('*')].filter(el =>
                [...el.attributes].some(a => /^on/i.test(a.name))).length,
            styles: document.querySelectorAll('style').length,
            title: document.title,
        }));
        check('the battery runs nothing (no dialog, no console message, no error)',
              seen.dialogs.length === 0 && seen.console.length === 0 && seen.errors.length === 0,
              JSON.stringify(seen));
        check('the battery adds no element and no event handler', b.injected === 0 &&
              b.handlers === 0 && b.styles === 1, JSON.stringify(b).slice(0, 300));
        check('the battery leaves the title as jobmatch wrote it',
              b.title === `Score ${score.score.toFixed(3)}: ${score.posting.title} \u2014 jobmatch report`,
              b.title);
        const shownAsText = payloads.filter(p => !b.body.includes(p));
        check('the battery is shown as text', shownAsText.length === 0 &&
              b.body.includes('[U+202E]') && b.body.includes('[U+2066]') && b.body.includes('\uFFFD'),
              `missing: ${shownAsText.join(' | ')}`);
    }
    check('no request leaves the page', seen.requests.length === 0, `${name}: ${seen.requests}`);
    check('no console message, dialog or script error', seen.console.length === 0 &&
          seen.dialogs.length === 0 && seen.errors.length === 0, `${name}: ${JSON.stringify(seen)}`);
    return ms;
}

// Screenshots of a page for a person to look at: at 1280 and 390 px and
// printed (A4 width); with --screenshots, the top of each for README.
async function screenshots(file, prefix, modes) {
    const { page } = await open(file, 1280);
    const shots = [];
    for (const [what, width, media] of modes) {
        await page.setViewport({ width, height: 900 });
        await page.emulateMediaType(media);
        const to = path.join(out, `${prefix}-${what}.png`);
        await page.screenshot({ path: to, fullPage: true });
        shots.push(to);
        if (docShots)
            await page.screenshot({ path: path.join(docShots, `${prefix}-${what}.png`),
                                    clip: { x: 0, y: 0, width, height: width < 500 ? 1100 : 900 } });
    }
    return shots;
}

const times = [];
for (const [name, cv, posting] of cases) times.push(await scorePage(name, cv, posting));

// the ranked page
{
    const file = path.join(out, 'rank.html');
    const postings = fs.readdirSync(examples).filter(f => f.startsWith('posting'))
        .sort().map(f => `${examples}/${f}`);   // the ten files and postings.jsonl's four
    run(['rank', '--html', '-o', file, seed, ...postings]);
    const want = JSON.parse(run(['rank', '--json', '--top', '10', seed, ...postings])).results;
    const { page, seen } = await open(file, 1280);
    const rows = await page.evaluate(() => [...document.querySelectorAll('ol.ranked > li')].map(li => ({
        id: li.dataset.id, score: Number(li.dataset.score), coverage: Number(li.dataset.coverage),
        summary: li.querySelector('summary').innerText,
        bars: li.querySelectorAll('.bars li').length, open: li.querySelector('details').open,
    })));
    check('the ranked page lists rank --json\'s results in order', rows.length === want.length &&
          rows.every((r, i) => r.id === want[i].id && near(r.score, want[i].score) &&
                     near(r.coverage, want[i].coverage) &&
                     r.summary.includes(want[i].score.toFixed(3)) &&
                     (want[i].title === null || r.summary.includes(want[i].title))),
          JSON.stringify(rows.map(r => [r.id, r.score])));
    check('each ranked row opens its explanation', rows.every(r => !r.open && r.bars > 0));
    await page.click('ol.ranked > li summary');
    const opened = await page.evaluate(() => {
        const d = document.querySelector('ol.ranked > li details');
        return d.open && d.querySelector('.bars').getBoundingClientRect().height > 0;
    });
    check('each ranked row opens its explanation', opened, 'clicking the first row');
    await noSidewaysScroll(page, 'rank', 390);
    await axe(page, 'rank');
    check('no request leaves the page', seen.requests.length === 0, `rank: ${seen.requests}`);
    check('no console message, dialog or script error', seen.console.length === 0 &&
          seen.dialogs.length === 0 && seen.errors.length === 0, `rank: ${JSON.stringify(seen)}`);
}

const shots = await screenshots(path.join(out, 'seed-llm-research-scientist.html'), 'report',
    [['1280', 1280, 'screen'], ['390', 390, 'screen'], ['print', 794, 'print']]);
shots.push(...await screenshots(path.join(out, 'rank.html'), 'rank', [['1280', 1280, 'screen']]));
lap('rank and screenshots');
await browser.close();
if (timing) console.log(JSON.stringify(timing));

for (const [name, n] of Object.entries(counts)) console.log(`check x${n}: ${name}`);
console.log(`pages: ${cases.length} score pages and 1 ranked page, in ${out}/`);
console.log(`report written in ${Math.min(...times).toFixed(0)}-${Math.max(...times).toFixed(0)} ms ` +
            '(wall clock, with the process start; bench/report.sh measures it)');
console.log(`screenshots: ${shots.join(' ')}`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
