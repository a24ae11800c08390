import type { UiKey, Vars } from '../i18n/index.js';

/**
 * A problem with what the user asked for. The wiring answers it ephemerally in the user's language;
 * it is not logged as a fault.
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(
    readonly key: UiKey,
    readonly vars: Vars = {},
  ) {
    super(key);
  }
}

/**
 * Discord's JSON error code (50007, 10003…) from a failed REST call, else undefined. Checked by
 * shape, not `instanceof`: discord.js loads @discordjs/rest's CommonJS build while this project
 * imports its ES build, so the same error comes from two different classes.
 */
export function discordErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return typeof name === 'string' && name.startsWith('DiscordAPIError') && typeof code === 'number' ? code : undefined;
}
