import { loadContent, type Content } from './content/load.js';
import { loadUiStrings, type Lang, type UiStrings } from './i18n/index.js';
import type { Logger } from './log.js';
import { LanguagePreferences } from './store/language.js';
import { guildRecordSchema, userRecordSchema, type GuildRecord, type UserRecord } from './store/records.js';
import { openStore, type Collection, type Store } from './store/store.js';

/** Everything a handler may reach: data, words, and the clock. Built once at start-up. */
export interface Services {
  log: Logger;
  clock: () => number;
  content: Content;
  ui: Record<Lang, UiStrings>;
  store: Store;
  users: Collection<UserRecord>;
  guilds: Collection<GuildRecord>;
  languages: LanguagePreferences;
}

export async function createServices(options: {
  databaseUrl: string;
  log: Logger;
  clock?: () => number;
  contentDir?: string;
}): Promise<Services> {
  // Content first: a broken edit should stop start-up before anything touches the database.
  const content = loadContent(options.contentDir);
  const ui = loadUiStrings(options.contentDir);
  const store = await openStore(options.databaseUrl, options.log);
  const users = store.collection('users', userRecordSchema);
  const guilds = store.collection('guilds', guildRecordSchema);
  return {
    log: options.log,
    clock: options.clock ?? Date.now,
    content,
    ui,
    store,
    users,
    guilds,
    languages: new LanguagePreferences(users, guilds),
  };
}
