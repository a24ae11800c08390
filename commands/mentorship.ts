import { ApplicationCommandOptionType, InteractionContextType } from 'discord.js';
import { renderEntry } from '../src/content/render.js';
import { defineCommand, type CommandContext, type Reply } from '../src/discord/command.js';

export const HABITS = ['ready', 'consistent', 'listen', 'progress', 'give-back'] as const;

const sectionReply = ({ services, lang }: CommandContext, entryId: string): Reply => renderEntry(services.content, lang, entryId);

/** `/mentorship …`: the guide's sections, posted where everyone in the channel can read them. */
export default defineCommand({
  definition: {
    name: 'mentorship',
    description: 'Read the mentorship guide: why it matters, where to find mentors, how to be a good mentee',
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: [
      { type: ApplicationCommandOptionType.Subcommand, name: 'intro', description: 'What mentorship is and why it matters now' },
      { type: ApplicationCommandOptionType.Subcommand, name: 'why', description: 'Why it matters: five ways a mentor helps you grow faster' },
      { type: ApplicationCommandOptionType.Subcommand, name: 'find', description: 'Where to find mentors: the Syrian mentorship platforms' },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'mentee',
        description: 'How to be a good mentee, or one of its five habits',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'habit',
            description: 'One habit to read about',
            choices: [
              { name: 'Come ready and focused', value: 'ready' },
              { name: 'Be consistent and reliable', value: 'consistent' },
              { name: 'Listen well and ask follow-up questions', value: 'listen' },
              { name: 'Share your progress and problems', value: 'progress' },
              { name: 'Give back when you can', value: 'give-back' },
            ],
          },
        ],
      },
    ],
  },
  publicReplies: true,
  handlers: {
    intro: (ctx) => sectionReply(ctx, 'intro'),
    why: (ctx) => sectionReply(ctx, 'why'),
    find: (ctx) => sectionReply(ctx, 'find'),
    mentee: (ctx, { habit }) => sectionReply(ctx, habit ? ctx.services.content.habitEntryId(habit) : 'mentee'),
  },
});
