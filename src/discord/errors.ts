import type { UiKey, Vars } from '../i18n/index.js';
import { truncate } from '../text/format.js';

/**
 * A problem with what the user asked for. The wiring answers it ephemerally in the user's language;
 * it is not logged as a fault.
 */
export class UserError extends Error {
  override name = 'UserError';
  readonly vars: Vars;

  /** `vars` often quote what the user typed: each is cut to a readable length, whole characters only. */
  constructor(
    readonly key: UiKey,
    vars: Vars = {},
  ) {
    super(key);
    this.vars = Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, typeof value === 'string' ? truncate(value, QUOTED_MAX) : value]));
  }
}

/** How much of a user's input an error message quotes back. */
export const QUOTED_MAX = 100;

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
