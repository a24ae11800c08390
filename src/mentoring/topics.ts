import { normalizeForSearch } from '../content/render.js';
import { FOCUSES, type Focus } from '../content/schema.js';
import { UserError } from '../discord/errors.js';
import { counted, type Lang } from '../i18n/index.js';
import { OFFER_TOPICS_MAX, TOPIC_MAX } from './records.js';

/** How each kind of help is named, per language (the `/platforms` focus labels). */
export type FocusLabels = Readonly<Record<Lang, Readonly<Record<Focus, string>>>>;

export interface Topics {
  topics: Focus[];
  specialities: string[];
}

/** Commas (Latin or Arabic), semicolons and line breaks separate topics. */
const SEPARATORS = /[,،;؛\n]+/;

/** The kind of help a piece names (its key, or its label in any language), if any. */
export function focusNamed(piece: string, labels: FocusLabels): Focus | undefined {
  const wanted = normalizeForSearch(piece);
  return FOCUSES.find((focus) => focus === wanted || Object.values(labels).some((names) => normalizeForSearch(names[focus]) === wanted));
}

/**
 * `/mentor offer topics`: one or more kinds of help from the fixed list, plus free-text
 * specialities, separated by commas; at most 5 in all, each at most 40 characters. Repeats are
 * dropped. Bad input is a UserError naming what was wrong.
 */
export function parseTopics(input: string, labels: FocusLabels): Topics {
  const topics: Focus[] = [];
  const specialities: string[] = [];
  const seen = new Set<string>();
  for (const raw of input.split(SEPARATORS)) {
    const piece = raw.replace(/\s+/g, ' ').trim();
    if (!piece) continue;
    const focus = focusNamed(piece, labels);
    const key = focus ?? normalizeForSearch(piece);
    if (seen.has(key)) continue;
    seen.add(key);
    if (focus) topics.push(focus);
    else {
      if ([...piece].length > TOPIC_MAX) throw new UserError('mentor.topic_too_long', { value: piece, max: counted('count.characters', TOPIC_MAX) });
      specialities.push(piece);
    }
  }
  const total = topics.length + specialities.length;
  if (total > OFFER_TOPICS_MAX) throw new UserError('mentor.too_many_topics', { count: counted('count.topics', total), max: OFFER_TOPICS_MAX });
  if (topics.length === 0) throw new UserError('mentor.no_focus');
  return { topics, specialities };
}

/** Whether an offer matches a `/mentor find topic`: a kind of help, or a speciality (contains). */
export function matchesTopic(offer: Topics, wanted: string, labels: FocusLabels): boolean {
  const focus = focusNamed(wanted, labels);
  if (focus) return offer.topics.includes(focus);
  const needle = normalizeForSearch(wanted);
  return needle === '' || offer.specialities.some((speciality) => normalizeForSearch(speciality).includes(needle));
}

/**
 * Autocomplete for a comma-separated list: completes the piece being typed (kinds of help first,
 * then what other mentors wrote), keeping what came before. Values over 100 characters are left out.
 */
export function topicListChoices(typed: string, known: readonly string[], labels: FocusLabels, lang: Lang): { name: string; value: string }[] {
  const cut = Math.max(typed.lastIndexOf(','), typed.lastIndexOf('،'));
  const before = cut >= 0 ? typed.slice(0, cut + 1) : '';
  const partial = normalizeForSearch(typed.slice(cut + 1));
  const chosen = new Set(before.split(SEPARATORS).map((piece) => normalizeForSearch(piece)).filter(Boolean));
  const prefix = before ? `${before.trimEnd()} ` : '';
  const candidates = [
    ...FOCUSES.map((focus) => ({ value: focus, label: `${focus} · ${labels[lang][focus]}`, match: [focus, labels.en[focus], labels.ar[focus]] })),
    ...known.map((speciality) => ({ value: speciality, label: speciality, match: [speciality] })),
  ];
  const seen = new Set<string>();
  const out: { name: string; value: string }[] = [];
  for (const candidate of rankByPrefix(candidates, partial)) {
    const key = normalizeForSearch(candidate.value);
    if (seen.has(key) || chosen.has(key)) continue;
    seen.add(key);
    const value = `${prefix}${candidate.value}`;
    const name = `${prefix}${candidate.label}`;
    if (value.length > 100) continue;
    out.push({ name: name.length > 100 ? value : name, value });
    if (out.length === 25) break;
  }
  return out;
}

/** Candidates matching what was typed: those with a word starting with it first, then those containing it. */
function rankByPrefix<C extends { match: readonly string[] }>(candidates: readonly C[], partial: string): C[] {
  if (!partial) return [...candidates];
  const words = (candidate: C) => candidate.match.flatMap((text) => normalizeForSearch(text).split(' '));
  const starts = candidates.filter((candidate) => words(candidate).some((word) => word.startsWith(partial)));
  const contains = candidates.filter((candidate) => !starts.includes(candidate) && candidate.match.some((text) => normalizeForSearch(text).includes(partial)));
  return [...starts, ...contains];
}

/** Autocomplete for one topic (`/mentor find topic`): kinds of help, then the server's specialities. */
export function topicChoices(typed: string, known: readonly string[], labels: FocusLabels, lang: Lang): { name: string; value: string }[] {
  const partial = normalizeForSearch(typed);
  const out: { name: string; value: string }[] = [];
  for (const focus of FOCUSES) {
    if (!partial || [focus, labels.en[focus], labels.ar[focus]].some((text) => normalizeForSearch(text).includes(partial))) out.push({ name: labels[lang][focus], value: focus });
  }
  const seen = new Set<string>();
  for (const speciality of known) {
    const key = normalizeForSearch(speciality);
    if (seen.has(key) || (partial && !key.includes(partial))) continue;
    seen.add(key);
    out.push({ name: speciality, value: speciality });
  }
  return out.slice(0, 25);
}
