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
