import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { checkinPrompt } from '../src/checkins/prompt.js';
import { loadContent, type Lang } from '../src/content/load.js';
import { loadUiStrings, translator } from '../src/i18n/index.js';
import { renderEntry, renderPlatforms, type RenderedMessage } from '../src/content/render.js';
import { projectPath } from '../src/paths.js';

/**
 * Pictures of Murshid's replies for the README, made from the bot's real rendered messages (Arabic
 * both as Discord's desktop client lays paragraphs out, left to right, and by first letter):
 * renders a few replies with `renderEntry`/`renderPlatforms`, writes each as an HTML page styled
 * like Discord's dark theme, and screenshots it with headless Chromium into `docs/`.
 *
 *   npm run build && node dist/scripts/reply-picture.js
 *
 * Needs Chromium and fonts with Arabic glyphs and colour emoji (Debian/Ubuntu:
 * `apt-get install -y chromium fonts-noto-core fonts-noto-color-emoji`); set CHROMIUM to use
 * another browser binary.
 */

/** CSS pixels: about the width of a Discord chat column holding a full-width embed. */
const WIDTH = 560;
/** Device pixels per CSS pixel in the PNGs. */
const SCALE = 2;
/** Warn above this many bytes per PNG (READMEs load them on every visit). */
const MAX_BYTES = 400 * 1024;

interface Shot {
  /** File name in `docs/`. */
  file: string;
  /** What the member typed, shown in the "used /command" line above the reply. */
  command: string;
  lang: Lang;
  /**
   * How the client sets each paragraph's direction: `ltr` as Discord's desktop client (every
   * paragraph left to right, whatever its script), `auto` by the paragraph's first strong character.
   */
  base: 'ltr' | 'auto';
  message: RenderedMessage;
}

/** The paragraph direction of the shot being drawn (set per shot in `pageHtml`). */
let paragraphDir: Shot['base'] = 'auto';

// -- Discord-flavoured Markdown (the subset the guide uses) -----------------------------------------

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Bold, underline, italics and inline code, on text that is already HTML-escaped. */
function emphasis(html: string): string {
  return html
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/__(?=\S)([\s\S]*?\S)__/g, '<u>$1</u>')
    .replace(/\*(?=\S)([^*]*?\S)\*/g, '<em>$1</em>')
    .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1<em>$2</em>');
}

/** One line of inline Markdown: `<url>` and bare https links become links, the rest gets emphasis. */
function inline(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/<(https?:\/\/[^\s>]+)>|https?:\/\/[^\s<>\u2066-\u2069]+/g)) {
    const url = m[1] ?? m[0];
    out += emphasis(escapeHtml(text.slice(last, m.index))) + `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = m.index + m[0].length;
  }
  return out + emphasis(escapeHtml(text.slice(last)));
}

/**
 * Block Markdown: `- ` / `* ` lines make a bulleted list, every other line is its own paragraph
 * with `dir="auto"` (as Discord aligns each paragraph by its first strong character); a blank line
 * stays a blank line. `• ` is not Markdown for Discord, so such lines show the bullet as written.
 */
function markdown(text: string): string {
  const out: string[] = [];
  let items: string[] = [];
  const flush = () => {
    if (items.length) out.push(`<ul>${items.map((i) => `<li dir="${paragraphDir}">${inline(i)}</li>`).join('')}</ul>`);
    items = [];
  };
  for (const line of text.split('\n')) {
    const item = /^\s*[-*] +(.*)$/.exec(line);
    if (item) {
      items.push(item[1]!);
      continue;
    }
    flush();
    out.push(line.trim() === '' ? '<div class="blank"><br></div>' : `<div dir="${paragraphDir}">${inline(line)}</div>`);
  }
  flush();
  return out.join('');
}

// -- the message ------------------------------------------------------------------------------------

/** Grid columns (of 12) for each field, the way Discord lays out runs of up to three inline fields. */
function fieldColumns(fields: readonly APIEmbedField[]): string[] {
  const columns: string[] = [];
  let i = 0;
  while (i < fields.length) {
    if (!fields[i]!.inline) {
      columns.push('1 / 13');
      i += 1;
      continue;
    }
    let run = 0;
    while (run < 3 && i + run < fields.length && fields[i + run]!.inline) run += 1;
    const span = 12 / run;
    for (let k = 0; k < run; k++) columns.push(`${1 + k * span} / ${1 + (k + 1) * span}`);
    i += run;
  }
  return columns;
}

function embedHtml(embed: APIEmbed): string {
  const color = `#${(embed.color ?? 0x1e1f22).toString(16).padStart(6, '0')}`;
  const parts: string[] = [];
  if (embed.title) parts.push(`<div class="title" dir="${paragraphDir}">${inline(embed.title)}</div>`);
  if (embed.description) parts.push(`<div class="description">${markdown(embed.description)}</div>`);
  const fields = embed.fields ?? [];
  if (fields.length) {
    const columns = fieldColumns(fields);
    parts.push(
      `<div class="fields">${fields
        .map(
          (f, i) =>
            `<div class="field" style="grid-column:${columns[i]}"><div class="field-name" dir="${paragraphDir}">${inline(f.name)}</div>` +
            `<div class="field-value">${markdown(f.value)}</div></div>`,
        )
        .join('')}</div>`,
    );
  }
  if (embed.footer?.text) parts.push(`<div class="footer" dir="${paragraphDir}">${escapeHtml(embed.footer.text)}</div>`);
  return `<article class="embed" dir="${paragraphDir}" style="border-left-color:${color}">${parts.join('')}</article>`;
}

