import { ApplicationCommandOptionType, InteractionContextType, type APIEmbed, type APIEmbedField } from 'discord.js';
import { counted, term } from '../src/i18n/index.js';
import { defineCommand, type CommandContext, type Reply } from '../src/discord/command.js';
import { UserError } from '../src/discord/errors.js';
import { openGoals, type Goal } from '../src/goals/goals.js';
import { GOAL_TEXT_MAX, MAX_OPEN_GOALS } from '../src/store/records.js';
import { DAY_MS } from '../src/time/index.js';
import { embedLength } from '../src/content/render.js';
import { truncate } from '../src/text/format.js';
import { DISCORD_LIMITS } from '../src/text/limits.js';

export const GOAL_ACCENT = 0x2f855a;
/** Done goals shown by `/goal list`: the most recent ones, from this many days back. */
const RECENT_DONE_DAYS = 30;
const RECENT_DONE_MAX = 10;

/** Packs lines into field values of at most 1,024 characters; no line is split. */
function packLines(lines: readonly string[], max = DISCORD_LIMITS.fieldValue): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    const piece = truncate(line, max);
    if (current && current.length + 1 + piece.length > max) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Open goals in full (at most 25 × 200 characters), then as many recently done ones as fit. */
export function goalsEmbed({ t }: Pick<CommandContext, 't'>, goals: readonly Goal[], now: number): APIEmbed {
  const open = openGoals(goals);
  const done = goals
    .filter((goal) => goal.doneAt !== undefined && goal.doneAt > now - RECENT_DONE_DAYS * DAY_MS)
    .sort((a, b) => b.doneAt! - a.doneAt!)
    .slice(0, RECENT_DONE_MAX);
  const fields: APIEmbedField[] = [];
  const openChunks = packLines(open.map((goal, i) => `${i + 1}. ${goal.text}`));
  if (openChunks.length === 0) fields.push({ name: t('goal.list.open', { count: 0, max: MAX_OPEN_GOALS }), value: t('goal.list.no_open') });
  openChunks.forEach((value, i) =>
    fields.push({ name: i === 0 ? t('goal.list.open', { count: open.length, max: MAX_OPEN_GOALS }) : t('goal.list.open_more'), value }),
  );
  const embed: APIEmbed = { title: t('goal.list.title'), color: GOAL_ACCENT, fields, footer: { text: t('goal.list.footer') } };
  if (done.length > 0) {
    const name = t('goal.list.recent_done');
    const room = Math.min(DISCORD_LIMITS.fieldValue, DISCORD_LIMITS.embedTotal - embedLength(embed) - name.length);
    const perLine = Math.max(20, Math.floor(room / done.length) - 1);
    const value = truncate(done.map((goal) => `✓ ${truncate(goal.text, perLine - 2)}`).join('\n'), room);
    if (room > 20) fields.push({ name, value });
  }
  return embed;
}

/** Finds one of the user's open goals by id (what autocomplete sends) or by its exact text. */
function pickOpenGoal(goals: readonly Goal[], value: string): Goal | undefined {
  const open = openGoals(goals);
  const byId = open.find((goal) => goal.id === value);
  if (byId) return byId;
  const wanted = value.trim().toLowerCase();
  const byText = open.filter((goal) => goal.text.toLowerCase() === wanted);
  return byText.length === 1 ? byText[0] : undefined;
}

/** `/goal …`: "Set clear goals". A member's own goals, which the weekly check-in asks about. */
export default defineCommand({
  definition: {
    name: 'goal',
    description: 'Set clear goals: your goals, which the weekly check-in asks about',
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'set',
        description: 'Add a goal',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'text',
            description: 'What you want to achieve, e.g. "Ship my portfolio site by March"',
            required: true,
            min_length: 1,
            max_length: GOAL_TEXT_MAX,
          },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'Your open goals and the ones done recently' },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'done',
        description: 'Mark a goal done',
        options: [
          { type: ApplicationCommandOptionType.String, name: 'goal', description: 'One of your open goals', required: true, autocomplete: true, max_length: GOAL_TEXT_MAX },
        ],
      },
    ],
  },
  handlers: {
    set: async (ctx, { text }): Promise<Reply> => {
      const clean = text.trim();
      if (!clean) throw new UserError('goal.empty');
      if (clean.length > GOAL_TEXT_MAX) throw new UserError('session.too_long', { field: term('goal.field.text'), max: counted('count.characters', GOAL_TEXT_MAX) });
      const { goal, open } = await ctx.services.goals.add(ctx.userId, clean, ctx.now());
      return { content: ctx.t('goal.set', { text: goal.text, count: counted('count.open_goals', open), max: MAX_OPEN_GOALS }), ephemeral: true };
    },
    list: async (ctx): Promise<Reply> => {
      const goals = await ctx.services.goals.list(ctx.userId);
      if (goals.length === 0) return { content: ctx.t('goal.list.none'), ephemeral: true };
      return { embeds: [goalsEmbed(ctx, goals, ctx.now())], ephemeral: true };
    },
    done: async (ctx, { goal: value }): Promise<Reply> => {
      const { goals } = ctx.services;
      const all = await goals.list(ctx.userId);
      const picked = pickOpenGoal(all, value);
      if (!picked) throw new UserError('goal.unknown', { value: value });
      const { goal: done, open } = await goals.complete(ctx.userId, picked.id, ctx.now());
      return { content: ctx.t('goal.done', { text: done.text, count: open }), ephemeral: true };
    },
  },
  autocomplete: {
    goal: async ({ services, userId }, value) => {
      const wanted = value.trim().toLowerCase();
      return openGoals(await services.goals.list(userId))
        .filter((goal) => !wanted || goal.text.toLowerCase().includes(wanted) || goal.id === value)
        .slice(0, 25)
        .map((goal) => ({ name: truncate(goal.text, 100), value: goal.id }));
    },
  },
});
