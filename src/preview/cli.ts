import { LANGS, isLang, type Lang } from '../content/load.js';
import { HABITS, isFocus, isHabit } from '../content/schema.js';
import { formatItem, formatReport, makeStyle } from './format.js';
import { allItems, itemProblems, loadSources, MENTORSHIP_SUBCOMMANDS, renderRequest, type MentorshipSubcommand, type PreviewRequest, type PreviewSources } from './items.js';

export const USAGE = `Usage: npm run preview -- <command> [subcommand] [options]

Prints what Murshid would reply, without Discord or the database, with each count against Discord's limits.

  mentorship intro|why|find        a guide section, as /mentorship shows it
  mentorship mentee [--habit H]    how to be a good mentee, or one habit (${HABITS.join(', ')})
  platforms [--focus F]            /platforms, optionally filtered by a kind of help
  guide post --section ID          the excerpt /guide post puts in a channel
  checkin dm [--longest]           the weekly check-in DM (first-time variant, sample goals;
                                   --longest: every stored text at its longest)
  checkin modal                    the check-in form (labels max 45)
  --all                            everything above, every language: OK or each problem; exit 1 if any

Options: --lang ${LANGS.join('|')} (default en), --help.
Exit codes: 0 fine, 1 something is over a limit, 2 usage error.
`;

/** A usage mistake: one line saying what is wrong and what is available. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type ParsedArgs = { kind: 'help' } | { kind: 'all'; langs: readonly Lang[] } | { kind: 'one'; request: PreviewRequest };

const COMMANDS = ['mentorship', 'platforms', 'guide', 'checkin'] as const;
const SUBCOMMANDS: Record<(typeof COMMANDS)[number], readonly string[]> = {
  mentorship: MENTORSHIP_SUBCOMMANDS,
  platforms: [],
  guide: ['post'],
  checkin: ['dm', 'modal'],
};

const list = (items: readonly string[]) => items.join(', ');

/**
 * Parses `<command> [subcommand] [--option value | --option=value]…`. Needs the content only to
 * know the valid sections and kinds of help. Throws a `UsageError` (one line) on anything unknown.
 */
export function parseArgs(argv: readonly string[], known: { sections: readonly string[]; focuses: readonly string[] }): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const VALUED = new Set(['lang', 'focus', 'habit', 'section']);
  const FLAGS = new Set(['all', 'help', 'longest']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') {
      options.set('help', true);
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (VALUED.has(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '' || value.startsWith('--')) throw new UsageError(`option --${name} needs a value${valuesHint(name, known)}`);
      if (options.has(name)) throw new UsageError(`option --${name} is given twice`);
      options.set(name, value);
    } else if (FLAGS.has(name) && eq === -1) {
      options.set(name, true);
    } else {
      // Reported once the command is known, with the options that command takes.
      options.set(name, true);
    }
  }
  if (options.has('help')) return { kind: 'help' };

  const langValue = options.get('lang');
  let lang: Lang = 'en';
  if (typeof langValue === 'string') {
    if (!isLang(langValue)) throw new UsageError(`unknown language "${langValue}"; available: ${list(LANGS)}`);
    lang = langValue;
  }

  if (options.has('all')) {
    if (positional.length > 0) throw new UsageError(`--all takes no command (got "${positional.join(' ')}"); use it alone, or with --lang`);
    const extra = [...options.keys()].filter((k) => k !== 'all' && k !== 'lang');
    if (extra.length > 0) throw new UsageError(`--all takes only --lang (got --${extra.join(', --')})`);
    return { kind: 'all', langs: typeof langValue === 'string' ? [lang] : LANGS };
  }

  const ALL = ['all', 'lang', 'habit', 'focus', 'section', 'longest', 'help'];
  const [command, sub, ...rest] = positional;
  if (command === undefined) {
    const unknown = [...options.keys()].find((k) => !ALL.includes(k));
    if (unknown !== undefined) throw new UsageError(`unknown option --${unknown}; available: ${ALL.map((a) => `--${a}`).join(', ')}`);
  }
  if (command === undefined) throw new UsageError(`missing command; available: ${list(COMMANDS)}, or --all`);
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`unknown command "${command}"; available: ${list(COMMANDS)}, or --all`);
  const cmd = command as (typeof COMMANDS)[number];
  const subs = SUBCOMMANDS[cmd];
  if (subs.length > 0 && sub === undefined) throw new UsageError(`"${cmd}" needs a subcommand; available: ${list(subs)}`);
  if (sub !== undefined && !subs.includes(sub)) {
    throw new UsageError(subs.length > 0 ? `unknown subcommand "${cmd} ${sub}"; available: ${list(subs)}` : `"${cmd}" takes no subcommand (got "${sub}"); options: --focus, --lang`);
  }
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}" after "${cmd} ${sub}"`);
  const where = sub === undefined ? cmd : `${cmd} ${sub}`;

  /** Rejects options the command does not take. */
  const allow = (...names: string[]) => {
    const allowed = ['lang', ...names];
    for (const name of options.keys()) {
      if (!allowed.includes(name)) throw new UsageError(`unknown option --${name} for "${where}"; available: ${allowed.map((a) => `--${a}`).join(', ')}`);
    }
  };
  const value = (name: string) => {
    const v = options.get(name);
    return typeof v === 'string' ? v : undefined;
  };

  switch (cmd) {
    case 'mentorship': {
      const s = sub as MentorshipSubcommand;
      if (s !== 'mentee') {
        allow();
        return { kind: 'one', request: { command: 'mentorship', sub: s, lang } };
      }
      allow('habit');
      const habit = value('habit');
      if (habit !== undefined && !isHabit(habit)) throw new UsageError(`unknown habit "${habit}"; available: ${list(HABITS)}`);
      return { kind: 'one', request: { command: 'mentorship', sub: s, lang, ...(habit ? { habit } : {}) } };
    }
    case 'platforms': {
      allow('focus');
      const focus = value('focus');
      if (focus !== undefined && (!isFocus(focus) || !known.focuses.includes(focus))) throw new UsageError(`unknown focus "${focus}"; available: ${list(known.focuses)}`);
      return { kind: 'one', request: { command: 'platforms', lang, ...(focus !== undefined && isFocus(focus) ? { focus } : {}) } };
    }
    case 'guide': {
      allow('section');
      const section = value('section');
      if (section === undefined) throw new UsageError(`"guide post" needs --section; available: ${list(known.sections)}`);
      if (!known.sections.includes(section)) throw new UsageError(`unknown section "${section}"; available: ${list(known.sections)}`);
      return { kind: 'one', request: { command: 'guide', section, lang } };
    }
    case 'checkin':
      if (sub === 'dm') {
        allow('longest');
        return { kind: 'one', request: { command: 'checkin-dm', lang, ...(options.has('longest') ? { longest: true } : {}) } };
      }
      allow();
      return { kind: 'one', request: { command: 'checkin-modal', lang } };
  }
}

