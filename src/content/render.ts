import type {
  APIActionRowComponent,
  APIButtonComponentWithURL,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIEmbedField,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { Content, Entry, Platform, PlatformsPage } from './load.js';
import { httpsUrl, REFERENCE_LANG, type EntryId, type Focus, type Lang } from './schema.js';
import { bullets, truncate } from '../text/format.js';
import { DISCORD_LIMITS } from '../text/limits.js';
import { isolate, layout } from '../i18n/index.js';

export { truncate };

/** Murshid's accent colour for every guide and platforms embed (a deep Syrian green). */
export const ACCENT_COLOR = 0x007a3d;

export type MessageRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** A message body ready for `interaction.reply`, `channel.send` or a REST call. */
export interface RenderedMessage {
  embeds: APIEmbed[];
  components: MessageRow[];
}

export interface EntryChoice {
  /** ≤ 100 characters. */
  name: string;
  value: EntryId;
}

// discord-api-types' enums are imported as types only, so rendering needs nothing at run time.
const ACTION_ROW = 1 as ComponentType.ActionRow;
const BUTTON = 2 as ComponentType.Button;
const LINK_STYLE = 5 as ButtonStyle.Link;

function linkText(lang: Lang, url: string): string {
  // `<url>` keeps the isolate marks out of the URL Discord links.
  return isolate(lang, `<${url}>`);
}

function focusList(page: PlatformsPage, platform: Platform): string {
  return platform.focus.map((f) => page.focusLabels[f]).join(' · ');
}

/** One field describing a platform, as listed by `/platforms` and `/mentorship find`. */
function platformField(lang: Lang, page: PlatformsPage, p: Platform): APIEmbedField {
  return {
    name: p.name,
    value: [
      p.summary,
      `**${page.labels.builtBy}:** ${p.builtBy}`,
      `**${page.labels.focus}:** ${focusList(page, p)}`,
      bullets(p.facts),
      `🔗 ${linkText(lang, p.url)}`,
    ].join('\n'),
  };
}

/** The detail fields of a platform's own entry (`find-mentory`, `find-prohelpify`). */
function platformDetailFields(lang: Lang, page: PlatformsPage, p: Platform): APIEmbedField[] {
  return [
    { name: page.labels.builtBy, value: p.builtBy, inline: true },
    { name: page.labels.focus, value: focusList(page, p), inline: true },
    { name: page.labels.facts, value: bullets(p.facts) },
    { name: page.labels.website, value: linkText(lang, p.url) },
  ];
}

/** Every text of an embed laid out for its language: in Arabic, each line marked right-to-left. */
export function layoutEmbed(lang: Lang, embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (embed.title) out.title = layout(lang, embed.title);
  if (embed.description) out.description = layout(lang, embed.description);
  if (embed.fields) out.fields = embed.fields.map((f) => ({ ...f, name: layout(lang, f.name), value: layout(lang, f.value) }));
  if (embed.footer) out.footer = { ...embed.footer, text: layout(lang, embed.footer.text) };
  return out;
}

/** Link buttons (style 5), five to a row. */
export function linkRows(platforms: readonly Platform[]): MessageRow[] {
  const buttons: APIButtonComponentWithURL[] = platforms.map((p) => ({ type: BUTTON, style: LINK_STYLE, label: p.button, url: p.url }));
  const rows: MessageRow[] = [];
  for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({ type: ACTION_ROW, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
  }
  return rows;
}

/**
 * A guide entry as one embed. A platform's entry gets its figures, kinds of help and a link button
 * from the platform data; an entry whose sub-sections are platforms (`find`) lists every platform
 * with its figures and buttons; any other entry with sub-sections (`mentee`) lists them.
 */
export function renderEntry(content: Content, lang: Lang, id: string): RenderedMessage {
  const entry = content.entry(lang, id);
  const page = content.platformsPage(lang);
  const fields: APIEmbedField[] = entry.fields.map((f) => ({ name: f.name, value: f.value }));
  const linked: Platform[] = [];

  if (entry.platform !== undefined) {
    const p = content.platform(lang, entry.platform);
    if (p) {
      fields.push(...platformDetailFields(lang, page, p));
      linked.push(p);
    }
  }
  const children = content.children(lang, id);
  if (children.some((c) => c.platform !== undefined)) {
    for (const p of content.platforms(lang)) {
      fields.push(platformField(lang, page, p));
      linked.push(p);
    }
  }
  for (const child of children) {
    if (child.platform === undefined) fields.push({ name: child.title, value: child.summary });
  }

  const embed: APIEmbed = { title: entry.title, description: entry.body, color: ACCENT_COLOR };
  if (fields.length > 0) embed.fields = fields;
  const footer = linked.length > 0 ? page.note : entry.parent ? content.entry(lang, entry.parent).title : undefined;
  if (footer) embed.footer = { text: footer };
  return { embeds: [layoutEmbed(lang, embed)], components: linkRows(linked) };
}

/** `/platforms [focus]`: one embed, one field per matching platform, a row of link buttons. */
export function renderPlatforms(content: Content, lang: Lang, focus?: Focus): RenderedMessage {
  const page = content.platformsPage(lang);
  const platforms = focus ? content.platformsFor(lang, focus) : content.platforms(lang);
  let description = page.intro;
  if (focus) description += `\n\n**${page.filtered.replaceAll('{focus}', page.focusLabels[focus])}**`;
  if (platforms.length === 0) description += `\n\n${page.noMatch}`;
  const embed: APIEmbed = { title: page.title, description, color: ACCENT_COLOR, footer: { text: page.note } };
  if (platforms.length > 0) embed.fields = platforms.map((p) => platformField(lang, page, p));
  return { embeds: [layoutEmbed(lang, embed)], components: linkRows(platforms) };
}

/** Lower-cases and folds Arabic spelling variants, diacritics and isolate marks, for matching. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2066-\u2069\u200e\u200f\u0640\u064b-\u065f\u0670]/g, '')
    .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
    .replace(/\u0649/g, '\u064a')
    .replace(/\u0629/g, '\u0647')
    .replace(/\s+/g, ' ')
    .trim();
}


/**
 * Autocomplete for guide entries: matches the id, title or summary (case-insensitive; Arabic
 * spelling variants folded). Best matches first, then guide order; at most 25.
 */
export function searchEntries(content: Content, lang: Lang, query: string): EntryChoice[] {
  const q = normalizeForSearch(query);
  const scored: { entry: Entry; score: number; index: number }[] = [];
  content.entries(lang).forEach((entry, index) => {
    const id = entry.id.toLowerCase();
    const title = normalizeForSearch(entry.title);
    const summary = normalizeForSearch(entry.summary);
    // Members often type English words in any language: the reference edition matches last.
    const ref = lang === REFERENCE_LANG ? undefined : content.entry(REFERENCE_LANG, entry.id);
    const refText = ref ? normalizeForSearch(`${ref.title} ${ref.summary}`) : '';
    let score: number;
    if (q === '') score = 0;
    else if (id === q || title === q) score = 0;
    else if (id.startsWith(q) || title.startsWith(q)) score = 1;
    else if (id.includes(q) || title.includes(q)) score = 2;
    else if (summary.includes(q)) score = 3;
    else if (refText.includes(q)) score = 4;
    else return;
    scored.push({ entry, score, index });
  });
  return scored
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .slice(0, DISCORD_LIMITS.autocompleteChoices)
    .map(({ entry }) => ({ name: truncate(`${entry.title} — ${entry.summary}`, DISCORD_LIMITS.choiceName), value: entry.id }));
}

/** Characters Discord counts toward the 6,000 limit of an embed. */
export function embedLength(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  n += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Every way a message breaks Discord's limits (empty when it is fine). */
export function messageProblems(message: RenderedMessage): string[] {
  const L = DISCORD_LIMITS;
  const out: string[] = [];
  const over = (where: string, len: number, max: number) => {
    if (len > max) out.push(`${where} has ${len} characters (max ${max})`);
  };
  if (message.embeds.length > L.embedsPerMessage) out.push(`${message.embeds.length} embeds (max ${L.embedsPerMessage})`);
  let total = 0;
  message.embeds.forEach((e, i) => {
    const at = `embeds[${i}]`;
    over(`${at}.title`, e.title?.length ?? 0, L.embedTitle);
    over(`${at}.description`, e.description?.length ?? 0, L.embedDescription);
    over(`${at}.footer.text`, e.footer?.text.length ?? 0, L.footerText);
    over(`${at}.author.name`, e.author?.name.length ?? 0, L.authorName);
    const fields = e.fields ?? [];
    if (fields.length > L.embedFields) out.push(`${at} has ${fields.length} fields (max ${L.embedFields})`);
    fields.forEach((f, j) => {
      if (f.name.trim() === '') out.push(`${at}.fields[${j}].name is empty`);
      if (f.value.trim() === '') out.push(`${at}.fields[${j}].value is empty`);
      over(`${at}.fields[${j}].name`, f.name.length, L.fieldName);
      over(`${at}.fields[${j}].value`, f.value.length, L.fieldValue);
    });
    total += embedLength(e);
  });
  if (total > L.embedTotal) out.push(`embeds have ${total} characters in all (max ${L.embedTotal})`);
  if (message.components.length > L.actionRows) out.push(`${message.components.length} action rows (max ${L.actionRows})`);
  message.components.forEach((row, i) => {
    if (row.components.length > L.buttonsPerRow) out.push(`components[${i}] has ${row.components.length} buttons (max ${L.buttonsPerRow})`);
    row.components.forEach((c, j) => {
      if (c.type !== BUTTON) return;
      const label = 'label' in c ? (c.label ?? '') : '';
      over(`components[${i}].components[${j}].label`, label.length, L.buttonLabel);
      if ('url' in c && !httpsUrl.safeParse(c.url).success) out.push(`components[${i}].components[${j}].url ${JSON.stringify(c.url)} is not a valid https URL`);
    });
  });
  return out;
}
