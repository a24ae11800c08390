import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REST } from '@discordjs/rest';
import { afterEach } from 'vitest';
import { Checkins } from '../../src/checkins/checkins.js';
import { Goals } from '../../src/goals/goals.js';
import { translator, type Lang, type UiStrings } from '../../src/i18n/index.js';
import { createLogger } from '../../src/log.js';
import { projectPath } from '../../src/paths.js';
import { DueIndex } from '../../src/scheduler/due-index.js';
import { Outbox } from '../../src/scheduler/outbox.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { SessionJob } from '../../src/sessions/job.js';
import { Sessions } from '../../src/sessions/sessions.js';
import { LanguagePreferences } from '../../src/store/language.js';
import { Members, SESSIONS } from '../../src/members/members.js';
import { Servers } from '../../src/servers/servers.js';
import type { UserRecord } from '../../src/store/records.js';
import { openStore, type Store } from '../../src/store/store.js';
import { tempDir } from '../support/temp.js';

export const log = createLogger('silent');

/**
 * English for every language: the Arabic edition of new strings is translated later, so the tests
 * do not depend on it.
 */
const english = JSON.parse(readFileSync(projectPath('content/en/ui.json'), 'utf8')) as UiStrings;
export const ui: Record<Lang, UiStrings> = { en: english, ar: english };
export const t = translator(english, 'en');

export interface RecordedPost {
  channelId: string;
  body: Record<string, unknown>;
}

/**
 * A tiny Discord on 127.0.0.1: opens DM channels, records messages, answers 50007 for users whose
 * DMs are "closed", and fails the next N message sends with a 500 (a passing failure).
 */
export async function startTinyDiscord() {
  const messages: RecordedPost[] = [];
  const dmOpens: string[] = [];
  const closed = new Set<string>();
  const channelOwner = new Map<string, string>();
  const state = { failNext: 0, attempts: 0 };
  let nextId = 100000000000000000n;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const url = new URL(req.url ?? '/', 'http://localhost');
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.method === 'POST' && url.pathname === '/api/v10/users/@me/channels') {
        const userId = String(body.recipient_id);
        dmOpens.push(userId);
        const id = `7${userId.slice(1)}`;
        channelOwner.set(id, userId);
        return send(200, { id, type: 1, recipients: [{ id: userId, username: 'u', discriminator: '0', avatar: null }] });
      }
      const match = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(url.pathname);
      if (match && req.method === 'POST') {
        state.attempts += 1;
        const channelId = match[1]!;
        if (closed.has(channelOwner.get(channelId) ?? '')) return send(403, { message: 'Cannot send messages to this user', code: 50007 });
        if (state.failNext > 0) {
          state.failNext -= 1;
          return send(500, { message: 'Internal Server Error', code: 0 });
        }
        messages.push({ channelId, body });
        nextId += 1n;
        return send(200, { id: String(nextId), channel_id: channelId, content: '', embeds: body.embeds ?? [], components: body.components ?? [] });
      }
      if (match && req.method === 'GET') {
        return send(200, messages.filter((m) => m.channelId === match[1]).map((m, i) => ({ id: String(i + 1), channel_id: m.channelId, ...m.body })));
      }
      send(404, { message: 'Unknown route', code: 0 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const rest = new REST({ api: `http://127.0.0.1:${port}/api`, retries: 0, timeout: 5_000 }).setToken('test-token');
  return { rest, messages, dmOpens, closed, state };
}

let stores: Store[] = [];
afterEach(async () => {
  for (const store of stores) await store.close();
  stores = [];
});

/** A real SQLite store in a temp folder with every piece the session job touches. */
export async function setupSessions() {
  const discord = await startTinyDiscord();
  const store = await openStore(`sqlite://${join(tempDir(), 'bot.sqlite')}`);
  stores.push(store);
  const index = new DueIndex(store);
  const members = new Members(store, index);
  const servers = new Servers(store);
  const checkins = new Checkins(members);
  const sessions = new Sessions(members);
  const goals = new Goals(members);
  const outbox = new Outbox(discord.rest);
  const languages = new LanguagePreferences({ get: (userId) => members.profile(userId) }, servers);
  const records = members.collection(SESSIONS);
  const job = new SessionJob({ members, servers, outbox, rest: discord.rest, ui, log, concurrency: 4 });
  const scheduler = new Scheduler(index, [job], log);
  /** Changes the member's profile as a command would (creating it). */
  const setProfile = (userId: string, change: (profile: UserRecord) => UserRecord) =>
    members.update(userId, (member) => void member.setProfile(change), { create: true });
  return { discord, store, index, members, servers, records, checkins, sessions, goals, outbox, languages, job, scheduler, setProfile };
}
