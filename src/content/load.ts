import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { projectPath } from '../paths.js';
import { messageProblems, renderEntry, renderPlatforms } from './render.js';
import {
  BodySchema,
  ENTRY_IDS,
  expectedParent,
  isEntryId,
  FOCUSES,
  FrontMatterSchema,
  httpsUrl,
  LANGS,
  LangPlatformsFileSchema,
  REFERENCE_LANG,
  NeutralPlatformsFileSchema,
  type EntryField,
  type EntryId,
  type Focus,
  type Habit,
  type Lang,
  type LangPlatform,
  type LangPlatformsFile,
  type NeutralPlatformsFile,
} from './schema.js';

export { isLang, LANGS, REFERENCE_LANG, type Lang } from './schema.js';

export { langDirection } from '../i18n/index.js';

export interface Entry {
  readonly lang: Lang;
  readonly id: EntryId;
  readonly order: number;
  readonly title: string;
  readonly parent?: EntryId;
  /** One short line (≤ 100 characters) for autocomplete and previews. */
  readonly summary: string;
  /** Set on a platform's own entry: its figures, kinds of help and link come from the platform data. */
  readonly platform?: string;
  readonly fields: readonly EntryField[];
  /** Markdown: the embed description. */
  readonly body: string;
  /** Path of the source file, relative to the content folder's parent (e.g. `content/en/guide/why.md`). */
  readonly file: string;
}

/** A platform: the language-neutral facts merged with one language's texts. */
export interface Platform {
  readonly id: string;
  readonly url: string;
  readonly focus: readonly Focus[];
  readonly name: string;
  readonly builtBy: string;
  readonly summary: string;
  /** As the guide states them, e.g. "Over 169 expert mentors from 27 countries". */
  readonly facts: readonly string[];
  readonly button: string;
}

export interface PlatformsPage {
  readonly title: string;
  readonly intro: string;
  /** Contains `{focus}`. */
  readonly filtered: string;
  readonly noMatch: string;
  /** "As published by the platforms". */
  readonly note: string;
  readonly labels: LangPlatformsFile['labels'];
  readonly focusLabels: Readonly<Record<Focus, string>>;
}

export interface Content {
  /** The folder the content was read from. */
  readonly dir: string;
  /** Every entry id (an `EntryId`), in guide order (sub-sections count as entries). */
  readonly entryIds: readonly string[];
  /** Kinds of help for `/platforms focus:`, in the order of `content/platforms.yaml`. */
  readonly focuses: readonly Focus[];
  /** All entries of a language in guide order (English stands in for any the language lacks). */
  entries(lang: Lang): readonly Entry[];
  /** One entry; falls back to English if the language lacks it. Throws on an unknown id (see `isEntryId`). */
  entry(lang: Lang, id: string): Entry;
  /** The sub-sections of an entry, in guide order. */
  children(lang: Lang, id: string): readonly Entry[];
  /** Platforms (neutral facts merged with the language's texts), in file order. */
  platforms(lang: Lang): readonly Platform[];
  platform(lang: Lang, id: string): Platform | undefined;
  /** Platforms offering a kind of help. */
  platformsFor(lang: Lang, focus: Focus): readonly Platform[];
  platformsPage(lang: Lang): PlatformsPage;
  /** `/mentorship mentee habit:` → entry id. */
  habitEntryId(habit: Habit): EntryId;
}