const LINK_ICON =
  '<svg class="launch" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">' +
  '<path fill="currentColor" d="M15 2a1 1 0 1 0 0 2h3.59l-7.3 7.3a1 1 0 0 0 1.42 1.4L20 5.42V9a1 1 0 1 0 2 0V3a1 1 0 0 0-1-1h-6Z"/>' +
  '<path fill="currentColor" d="M5 5a1 1 0 0 0-1 1v13a1 1 0 0 0 1 1h13a1 1 0 0 0 1-1v-6a1 1 0 1 0-2 0v5H6V7h5a1 1 0 1 0 0-2H5Z"/></svg>';

function componentsHtml(message: RenderedMessage): string {
  return message.components
    .map((row) => {
      const buttons = row.components.map((c) => {
        const label = 'label' in c && c.label ? c.label : '';
        const url = 'url' in c && typeof c.url === 'string' ? c.url : '#';
        const style = 'style' in c && c.style === 1 ? ' primary' : '';
        return `<a class="button${style}" href="${escapeHtml(url)}"><span dir="auto">${escapeHtml(label)}</span>${url === '#' ? '' : LINK_ICON}</a>`;
      });
      return `<div class="row">${buttons.join('')}</div>`;
    })
    .join('');
}

const CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #313338; }
body {
  width: ${WIDTH}px;
  font-family: "gg sans", "Noto Sans", "Noto Sans Arabic", "Helvetica Neue", Helvetica, Arial, "Noto Color Emoji", sans-serif;
  color: #dbdee1; font-size: 16px; -webkit-font-smoothing: antialiased; text-rendering: optimizeLegibility;
}
#chat { padding: 12px 0 14px; }
.message { position: relative; padding: 2px 16px 2px 72px; }
.reply { position: relative; display: flex; align-items: center; gap: 4px; height: 18px; margin-bottom: 4px;
  font-size: 14px; line-height: 18px; color: #b5bac1; white-space: nowrap; }
.reply::before { content: ""; position: absolute; left: -36px; top: 8px; width: 33px; height: 12px;
  border-left: 2px solid #4e5058; border-top: 2px solid #4e5058; border-top-left-radius: 6px; }
.reply .who-avatar { width: 16px; height: 16px; border-radius: 50%; background: #c27c0e; color: #fff;
  font-size: 9px; font-weight: 700; display: inline-flex; align-items: center; justify-content: center; }
.reply .who { color: #f2f3f5; font-weight: 500; opacity: .64; }
.reply .cmd { color: #00a8fc; font-weight: 500; }
.avatar { position: absolute; left: 16px; top: 24px; width: 40px; height: 40px; border-radius: 50%;
  display: flex; align-items: center; justify-content: center; }
.header { display: flex; align-items: baseline; line-height: 22px; min-height: 22px; }
.name { color: #f2f3f5; font-size: 16px; font-weight: 500; }
.app { align-self: center; margin-left: 4px; padding: 0 4.4px; height: 15px; line-height: 15px; border-radius: 3px;
  background: #5865f2; color: #fff; font-size: 10px; font-weight: 600; letter-spacing: .02em; position: relative; top: 1px; }
.time { margin-left: 6px; font-size: 12px; color: #949ba4; }
.embed { margin-top: 4px; max-width: 516px; background: #2b2d31; border-left: 4px solid; border-radius: 4px;
  padding: 8px 16px 16px 12px; font-size: 14px; line-height: 18px; }
.title { margin-top: 8px; color: #f2f3f5; font-size: 16px; font-weight: 600; line-height: 22px; }
.description { margin-top: 8px; white-space: pre-wrap; }
.fields { display: grid; grid-template-columns: repeat(12, 1fr); gap: 8px; margin-top: 8px; }
.field { min-width: 0; }
.field-name { color: #f2f3f5; font-weight: 600; margin-bottom: 2px; }
.field-value { white-space: pre-wrap; }
.footer { margin-top: 8px; font-size: 12px; line-height: 16px; font-weight: 500; color: #dbdee1; }
ul { margin: 4px 0; padding: 0; padding-inline-start: 16px; list-style: disc; }
li { margin-bottom: 4px; white-space: pre-wrap; }
li::marker { color: #dbdee1; }
strong { font-weight: 700; color: inherit; }
a { color: #00a8fc; text-decoration: none; word-break: break-all; }
code { font-family: "Noto Sans Mono", Consolas, monospace; font-size: 85%; background: #1e1f22; border-radius: 4px; padding: 0 .2em; }
.row { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.row + .row { margin-top: 8px; }
.button { display: inline-flex; align-items: center; gap: 8px; height: 32px; min-width: 60px; padding: 2px 16px;
  border-radius: 8px; background: #4e5058; color: #fff; font-size: 14px; font-weight: 500; line-height: 16px;
  text-decoration: none; white-space: nowrap; }
.button.primary { background: #5865f2; }
.launch { flex: none; }
`;

/** The bot's avatar: a white guiding star on the accent colour (Murshid has no picture of its own here). */
const AVATAR_ICON =
  '<svg width="26" height="26" viewBox="0 0 40 40" aria-hidden="true"><path fill="#fff" d="M20 3l4 13 13 4-13 4-4 13-4-13-13-4 13-4z"/>' +
  '<circle cx="20" cy="20" r="3.2" fill="currentColor"/></svg>';

/** After layout, the page records its own height so the screenshot can be cropped to it. */
const MEASURE = `<script>document.documentElement.setAttribute('data-height', String(Math.ceil(document.getElementById('chat').getBoundingClientRect().height)));</script>`;

function pageHtml(shot: Shot, accent: string): string {
  paragraphDir = shot.base;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Murshid ${escapeHtml(shot.command)}</title><style>${CSS}</style></head>
<body><div id="chat"><div class="message">
<div class="reply"><span class="who-avatar">S</span><span class="who">Sami</span><span>used</span><span class="cmd">${escapeHtml(shot.command)}</span></div>
<div class="avatar" style="background:${accent};color:${accent}">${AVATAR_ICON}</div>
<div class="header"><span class="name">Murshid</span><span class="app">APP</span><span class="time">Today at 18:30</span></div>
<div class="accessories" lang="${shot.lang}">${shot.message.embeds.map((e) => embedHtml(e)).join('')}${componentsHtml(shot.message)}</div>
</div></div>${MEASURE}</body></html>
`;
}

// -- Chromium ---------------------------------------------------------------------------------------

function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

function run(binary: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${binary} failed: ${error.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

function chromiumArgs(profile: string, height: number): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    '--hide-scrollbars',
    `--force-device-scale-factor=${SCALE}`,
    `--window-size=${WIDTH},${height}`,
  ];
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const buf = readFileSync(file);
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

async function screenshot(chromium: string, html: string, png: string): Promise<void> {
  const url = pathToFileURL(html).href;
  const dom = await run(chromium, [...chromiumArgs(mkdtempSync(join(tmpdir(), 'murshid-chromium-')), 4000), '--dump-dom', url]);
  const measured = /data-height="(\d+)"/.exec(dom);
  if (!measured) throw new Error(`could not measure ${html} (no data-height in Chromium's DOM dump)`);
  const height = Number(measured[1]);
  await run(chromium, [...chromiumArgs(mkdtempSync(join(tmpdir(), 'murshid-chromium-')), height), `--screenshot=${png}`, url]);
  if (!existsSync(png)) throw new Error(`Chromium wrote no screenshot to ${png}`);
  const size = pngSize(png);
  if (size.height !== height * SCALE) console.warn(`  note: ${png} is ${size.height}px high, expected ${height * SCALE}px`);
}

// -- main -------------------------------------------------------------------------------------------

const chromium = findChromium();
if (!chromium) {
  console.error(
    'reply-picture: Chromium not found. Install it (Debian/Ubuntu: apt-get update && apt-get install -y chromium fonts-noto-core fonts-noto-color-emoji) or set CHROMIUM=/path/to/chromium.',
  );
  process.exit(1);
}

try {
  const content = loadContent();
  const ar = translator(loadUiStrings().ar, 'ar');
  // The weekly check-in DM as the scheduler sends it: a first one, with goals and action items.
  const checkin = checkinPrompt({
    t: ar,
    week: '2026-W49',
    openGoals: ['إنهاء موقع ⁨portfolio⁩ قبل آذار', 'فهم ⁨Context⁩ و⁨Redux⁩'],
    lastFocus: 'كتابة اختبارات للواجهة',
    actionItems: ['قسّم طلب الدمج (⁨PR⁩) إلى أجزاء أصغر'],
    first: true,
  });
  const dm = { embeds: checkin.embeds ?? [], components: (checkin.components ?? []) as RenderedMessage['components'] };
  const shots: Shot[] = [
    { file: 'reply-why.png', command: '/mentorship why', lang: 'en', base: 'auto', message: renderEntry(content, 'en', 'why') },
    { file: 'reply-platforms.png', command: '/platforms', lang: 'en', base: 'auto', message: renderPlatforms(content, 'en') },
    { file: 'reply-why-ar.png', command: '/mentorship why', lang: 'ar', base: 'auto', message: renderEntry(content, 'ar', 'why') },
    { file: 'reply-why-ar-ltr.png', command: '/mentorship why', lang: 'ar', base: 'ltr', message: renderEntry(content, 'ar', 'why') },
    { file: 'reply-find-ar-ltr.png', command: '/mentorship find', lang: 'ar', base: 'ltr', message: renderEntry(content, 'ar', 'find') },
    { file: 'checkin-dm-ar.png', command: '/checkin start', lang: 'ar', base: 'auto', message: dm },
    { file: 'checkin-dm-ar-ltr.png', command: '/checkin start', lang: 'ar', base: 'ltr', message: dm },
  ];
  const htmlDir = mkdtempSync(join(tmpdir(), 'murshid-reply-'));
  const docs = projectPath('docs');
  mkdirSync(docs, { recursive: true });
  for (const shot of shots) {
    const accent = `#${(shot.message.embeds[0]?.color ?? 0x5865f2).toString(16).padStart(6, '0')}`;
    const html = join(htmlDir, shot.file.replace(/\.png$/, '.html'));
    writeFileSync(html, pageHtml(shot, accent));
    const png = join(docs, shot.file);
    await screenshot(chromium, html, png);
    const { width, height } = pngSize(png);
    const bytes = statSync(png).size;
    console.log(`${relative(projectPath(), png)}: ${width}×${height}, ${Math.round(bytes / 1024)} KB (from ${html})`);
    if (bytes > MAX_BYTES) console.warn(`  warning: over ${MAX_BYTES / 1024} KB`);
  }
} catch (error) {
  console.error(`reply-picture: ${(error as Error).message}`);
  process.exit(1);
}
