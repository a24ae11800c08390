import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkinModal, checkinPrompt } from '../checkins/prompt.js';
import { checkContent, defaultContentDir, LANGS, type Content, type Lang } from '../content/load.js';
import { renderEntry, renderPlatforms } from '../content/render.js';
import { HABITS, type Focus, type Habit } from '../content/schema.js';
import { flatStrings, loadUiStrings, translator, UiStringsError, type Translate, type UiStrings } from '../i18n/index.js';
import { ACTION_ITEMS_MAX, CHECKIN_ANSWER_LIMITS, GOAL_TEXT_MAX } from '../store/records.js';
import { isoWeekKey } from '../time/index.js';
import { messageLimitProblems, modalLimitProblems, uiStringProblems, type MessageLike, type ModalLike } from './limits.js';

/** What the previews are made from: the content tree and the UI strings, read from disk once. */
export interface PreviewSources {
  content: Content;
  ui: Record<Lang, UiStrings>;
  /** The content folder they came from. */
  dir: string;
  /** Content-file problems `checkContent` found, other than the rendered-message limits the preview checks itself. */
  contentProblems: string[];
  /**
   * UI-string inconsistencies (`loadUiStrings` refused the files): missing keys fall back to
   * English so the previews still render. Not a Discord limit, but the bot refuses to start.
   */
  uiWarnings: string[];
}

/** Reads content and UI strings without throwing on their problems (they are reported instead). */
export function loadSources(dir: string = defaultContentDir()): PreviewSources {
  const { content, problems } = checkContent(dir);
  // `checkContent` also checks rendered messages; the preview reports those per item.
  const contentProblems = problems.filter((p) => !/^[^:]*: rendered\b/.test(p));
  const { ui, warnings } = readUi(dir);
  return { content, ui, dir, contentProblems, uiWarnings: warnings };
}

function readUi(dir: string): { ui: Record<Lang, UiStrings>; warnings: string[] } {
  try {
    return { ui: loadUiStrings(dir), warnings: [] };
  } catch (error) {
    if (!(error instanceof UiStringsError)) throw error;
    const warnings = error.message.split('\n').slice(1).map((line) => line.replace(/^- /, ''));
    const read = (lang: Lang): Record<string, string> => {
      const file = join(dir, lang, 'ui.json');
      if (!existsSync(file)) return {};
      const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
      return typeof raw === 'object' && raw !== null ? Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) : {};
    };
    const english = read('en') as UiStrings;
    const ui = {} as Record<Lang, UiStrings>;
    for (const lang of LANGS) ui[lang] = { ...english, ...read(lang) } as UiStrings;
    return { ui, warnings };
  }
}

// ------------------------------------------------------------------------------------------------
// What can be previewed

/** `/mentorship` subcommands and the guide entry each shows. */
export const MENTORSHIP_SUBCOMMANDS = ['intro', 'why', 'find', 'mentee'] as const;
export type MentorshipSubcommand = (typeof MENTORSHIP_SUBCOMMANDS)[number];

export type PreviewRequest =
  | { command: 'mentorship'; sub: MentorshipSubcommand; habit?: Habit; lang: Lang }
  | { command: 'platforms'; focus?: Focus; lang: Lang }
  | { command: 'guide'; section: string; lang: Lang }
  | { command: 'checkin-dm'; lang: Lang; longest?: boolean }
  | { command: 'checkin-modal'; lang: Lang };

export type PreviewItem =
  | { name: string; lang: Lang; kind: 'message'; message: MessageLike; note?: string }
  | { name: string; lang: Lang; kind: 'modal'; modal: ModalLike; note?: string }
  | { name: string; lang: Lang; kind: 'strings'; strings: Readonly<Record<string, string>>; file: string; note?: string };

/** The command line that previews a request (also the item's name in `--all`). */
export function requestName(r: PreviewRequest): string {
  switch (r.command) {
    case 'mentorship':
      return `mentorship ${r.sub}${r.habit ? ` --habit ${r.habit}` : ''}`;
    case 'platforms':
      return `platforms${r.focus ? ` --focus ${r.focus}` : ''}`;
    case 'guide':
      return `guide post --section ${r.section}`;
    case 'checkin-dm':
      return `checkin dm${r.longest ? ' --longest' : ''}`;
    case 'checkin-modal':
      return 'checkin modal';
  }
}

/** A fixed instant for the sample week, so previews and tests are repeatable unless a clock is given. */
export const SAMPLE_NOW = Date.UTC(2026, 10, 23, 17, 0);

/** What a member might have written: goals, last week's focus, a mentor session's action items. */
const SAMPLES: Record<Lang, { goals: string[]; focus: string; actionItems: string[] }> = {
  en: {
    goals: ['Ship the login page of my portfolio project', 'Read two chapters of "Designing Data-Intensive Applications"', 'Apply to three junior frontend roles'],
    focus: 'Finish the authentication flow and write its tests',
    actionItems: ['Split the API client into its own module; add error handling for timeouts', 'Prepare two questions about code review for the next session'],
  },
  ar: {
    goals: ['إطلاق صفحة تسجيل الدخول في مشروعي الشخصي', 'قراءة فصلين من كتاب عن تصميم الأنظمة', 'التقديم على ثلاث وظائف مبتدئة في الواجهات الأمامية'],
    focus: 'إنهاء مسار تسجيل الدخول وكتابة اختباراته',
    actionItems: ['فصل عميل الواجهة البرمجية في وحدة مستقلة ومعالجة انتهاء المهلة', 'تحضير سؤالين عن مراجعة الشيفرة للجلسة القادمة'],
  },
};