/** Thrown by `loadContent`; the message lists every problem, one a line, each naming file and field. */
export class ContentError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Content is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` + problems.map((p) => `- ${p}`).join('\n'));
    this.name = 'ContentError';
    this.problems = problems;
  }
}

export function defaultContentDir(): string {
  return projectPath('content');
}

/** Reads and validates everything; throws a `ContentError` listing every problem. */
export function loadContent(dir: string = defaultContentDir()): Content {
  const { content, problems } = checkContent(dir);
  if (problems.length > 0) throw new ContentError(problems);
  return content;
}

/**
 * Reads and validates everything without throwing on content problems. `content` is built from
 * whatever parsed (with English standing in), so tools can still preview a broken tree.
 */
export function checkContent(dir: string = defaultContentDir()): { content: Content; problems: string[] } {
  const problems: string[] = [];
  const display = (file: string) => relative(dirname(dir), file).split(sep).join('/');
  const problem = (file: string, where: string, message: string) =>
    problems.push(`${display(file)}: ${where ? `${where}: ` : ''}${message}`);

  // -- language-neutral platforms ---------------------------------------------------------------
  const neutralFile = join(dir, 'platforms.yaml');
  const neutralParsed = parseYamlFile(neutralFile, NeutralPlatformsFileSchema, problem);
  const neutral = neutralParsed.data;
  if (neutral) checkNeutral(neutral, neutralFile, problem);
  // Platform ids, even from a file that failed validation, so every other check still runs.
  const neutralIds: string[] | undefined = neutral
    ? neutral.platforms.map((p) => p.id)
    : idsFrom(isRecord(neutralParsed.raw) && Array.isArray(neutralParsed.raw.platforms) ? neutralParsed.raw.platforms.map((p) => (isRecord(p) ? p.id : undefined)) : undefined);

  // -- per-language files -----------------------------------------------------------------------
  const entriesByLang = new Map<Lang, Map<EntryId, Entry>>();
  /** Ids that have a file in a language, valid or not (so a broken file is not also reported missing). */
  const filesByLang = new Map<Lang, Set<EntryId>>();
  const pagesByLang = new Map<Lang, LangPlatformsFile>();
  for (const lang of LANGS) {
    const langDir = join(dir, lang);
    if (!isDir(langDir)) {
      problem(langDir, '', `missing language folder (every language in ${LANGS.join(', ')} needs a full edition)`);
      entriesByLang.set(lang, new Map());
      filesByLang.set(lang, new Set());
      continue;
    }
    const read = readEntries(lang, join(langDir, 'guide'), display, problem);
    entriesByLang.set(lang, read.entries);
    filesByLang.set(lang, read.files);
    const pageFile = join(langDir, 'platforms.yaml');
    const page = parseYamlFile(pageFile, LangPlatformsFileSchema, problem);
    if (page.data) pagesByLang.set(lang, page.data);
    const pageIds = isRecord(page.raw) && isRecord(page.raw.platforms) ? Object.keys(page.raw.platforms) : undefined;
    if (pageIds && neutralIds) checkLangPlatformIds(pageIds, neutralIds, pageFile, problem);
    if (page.data) checkLangPlatformUrls(page.data, pageFile, problem);
  }

  // -- every language: the full set of entries, in guide order, with the guide's structure ------
  for (const lang of LANGS) {
    const entries = entriesByLang.get(lang)!;
    const guideDir = join(dir, lang, 'guide');
    for (const id of ENTRY_IDS) {
      if (!entries.has(id) && !filesByLang.get(lang)?.has(id)) {
        const others = LANGS.filter((l) => l !== lang && entriesByLang.get(l)?.has(id));
        problem(join(guideDir, `${id}.md`), '', `missing entry "${id}"${others.length ? ` (present in ${others.join(', ')})` : ''}`);
      }
    }
    const present = [...entries.values()];
    const byOrder = new Map<number, Entry>();
    let duplicateOrder = false;
    for (const e of present) {
      const clash = byOrder.get(e.order);
      if (clash) {
        duplicateOrder = true;
        problem(join(dirname(dir), e.file), 'order', `duplicate order ${e.order} (also used by ${clash.file})`);
      } else byOrder.set(e.order, e);
      if (e.platform !== undefined && neutralIds && !neutralIds.includes(e.platform)) {
        problem(join(dirname(dir), e.file), 'platform', `unknown platform "${e.platform}" (not in ${display(neutralFile)})`);
      }
    }
    const sorted = [...present].sort((a, b) => a.order - b.order).map((e) => e.id);
    const canonical = ENTRY_IDS.filter((id) => entries.has(id));
    sorted.forEach((id, i) => {
      if (canonical[i] !== id && !duplicateOrder) {
        const e = entries.get(id)!;
        problem(join(dirname(dir), e.file), 'order', `${e.order} puts "${id}" out of guide order (expected ${canonical.join(', ')})`);
      }
    });
  }

  // -- parity with the reference language --------------------------------------------------------
  const ref = entriesByLang.get(REFERENCE_LANG)!;
  for (const lang of LANGS) {
    if (lang === REFERENCE_LANG) continue;
    const entries = entriesByLang.get(lang)!;
    for (const [id, e] of entries) {
      const r = ref.get(id);
      if (!r) continue;
      const file = join(dirname(dir), e.file);
      if (e.order !== r.order) problem(file, 'order', `${e.order} differs from ${r.file} (${r.order})`);
      if (e.platform !== r.platform) problem(file, 'platform', `${JSON.stringify(e.platform ?? null)} differs from ${r.file} (${JSON.stringify(r.platform ?? null)})`);
      const keys = e.fields.map((f) => f.key);
      const refKeys = r.fields.map((f) => f.key);
      for (const k of refKeys) if (!keys.includes(k)) problem(file, 'fields', `missing key "${k}" (present in ${r.file})`);
      for (const k of keys) if (!refKeys.includes(k)) problem(file, 'fields', `extra key "${k}" (not in ${r.file})`);
      const common = keys.filter((k) => refKeys.includes(k));
      const refCommon = refKeys.filter((k) => keys.includes(k));
      if (common.join() !== refCommon.join()) problem(file, 'fields', `keys are in a different order from ${r.file} (${refCommon.join(', ')})`);
    }
    const page = pagesByLang.get(lang);
    const refPage = pagesByLang.get(REFERENCE_LANG);
    if (page && refPage) {
      for (const [pid, p] of Object.entries(page.platforms)) {
        const rp = refPage.platforms[pid];
        if (rp && rp.facts.length !== p.facts.length) {
          problem(join(dir, lang, 'platforms.yaml'), `platforms.${pid}.facts`, `has ${p.facts.length} items, ${REFERENCE_LANG} has ${rp.facts.length}`);
        }
      }
    }
  }

  const content = buildContent(dir, neutral, entriesByLang, pagesByLang);

  // -- what Discord will receive: limits on the rendered messages --------------------------------
  for (const lang of LANGS) {
    const entries = entriesByLang.get(lang)!;
    for (const [id, e] of entries) {
      if (e.platform !== undefined && !content.platform(lang, e.platform)) continue;
      try {
        for (const p of messageProblems(renderEntry(content, lang, id))) problem(join(dirname(dir), e.file), 'rendered', p);
      } catch (err) {
        problem(join(dirname(dir), e.file), 'rendered', `cannot render: ${(err as Error).message}`);
      }
    }
    if (!pagesByLang.has(lang) || !neutral) continue;
    const pageFile = join(dir, lang, 'platforms.yaml');
    for (const focus of [undefined, ...content.focuses]) {
      try {
        for (const p of messageProblems(renderPlatforms(content, lang, focus))) {
          problem(pageFile, `rendered /platforms${focus ? ` focus:${focus}` : ''}`, p);
        }
      } catch (err) {
        problem(pageFile, 'rendered', `cannot render: ${(err as Error).message}`);
      }
    }
  }

  return { content, problems: [...new Set(problems)] };
}

// ------------------------------------------------------------------------------------------------

type Report = (file: string, where: string, message: string) => void;

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out;
}

function reportIssues(file: string, issues: readonly z.core.$ZodIssue[], data: unknown, problem: Report, prefix = ''): void {
  for (const issue of issues) {
    let where = prefix + formatPath(issue.path);
    // Name the field's key when the issue is inside `fields[i]`, so a reader finds it without counting.
    if (issue.path[0] === 'fields' && typeof issue.path[1] === 'number') {
      const key = (data as { fields?: { key?: unknown }[] } | undefined)?.fields?.[issue.path[1]]?.key;
      if (typeof key === 'string') where += ` (key "${key}")`;
    }
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    problem(file, where, message);
  }
}

function parseYamlText(text: string, file: string, problem: Report): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) problem(file, 'YAML', err.message.split('\n')[0] ?? err.message);
    return undefined;
  }
  return doc.toJS();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idsFrom(values: unknown[] | undefined): string[] | undefined {
  return values?.filter((v): v is string => typeof v === 'string');
}

/** `raw` is the YAML as parsed (for best-effort checks when `data`, the validated form, is missing). */
function parseYamlFile<S extends z.ZodType>(file: string, schema: S, problem: Report): { raw: unknown; data?: z.output<S> } {
  if (!existsSync(file)) {
    problem(file, '', 'missing file');
    return { raw: undefined };
  }
  const raw = parseYamlText(readFileSync(file, 'utf8'), file, problem);
  if (raw === undefined) return { raw };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    reportIssues(file, parsed.error.issues, raw, problem);
    return { raw };
  }
  return { raw, data: parsed.data };
}

function checkNeutral(neutral: NeutralPlatformsFile, file: string, problem: Report): void {
  const seenFocus = new Set<Focus>();
  neutral.focuses.forEach((f, i) => {
    if (seenFocus.has(f)) problem(file, `focuses[${i}]`, `duplicate focus "${f}"`);
    seenFocus.add(f);
  });
  for (const f of FOCUSES) if (!seenFocus.has(f)) problem(file, 'focuses', `missing focus "${f}"`);
  const seen = new Set<string>();
  neutral.platforms.forEach((p, i) => {
    if (seen.has(p.id)) problem(file, `platforms[${i}].id`, `duplicate platform id "${p.id}"`);
    seen.add(p.id);
    p.focus.forEach((f, j) => {
      if (p.focus.indexOf(f) !== j) problem(file, `platforms[${i}].focus[${j}]`, `duplicate focus "${f}"`);
    });
  });
  for (const f of FOCUSES) {
    if (!neutral.platforms.some((p) => p.focus.includes(f))) problem(file, 'platforms', `no platform offers focus "${f}"`);
  }
}

function checkLangPlatformIds(pageIds: readonly string[], neutralIds: readonly string[], file: string, problem: Report): void {
  for (const id of neutralIds) {
    if (!pageIds.includes(id)) problem(file, 'platforms', `missing platform "${id}" (defined in platforms.yaml)`);
  }
  for (const id of pageIds) {
    if (!neutralIds.includes(id)) problem(file, `platforms.${id}`, `unknown platform "${id}" (not in platforms.yaml)`);
  }
}

function checkLangPlatformUrls(page: LangPlatformsFile, file: string, problem: Report): void {
  const texts: [string, string][] = [
    ['title', page.title],
    ['intro', page.intro],
    ['note', page.note],
    ...Object.entries(page.platforms).flatMap(([id, p]): [string, string][] => [
      [`platforms.${id}.summary`, p.summary],
      ...p.facts.map((f, i): [string, string] => [`platforms.${id}.facts[${i}]`, f]),
    ]),
  ];
  for (const [where, t] of texts) checkUrlsIn(t, file, where, problem);
}

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n([\s\S]*))?$/;

/** Splits a Markdown file into its YAML front-matter and body. */
export function splitFrontMatter(source: string): { frontMatter: string; body: string } | undefined {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = FRONT_MATTER.exec(text);
  if (!m) return undefined;
  return { frontMatter: m[1] ?? '', body: (m[2] ?? '').trim() };
}

function readEntries(
  lang: Lang,
  guideDir: string,
  display: (f: string) => string,
  problem: Report,
): { entries: Map<EntryId, Entry>; files: Set<EntryId> } {
  const entries = new Map<EntryId, Entry>();
  const files = new Set<EntryId>();
  if (!isDir(guideDir)) {
    problem(guideDir, '', 'missing guide folder');
    return { entries, files };
  }
  for (const name of readdirSync(guideDir).sort()) {
    const file = join(guideDir, name);
    if (!name.endsWith('.md')) {
      problem(file, '', 'unexpected file (guide entries are <id>.md)');
      continue;
    }
    const stem = basename(name, '.md');
    if (isEntryId(stem)) files.add(stem);
    const split = splitFrontMatter(readFileSync(file, 'utf8'));
    if (!split) {
      problem(file, '', 'must start with YAML front-matter between two "---" lines');
      continue;
    }
    const raw = parseYamlText(split.frontMatter, file, problem);
    if (raw === undefined) continue;
    const fm = FrontMatterSchema.safeParse(raw);
    const body = BodySchema.safeParse(split.body);
    if (!body.success) reportIssues(file, body.error.issues, undefined, problem, 'body (embed description)');
    if (!fm.success) reportIssues(file, fm.error.issues, raw, problem);
    checkUrlsIn(split.body, file, 'body', problem);

    // Checks that do not need a valid file, so one broken value does not hide the others.
    const obj = isRecord(raw) ? raw : {};
    const id = typeof obj.id === 'string' ? obj.id : undefined;
    if (id !== undefined && isEntryId(id) && id !== stem) problem(file, 'id', `"${id}" does not match the file name (expected ${id}.md)`);
    if (isEntryId(stem) && (id === undefined || id === stem)) {
      const parent = expectedParent(stem);
      if (obj.parent !== parent) problem(file, 'parent', parent ? `must be "${parent}"` : `"${stem}" is a top-level section and has no parent`);
    }
    const rawFields = Array.isArray(obj.fields) ? obj.fields : [];
    const keys = new Set<string>();
    rawFields.forEach((f, i) => {
      const key = isRecord(f) && typeof f.key === 'string' ? f.key : undefined;
      if (key === undefined) return;
      if (keys.has(key)) problem(file, `fields[${i}].key`, `duplicate key "${key}"`);
      keys.add(key);
      for (const part of ['name', 'value'] as const) {
        const t = isRecord(f) ? f[part] : undefined;
        if (typeof t === 'string') checkUrlsIn(t, file, `fields[${i}].${part} (key "${key}")`, problem);
      }
    });

    if (!fm.success || !body.success) continue;
    const data = fm.data;
    if (data.id !== stem) continue;
    entries.set(data.id, {
      lang,
      id: data.id,
      order: data.order,
      title: data.title,
      ...(data.parent !== undefined ? { parent: data.parent } : {}),
      summary: data.summary,
      ...(data.platform !== undefined ? { platform: data.platform } : {}),
      fields: data.fields,
      body: body.data,
      file: display(file),
    });
  }
  return { entries, files };
}

/** Finds URLs in Markdown text: `[text](url)`, `<url>` and bare `http(s)://…`. */
export function urlsIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\]\(([^)\s]*)\)/g)) found.push(m[1] ?? '');
  for (const m of text.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]*)>/gi)) found.push(m[1] ?? '');
  const stripped = text.replace(/\]\([^)\s]*\)/g, '](…)').replace(/<[a-z][a-z0-9+.-]*:[^>\s]*>/gi, '');
  for (const m of stripped.matchAll(/\b[a-z]+:\/\/[^\s<>()\u2068\u2069]+|\bhttps?:\/?[^\s<>()\u2068\u2069]*/gi)) found.push(m[0]);
  return [...new Set(found)];
}

