import { ApplicationCommandOptionType, InteractionContextType } from 'discord.js';
import { renderPlatforms } from '../src/content/render.js';
import { defineCommand } from '../src/discord/command.js';

/** `/platforms [focus]`: the Syrian mentorship platforms, with link buttons. */
export default defineCommand({
  definition: {
    name: 'platforms',
    description: 'The Syrian mentorship platforms, with links',
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'focus',
        description: 'Only platforms that offer this kind of help',
        choices: [
          { name: 'Technical guidance', value: 'technical' },
          { name: 'Career advice', value: 'career' },
          { name: 'Academic support', value: 'academic' },
          { name: 'Startup mentoring', value: 'startup' },
          { name: 'Interview preparation', value: 'interview' },
        ],
      },
    ],
  },
  publicReplies: true,
  handlers: {
    platforms: ({ services, lang }, { focus }) => renderPlatforms(services.content, lang, focus),
  },
});