function valuesHint(name: string, known: { sections: readonly string[]; focuses: readonly string[] }): string {
  const values: Record<string, readonly string[]> = { lang: LANGS, habit: HABITS, focus: known.focuses, section: known.sections };
  const v = values[name];
  return v ? `; available: ${list(v)}` : '';
}

export interface PreviewResult {
  stdout: string;
  stderr: string;
  /** 0 fine, 1 over a limit (or content that cannot be read), 2 usage error. */
  code: 0 | 1 | 2;
}

export interface PreviewOptions {
  /** ANSI colours (the script turns them on only when stdout is a terminal). */
  color?: boolean;
  /** Content and UI strings; read from the project's `content/` folder when omitted. */
  sources?: PreviewSources;
  /** The clock for the sample week. */
  now?: number;
}

/** `npm run preview -- …` without the process: returns what to print and the exit code. */
export function runPreview(argv: readonly string[], options: PreviewOptions = {}): PreviewResult {
  const s = makeStyle(options.color ?? false);
  let sources: PreviewSources;
  try {
    sources = options.sources ?? loadSources();
  } catch (error) {
    return { stdout: '', stderr: `preview: cannot read the content: ${(error as Error).message}\n`, code: 1 };
  }
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(argv, { sections: sources.content.entryIds, focuses: sources.content.focuses });
  } catch (error) {
    if (error instanceof UsageError) return { stdout: '', stderr: `preview: ${error.message} (see --help)\n`, code: 2 };
    throw error;
  }
  const render = options.now !== undefined ? { now: options.now } : {};

  if (parsed.kind === 'help') return { stdout: USAGE, stderr: '', code: 0 };

  if (parsed.kind === 'all') {
    const items = allItems(sources, parsed.langs, render);
    const report = formatReport(items, s, { contentProblems: sources.contentProblems, uiWarnings: sources.uiWarnings });
    return { stdout: report.text, stderr: '', code: report.failed > 0 ? 1 : 0 };
  }

  let stderr = '';
  if (sources.contentProblems.length > 0) stderr += `preview: warning: the content has ${sources.contentProblems.length} problem(s); run --all to list them\n`;
  const lang = parsed.request.lang;
  const langWarnings = sources.uiWarnings.filter((w) => w.startsWith(`${lang}/`));
  if (langWarnings.length > 0 && parsed.request.command.startsWith('checkin')) {
    stderr += `preview: warning: ${lang}/ui.json is inconsistent with English (${langWarnings.length} problem(s)); missing keys are shown in English; run --all to list them\n`;
  }
  try {
    const item = renderRequest(sources, parsed.request, render);
    return { stdout: formatItem(item, s), stderr, code: itemProblems(item).length > 0 ? 1 : 0 };
  } catch (error) {
    return { stdout: '', stderr: `${stderr}preview: cannot render: ${(error as Error).message}\n`, code: 1 };
  }
}