function checkUrlsIn(text: string, file: string, where: string, problem: Report): void {
  for (const url of urlsIn(text)) {
    if (!httpsUrl.safeParse(url).success) problem(file, where, `bad URL ${JSON.stringify(url)} (must be an https URL with a domain name)`);
  }
}

function buildContent(
  dir: string,
  neutral: NeutralPlatformsFile | undefined,
  entriesByLang: Map<Lang, Map<EntryId, Entry>>,
  pagesByLang: Map<Lang, LangPlatformsFile>,
): Content {
  const refEntries = entriesByLang.get(REFERENCE_LANG) ?? new Map<EntryId, Entry>();
  const entryIds = ENTRY_IDS.filter((id) => refEntries.has(id) || LANGS.some((l) => entriesByLang.get(l)?.has(id)));

  const ordered = new Map<Lang, Entry[]>();
  for (const lang of LANGS) {
    const own = entriesByLang.get(lang) ?? new Map<EntryId, Entry>();
    const list: Entry[] = [];
    for (const id of entryIds) {
      const e = own.get(id) ?? refEntries.get(id) ?? LANGS.map((l) => entriesByLang.get(l)?.get(id)).find((x) => x);
      if (e) list.push(e);
    }
    ordered.set(lang, list);
  }

  const pageFor = (lang: Lang): LangPlatformsFile | undefined => pagesByLang.get(lang) ?? pagesByLang.get(REFERENCE_LANG) ?? [...pagesByLang.values()][0];

  const merged = new Map<Lang, Platform[]>();
  for (const lang of LANGS) {
    const list: Platform[] = [];
    for (const n of neutral?.platforms ?? []) {
      const texts: LangPlatform | undefined = pagesByLang.get(lang)?.platforms[n.id] ?? pagesByLang.get(REFERENCE_LANG)?.platforms[n.id];
      if (!texts) continue;
      list.push({ id: n.id, url: n.url, focus: n.focus, ...texts });
    }
    merged.set(lang, list);
  }

  const focuses: readonly Focus[] = neutral ? [...new Set(neutral.focuses)] : FOCUSES;

  return {
    dir,
    entryIds,
    focuses,
    entries: (lang) => ordered.get(lang) ?? [],
    entry(lang, id) {
      const e = ordered.get(lang)?.find((x) => x.id === id);
      if (!e) throw new Error(`no guide entry "${id}"`);
      return e;
    },
    children: (lang, id) => (ordered.get(lang) ?? []).filter((e) => e.parent === id),
    platforms: (lang) => merged.get(lang) ?? [],
    platform: (lang, id) => merged.get(lang)?.find((p) => p.id === id),
    platformsFor: (lang, focus) => (merged.get(lang) ?? []).filter((p) => p.focus.includes(focus)),
    platformsPage(lang) {
      const page = pageFor(lang);
      if (!page) throw new Error('no platforms page texts');
      const { platforms: _platforms, ...texts } = page;
      return texts;
    },
    habitEntryId: (habit) => `mentee-${habit}`,
  };
}
