import type { SlashCommand } from '../src/discord/command.js';
import checkin from './checkin.js';
import guide from './guide.js';
import language from './language.js';
import mentorship from './mentorship.js';
import platforms from './platforms.js';

/** Every slash command the bot registers, in the order Discord lists them. */
export const commands: readonly SlashCommand[] = [mentorship, platforms, guide, checkin, language] as unknown as readonly SlashCommand[];
