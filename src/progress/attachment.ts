import type { Interaction } from 'discord.js';
import type { Context, Reply } from '../discord/command.js';
import { truncate } from '../text/format.js';
import { DISCORD_LIMITS } from '../text/limits.js';
import { progressCard, progressDescription, smallProgressCard } from './card.js';

type File = NonNullable<Reply['files']>[number];

export const CARD_FILE = 'checkins.png';

/**
 * The member's progress card as an attachment with its text alternative, or nothing when they have
 * no check-ins yet or the picture could not be drawn: the reply's text says it all without it.
 */
export async function progressCardFile(ctx: Context<Interaction>, size: 'full' | 'small'): Promise<File | undefined> {
  const { progress, pictures, log } = ctx.services;
  const facts = await progress.facts(ctx.userId, ctx.now());
  if (facts.weeks.every((week) => week.state === 'before-start' || week.state === 'open')) return undefined;
  const drawing = size === 'full' ? progressCard(facts, ctx.t, ctx.lang) : smallProgressCard(facts, ctx.t, ctx.lang);
  try {
    const { png } = await pictures.render(drawing);
    return { name: CARD_FILE, data: png, description: truncate(progressDescription(facts, ctx.t, size), DISCORD_LIMITS.attachmentDescription) };
  } catch (error) {
    log.warn({ err: error, user: ctx.userId }, 'progress card not drawn; replying with text only');
    return undefined;
  }
}
