import { z } from 'zod';
import { DISCORD_LIMITS } from '../text/limits.js';

import { DEFAULT_LANG, LANGUAGES, type Lang } from '../i18n/index.js';

export type { Lang };
export const LANGS: readonly Lang[] = LANGUAGES;
/** The reference edition every other language is checked against. */
export const REFERENCE_LANG: Lang = DEFAULT_LANG;

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/** The guide's sections and sub-sections, in guide order. The file set must match this list exactly. */
export const GUIDE_STRUCTURE = [
  { id: 'intro' },
  { id: 'why' },
  { id: 'find' },
  { id: 'find-mentory', parent: 'find' },
  { id: 'find-prohelpify', parent: 'find' },
  { id: 'mentee' },
  { id: 'mentee-ready', parent: 'mentee' },
  { id: 'mentee-consistent', parent: 'mentee' },
  { id: 'mentee-listen', parent: 'mentee' },
  { id: 'mentee-progress', parent: 'mentee' },
  { id: 'mentee-give-back', parent: 'mentee' },
] as const satisfies readonly { id: string; parent?: string }[];

export type EntryId = (typeof GUIDE_STRUCTURE)[number]['id'];
export const ENTRY_IDS: readonly EntryId[] = GUIDE_STRUCTURE.map((e) => e.id);

export function isEntryId(value: string): value is EntryId {
  return (ENTRY_IDS as readonly string[]).includes(value);
}

/** The expected parent of each entry (undefined for top-level sections). */
export function expectedParent(id: EntryId): EntryId | undefined {
  const found = GUIDE_STRUCTURE.find((e) => e.id === id);
  return found && 'parent' in found ? found.parent : undefined;
}

/** `/mentorship mentee habit:` values, in guide order. */
export const HABITS = ['ready', 'consistent', 'listen', 'progress', 'give-back'] as const;
export type Habit = (typeof HABITS)[number];

export function isHabit(value: string): value is Habit {
  return (HABITS as readonly string[]).includes(value);
}

/** `/platforms focus:` values: kinds of help. */
export const FOCUSES = ['technical', 'career', 'academic', 'startup', 'interview'] as const;
export type Focus = (typeof FOCUSES)[number];

export function isFocus(value: string): value is Focus {
  return (FOCUSES as readonly string[]).includes(value);
}

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug (a-z, 0-9, single dashes)')
  .max(64);

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const httpsUrl = z.url({
  protocol: /^https$/,
  hostname: z.regexes.domain,
  error: 'must be an https URL with a domain name',
});

// ---------------------------------------------------------------------------------------------
// content/platforms.yaml (language-neutral)

export const NeutralPlatformSchema = z.strictObject({
  id: slug,
  url: httpsUrl,
  focus: z.array(z.enum(FOCUSES)).min(1, 'must list at least one focus'),
});

export const NeutralPlatformsFileSchema = z.strictObject({
  focuses: z.array(z.enum(FOCUSES)).min(1),
  platforms: z.array(NeutralPlatformSchema).min(1).max(DISCORD_LIMITS.embedFields),
});
export type NeutralPlatformsFile = z.infer<typeof NeutralPlatformsFileSchema>;

// ---------------------------------------------------------------------------------------------
// content/<lang>/platforms.yaml

export const LangPlatformSchema = z.strictObject({
  name: text(100),
  builtBy: text(200),
  summary: text(300),
  facts: z.array(text(200)).min(1).max(10),
  button: text(DISCORD_LIMITS.buttonLabel),
});
export type LangPlatform = z.infer<typeof LangPlatformSchema>;

export const LangPlatformsFileSchema = z.strictObject({
  title: text(DISCORD_LIMITS.embedTitle),
  intro: text(1000),
  /** Shown above the list when `/platforms focus:` is given; `{focus}` is replaced by the focus label. */
  filtered: text(200).refine((s) => s.includes('{focus}'), 'must contain the placeholder {focus}'),
  /** Shown when no platform offers the chosen focus. */
  noMatch: text(300),
  /** The figures are as published by the platforms; the guide gives no date. */
  note: text(DISCORD_LIMITS.footerText),
  labels: z.strictObject({
    builtBy: text(50),
    focus: text(50),
    facts: text(50),
    website: text(50),
  }),
  focusLabels: z.record(z.enum(FOCUSES), text(50)),
  platforms: z.record(slug, LangPlatformSchema),
});
export type LangPlatformsFile = z.infer<typeof LangPlatformsFileSchema>;

// ---------------------------------------------------------------------------------------------
// content/<lang>/guide/<id>.md front-matter

export const FieldSchema = z.strictObject({
  key: slug,
  name: text(DISCORD_LIMITS.fieldName),
  value: text(DISCORD_LIMITS.fieldValue),
});
export type EntryField = z.infer<typeof FieldSchema>;

export const FrontMatterSchema = z.strictObject({
  id: z.enum(ENTRY_IDS as [EntryId, ...EntryId[]], { error: (iss) => `unknown id ${JSON.stringify(iss.input)}` }),
  order: z.number().int().positive(),
  title: text(DISCORD_LIMITS.embedTitle),
  parent: z.enum(ENTRY_IDS as [EntryId, ...EntryId[]], { error: (iss) => `unknown parent id ${JSON.stringify(iss.input)}` }).optional(),
  summary: text(100),
  platform: slug.optional(),
  fields: z.array(FieldSchema).max(DISCORD_LIMITS.embedFields).default([]),
});
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/** The Markdown body becomes the embed description. */
export const BodySchema = text(DISCORD_LIMITS.embedDescription);