export interface RenderOptions {
  /** The clock for the sample week (default: `SAMPLE_NOW`). */
  now?: number;
}

function translate(sources: PreviewSources, lang: Lang): Translate {
  return translator(sources.ui[lang], lang);
}

/** Renders one request exactly as the bot's code would (renderers, `checkinPrompt`, `checkinModal`). */
export function renderRequest(sources: PreviewSources, r: PreviewRequest, options: RenderOptions = {}): PreviewItem {
  const { content } = sources;
  const name = requestName(r);
  const week = isoWeekKey(options.now ?? SAMPLE_NOW, 'UTC');
  switch (r.command) {
    case 'mentorship': {
      const id = r.sub === 'mentee' && r.habit ? content.habitEntryId(r.habit) : r.sub;
      return { name, lang: r.lang, kind: 'message', message: renderEntry(content, r.lang, id), note: `guide entry "${id}"` };
    }
    case 'platforms':
      return { name, lang: r.lang, kind: 'message', message: renderPlatforms(content, r.lang, r.focus) };
    case 'guide':
      return { name, lang: r.lang, kind: 'message', message: renderEntry(content, r.lang, r.section), note: 'the excerpt posted in the channel' };
    case 'checkin-dm': {
      const sample = SAMPLES[r.lang];
      const longest = r.longest === true;
      const message = checkinPrompt({
        t: translate(sources, r.lang),
        week,
        // The job passes every open goal; the prompt shows ten.
        openGoals: longest ? Array.from({ length: 25 }, (_, i) => fill(`${i + 1}. ${sample.goals[i % sample.goals.length]!} `, GOAL_TEXT_MAX)) : sample.goals,
        lastFocus: longest ? fill(sample.focus + ' ', CHECKIN_ANSWER_LIMITS.focus) : sample.focus,
        actionItems: longest ? Array.from({ length: 3 }, (_, i) => fill(`${sample.actionItems[i % sample.actionItems.length]!} `, ACTION_ITEMS_MAX)) : sample.actionItems,
        first: true,
      });
      const note = longest
        ? `first-time variant, week ${week}, every stored text at its longest (goals ${GOAL_TEXT_MAX}, focus ${CHECKIN_ANSWER_LIMITS.focus}, action items ${ACTION_ITEMS_MAX})`
        : `first-time variant, week ${week}, sample goals, last focus and action items`;
      return { name, lang: r.lang, kind: 'message', message, note };
    }
    case 'checkin-modal':
      return { name, lang: r.lang, kind: 'modal', modal: checkinModal(translate(sources, r.lang), week), note: `week ${week}, no earlier answer` };
  }
}

/** Repeats `text` to exactly `length` characters. */
function fill(text: string, length: number): string {
  return text.repeat(Math.ceil(length / Math.max(1, text.length))).slice(0, length);
}

/** The `/mentorship` command that shows a guide entry, if one does. */
export function mentorshipAlias(id: string): string | undefined {
  if ((MENTORSHIP_SUBCOMMANDS as readonly string[]).includes(id)) return `mentorship ${id}`;
  const habit = HABITS.find((h) => `mentee-${h}` === id);
  return habit ? `mentorship mentee --habit ${habit}` : undefined;
}

/** Everything `--all` covers, in every language (or the given ones). */
export function allRequests(sources: PreviewSources, langs: readonly Lang[] = LANGS): PreviewRequest[] {
  const out: PreviewRequest[] = [];
  for (const lang of langs) {
    for (const section of sources.content.entryIds) out.push({ command: 'guide', section, lang });
    out.push({ command: 'platforms', lang });
    for (const focus of sources.content.focuses) out.push({ command: 'platforms', focus, lang });
    out.push({ command: 'checkin-dm', lang });
    out.push({ command: 'checkin-dm', lang, longest: true });
    out.push({ command: 'checkin-modal', lang });
  }
  return out;
}

/** Renders everything `--all` covers; a request that throws becomes an item with that problem. */
export function allItems(sources: PreviewSources, langs: readonly Lang[] = LANGS, options: RenderOptions = {}): (PreviewItem | FailedItem)[] {
  const items: (PreviewItem | FailedItem)[] = [];
  for (const r of allRequests(sources, langs)) {
    try {
      const item = renderRequest(sources, r, options);
      if (r.command === 'guide') {
        const alias = mentorshipAlias(r.section);
        if (alias) item.note = `also ${alias}`;
        else delete item.note;
      }
      items.push(item);
    } catch (error) {
      items.push({ name: requestName(r), lang: r.lang, kind: 'failed', error: (error as Error).message });
    }
  }
  for (const lang of langs) items.push({ name: 'ui strings', lang, kind: 'strings', strings: flatStrings(sources.ui[lang]), file: `${lang}/ui.json` });
  return items;
}

/** A request that could not be rendered at all. */
export interface FailedItem {
  name: string;
  lang: Lang;
  kind: 'failed';
  error: string;
}

/** Every limit an item breaks (empty when it is fine). */
export function itemProblems(item: PreviewItem | FailedItem): string[] {
  switch (item.kind) {
    case 'message':
      return messageLimitProblems(item.message);
    case 'modal':
      return modalLimitProblems(item.modal);
    case 'strings':
      return uiStringProblems(item.strings, item.file);
    case 'failed':
      return [`cannot render: ${item.error}`];
  }
}
