import type { SlashCommand } from '../src/discord/command.js';
import checkin from './checkin.js';
import digest from './digest.js';
import goal from './goal.js';
import guide from './guide.js';
import language from './language.js';
import mentor from './mentor.js';
import mentorship from './mentorship.js';
import platforms from './platforms.js';
import session from './session.js';

/** Every slash command the bot registers, in the order Discord lists them. */
export const commands: readonly SlashCommand[] = [mentorship, platforms, mentor, guide, checkin, goal, session, language, digest] as unknown as readonly SlashCommand[];
