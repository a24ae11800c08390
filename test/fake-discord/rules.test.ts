/**
 * The fake behaves like Discord, not like a friend: the validator rejects known-bad payloads, and
 * the server answers 401, 429, 10062, 40060, nonce duplicates and unknown routes as Discord does.
 */
import { SlashCommandBuilder } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeDiscord, embedCharacters, snowflake, validatePayload } from './index.js';

const TOKEN = 'rules-token';

function button(i: number): object {
  return { type: 2, style: 1, custom_id: `b${i}`, label: `B${i}` };
}

function modal(label: string): object {
  return {
    type: 9,
    data: {
      custom_id: 'checkin',
      title: 'Weekly check-in',
      components: [{ type: 1, components: [{ type: 4, custom_id: 'wins', style: 2, label, max_length: 1000 }] }],
    },
  };
}

function embedsWithCharacters(total: number): object[] {
  // Three embeds: descriptions of up to 4096, so the total crosses 6,000 without any single limit.
  const out: object[] = [];
  let left = total;
  while (left > 0) {
    const n = Math.min(2500, left);
    out.push({ description: 'x'.repeat(n) });
    left -= n;
  }
  return out;
}

describe('validatePayload (pure)', () => {
  it('rejects a 26-character nonce', () => {
    const problems = validatePayload('channelMessage', { content: 'hi', nonce: 'n'.repeat(26), enforce_nonce: true });
    expect(problems.join('\n')).toMatch(/nonce/);
    expect(validatePayload('channelMessage', { content: 'hi', nonce: 'n'.repeat(25), enforce_nonce: true })).toEqual([]);
  });

  it('rejects a 46-character modal label', () => {
    const problems = validatePayload('interactionCallback', modal('l'.repeat(46)));
    expect(problems.join('\n')).toMatch(/label/);
    expect(validatePayload('interactionCallback', modal('l'.repeat(45)))).toEqual([]);
  });

  it('rejects six buttons in a row', () => {
    const six = { content: 'pick', components: [{ type: 1, components: [0, 1, 2, 3, 4, 5].map(button) }] };
    expect(validatePayload('channelMessage', six).join('\n')).toMatch(/6 buttons/);
    expect(validatePayload('interactionCallback', { type: 4, data: six }).length).toBeGreaterThan(0);
    const five = { content: 'pick', components: [{ type: 1, components: [0, 1, 2, 3, 4].map(button) }] };
    expect(validatePayload('channelMessage', five)).toEqual([]);
  });

  it('rejects 6,001 characters across embeds', () => {
    const bad = embedsWithCharacters(6001);
    expect(embedCharacters(bad)).toBe(6001);
    expect(validatePayload('channelMessage', { embeds: bad }).join('\n')).toMatch(/6001 characters across all embeds/);
    expect(validatePayload('webhookEdit', { embeds: bad }).length).toBeGreaterThan(0);
    expect(validatePayload('channelMessage', { embeds: embedsWithCharacters(6000) })).toEqual([]);
  });

  it('rejects 2,001 characters of content', () => {
    expect(validatePayload('channelMessage', { content: 'c'.repeat(2001) }).join('\n')).toMatch(/2001 characters \(max 2000\)/);
    expect(validatePayload('interactionCallback', { type: 4, data: { content: 'c'.repeat(2001) } }).length).toBeGreaterThan(0);
    expect(validatePayload('channelMessage', { content: 'c'.repeat(2000) })).toEqual([]);
  });

  it('checks more limits: 6 action rows, long custom_id, 26 fields, 11 embeds, empty messages', () => {
    const row = { type: 1, components: [button(0)] };
    expect(validatePayload('channelMessage', { content: 'x', components: Array(6).fill(0).map((_, i) => ({ type: 1, components: [button(i)] })) }).join()).toMatch(/6 action rows/);
    expect(validatePayload('channelMessage', { content: 'x', components: [{ ...row, components: [{ ...button(0), custom_id: 'c'.repeat(101) }] }] }).join()).toMatch(/custom_id/);
    expect(validatePayload('channelMessage', { embeds: [{ fields: Array(26).fill({ name: 'n', value: 'v' }) }] }).join()).toMatch(/26 fields/);
    expect(validatePayload('channelMessage', { embeds: Array(11).fill({ title: 't' }) }).join()).toMatch(/11 embeds/);
    expect(validatePayload('channelMessage', {}).join()).toMatch(/empty message/);
    expect(validatePayload('channelMessage', { content: '', allowed_mentions: { parse: [] } }).join()).toMatch(/empty message/);
  });

  it('accepts what discord.js builders produce for commands, and rejects Arabic localizations and bad names', () => {
    const good = new SlashCommandBuilder()
      .setName('checkin')
      .setDescription('Weekly check-ins')
      .setNameLocalizations({ fr: 'bilan' })
      .setDefaultMemberPermissions(8192n)
      .addSubcommand((s) => s.setName('start').setDescription('Opt in').addStringOption((o) => o.setName('timezone').setDescription('IANA zone').setRequired(true).setAutocomplete(true)))
      .toJSON();
    expect(validatePayload('commandsOverwrite', [good])).toEqual([]);
    const arabic = { ...good, description_localizations: { ar: 'تسجيل أسبوعي' } };
    expect(validatePayload('commandsOverwrite', [arabic]).join()).toMatch(/Arabic/);
    expect(validatePayload('commandsOverwrite', [{ ...good, name: 'CheckIn' }]).join()).toMatch(/lowercase/);
    expect(validatePayload('commandsOverwrite', [{ ...good, name: 'check in' }]).join()).toMatch(/does not match/);
    expect(validatePayload('commandsOverwrite', [good, good]).join()).toMatch(/registered twice/);
    const huge = { name: 'big', description: 'd', options: Array.from({ length: 20 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'x'.repeat(100), choices: Array.from({ length: 25 }, (_, k) => ({ name: `n${k}`.padEnd(10, 'n'), value: 'v'.repeat(10) })) })) };
    expect(validatePayload('commandsOverwrite', [huge]).join()).toMatch(/characters in all \(max 8000\)/);
  });
});

/** A minimal gateway client: connects, identifies and waits for the guilds. */
async function rawBot(fake: FakeDiscord): Promise<WebSocket> {
  const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
  await new Promise<void>((resolve, reject) => {
    let guildsLeft = -1;
    ws.on('error', reject);
    ws.on('message', (raw) => {
      const p = JSON.parse(raw.toString()) as { op: number; t?: string; d: any };
      if (p.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: TOKEN, intents: 1, properties: {} } }));
      if (p.t === 'READY') guildsLeft = p.d.guilds.length;
      if (p.t === 'GUILD_CREATE') guildsLeft -= 1;
      if (guildsLeft === 0) resolve();
    });
  });
  return ws;
}

describe('server rules (fetch against the fake)', () => {
  let fake: FakeDiscord;
  let bot: WebSocket;
  const api = (path: string): string => `${fake.apiUrl}/v10${path}`;
  const auth = { authorization: `Bot ${TOKEN}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    fake = await FakeDiscord.start({ token: TOKEN, interactionDeadlineMs: 150, nonceWindowMs: 60_000 });
    bot = await rawBot(fake);
  });
  afterAll(async () => {
    bot?.close();
    await fake?.stop();
  });
  afterEach(() => {
    fake.clearLog();
  });

  it('GET /gateway/bot with the token returns the gateway URL and session limits', async () => {
    const res = await fetch(api('/gateway/bot'), { headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      url: fake.gatewayUrl,
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    });
    expect(res.headers.get('x-ratelimit-limit')).toBe('50');
    expect(res.headers.get('x-ratelimit-bucket')).toBeTruthy();
    fake.assertClean();
  });

  it('answers 401 without Authorization and records the violation', async () => {
    const res = await fetch(api('/gateway/bot'));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    const wrong = await fetch(api('/users/@me'), { headers: { authorization: 'Bot nope' } });
    expect(wrong.status).toBe(401);
    expect(fake.violations).toHaveLength(2);
    expect(() => fake.assertClean()).toThrow(/401 unauthorized/);
  });

  it('answers 429 with retry_after beyond 50 requests per second (callbacks exempt)', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // a fresh window
    const results = await Promise.all(Array.from({ length: 60 }, () => fetch(api('/users/@me'), { headers: auth })));
    const limited = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200)).toHaveLength(50);
    expect(limited).toHaveLength(10);
    const body = (await limited[0]!.json()) as { retry_after: number; global: boolean; message: string };
    expect(body.global).toBe(true);
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.retry_after).toBeLessThanOrEqual(1);
    expect(limited[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited[0]!.headers.get('x-ratelimit-scope')).toBe('global');
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(fake.sent429).toBe(10);
    expect(fake.violations.filter((v) => v.startsWith('429'))).toHaveLength(10);

    // Interaction callbacks are exempt from the global limit.
    const r = await fake.command({ name: 'anything' });
    const cb = await fetch(api(`/interactions/${r.id}/${r.token}/callback`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'ok' } }),
    });
    expect(cb.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  });

  it('10062 for a callback after the deadline', async () => {
    const r = await fake.command({ name: 'anything' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const res = await fetch(api(`/interactions/${r.id}/${r.token}/callback?with_response=false`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'too late' } }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 10062, message: 'Unknown interaction' });
    expect(fake.violations.join()).toMatch(/10062/);
  });

  it('40060 for a second callback; with_response returns the interaction and message', async () => {
    const r = await fake.command({ name: 'anything' });
    const first = await fetch(api(`/interactions/${r.id}/${r.token}/callback?with_response=true`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'first', flags: 64 } }),
    });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { interaction: { id: string; type: number; response_message_ephemeral: boolean }; resource: { type: number; message: { content: string } } };
    expect(body.interaction).toMatchObject({ id: r.id, type: 2, response_message_ephemeral: true });
    expect(body.resource.type).toBe(4);
    expect(body.resource.message.content).toBe('first');
    fake.assertClean();
    const second = await fetch(api(`/interactions/${r.id}/${r.token}/callback`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'second' } }),
    });
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({ code: 40060, message: 'Interaction has already been acknowledged.' });
    expect(fake.violations.join()).toMatch(/40060/);
    // The answer is still the first callback.
    expect((await r.answer()).content).toBe('first');
  });

  it('enforce_nonce de-duplicates within the window, not after it', async () => {
    const user = fake.user({ username: 'nonce' });
    const dm = await (await fetch(api('/users/@me/channels'), { method: 'POST', headers: auth, body: JSON.stringify({ recipient_id: user.id }) })).json() as { id: string; type: number; recipients: { id: string }[] };
    expect(dm.type).toBe(1);
    expect(dm.recipients[0]!.id).toBe(user.id);
    expect(fake.dmChannelIdFor(user.id)).toBe(dm.id);
    const send = async (content: string): Promise<{ id: string; content: string; nonce: string }> =>
      (await (await fetch(api(`/channels/${dm.id}/messages`), { method: 'POST', headers: auth, body: JSON.stringify({ content, nonce: 'w2025-10-u1', enforce_nonce: true }) })).json()) as { id: string; content: string; nonce: string };
    const a = await send('first');
    const b = await send('second');
    expect(b.id).toBe(a.id);
    expect(b.content).toBe('first');
    expect(fake.dmMessagesFor(user.id)).toHaveLength(1);
    expect(fake.nonceDuplicates).toBe(1);
    fake.advanceTime(61_000);
    const c = await send('third');
    expect(c.id).not.toBe(a.id);
    expect(fake.dmMessagesFor(user.id)).toHaveLength(2);
    const listed = (await (await fetch(api(`/channels/${dm.id}/messages?limit=1`), { headers: auth })).json()) as { id: string }[];
    expect(listed.map((m) => m.id)).toEqual([c.id]);
    fake.assertClean();
  });

  it('a nonce reused for another channel returns the first message (Discord scopes nonces per author) and is flagged', async () => {
    const [u1, u2] = [fake.user({ username: 'n1' }), fake.user({ username: 'n2' })];
    const post = async (userId: string): Promise<{ channel_id: string }> =>
      (await (await fetch(api(`/channels/${fake.dmChannelIdFor(userId)}/messages`), { method: 'POST', headers: auth, body: JSON.stringify({ content: 'week 41', nonce: 'week-41', enforce_nonce: true }) })).json()) as { channel_id: string };
    expect((await post(u1.id)).channel_id).toBe(fake.dmChannelIdFor(u1.id));
    expect((await post(u2.id)).channel_id).toBe(fake.dmChannelIdFor(u1.id));
    expect(fake.dmMessagesFor(u2.id)).toHaveLength(0);
    expect(fake.violations.join()).toMatch(/nonce "week-41" reused/);
  });

  it('unknown routes answer 404 and are recorded', async () => {
    const res = await fetch(api('/channels/123456789012345678/nonsense'), { headers: auth });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 0, message: '404: Not Found' });
    expect(fake.violations).toEqual(['unknown route: GET /channels/123456789012345678/nonsense']);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', route: 'unknown', status: 404 });
  });

  it('invalid payloads are refused with 50035 and recorded with route and problem', async () => {
    const res = await fetch(api(`/channels/${fake.defaults.textChannelId}/messages`), { method: 'POST', headers: auth, body: JSON.stringify({ content: 'x'.repeat(2001) }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: number }).code).toBe(50035);
    expect(fake.violations.some((v) => v.includes(`/channels/${fake.defaults.textChannelId}/messages`) && v.includes('2001 characters'))).toBe(true);
  });

  it('fault injection and message hooks', async () => {
    fake.failNext({ method: 'POST', route: 'POST /channels/:channel/messages' }, 1, { status: 503, body: { message: 'try later', code: 0 } });
    const seen: string[] = [];
    const off = fake.onMessageCreated((e) => {
      seen.push(e.message.message.content);
    });
    const post = (content: string): Promise<Response> =>
      fetch(api(`/channels/${fake.defaults.textChannelId}/messages`), { method: 'POST', headers: auth, body: JSON.stringify({ content, allowed_mentions: { parse: [] } }) });
    expect((await post('a')).status).toBe(503);
    expect((await post('b')).status).toBe(200);
    off();
    expect(seen).toEqual(['b']);
    expect(fake.unsafeMentions()).toEqual([]);
    fake.assertClean();
  });

  it('snowflakes have 17–19 digits and are unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => snowflake()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^\d{17,19}$/);
  });
});

describe('gateway protocol (raw socket)', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start({ token: TOKEN, heartbeatIntervalMs: 5000 });
  });
  afterAll(async () => {
    await fake?.stop();
  });

  function connect(): Promise<{ ws: WebSocket; next: () => Promise<any>; closed: Promise<number> }> {
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    const queue: any[] = [];
    const waiting: Array<(p: any) => void> = [];
    ws.on('message', (raw) => {
      const p = JSON.parse(raw.toString());
      const w = waiting.shift();
      if (w) w(p);
      else queue.push(p);
    });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    const next = (): Promise<any> => (queue.length ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiting.push(resolve)));
    return new Promise((resolve) => ws.on('open', () => resolve({ ws, next, closed })));
  }

  it('HELLO, heartbeat ACK, READY with session and application, then GUILD_CREATE with sequence numbers', async () => {
    const { ws, next } = await connect();
    expect(await next()).toEqual({ op: 10, d: { heartbeat_interval: 5000 } });
    ws.send(JSON.stringify({ op: 1, d: null }));
    expect(await next()).toEqual({ op: 11 });
    ws.send(JSON.stringify({ op: 2, d: { token: TOKEN, intents: 1, properties: { os: 'linux' }, shard: [0, 1] } }));
    const ready = await next();
    expect(ready).toMatchObject({ op: 0, t: 'READY', s: 1 });
    expect(ready.d).toMatchObject({ v: 10, user: { id: fake.botUser.id, bot: true }, guilds: [{ id: fake.defaults.guildId, unavailable: true }], application: { id: fake.applicationId, flags: 0 } });
    expect(ready.d.resume_gateway_url).toBe(fake.gatewayUrl);
    const guild = await next();
    expect(guild).toMatchObject({ op: 0, t: 'GUILD_CREATE', s: 2 });
    expect(guild.d.roles.find((r: any) => r.id === fake.defaults.guildId).name).toBe('@everyone');
    expect(guild.d.members.find((m: any) => m.user.id === fake.botUser.id).roles).toEqual([fake.defaults.botRoleId]);
    expect(guild.d.channels.map((c: any) => c.type)).toEqual([0, 5, 2]);
    expect(guild.d.channels[0].permission_overwrites).toEqual([]);
    const r = await fake.command({ name: 'anything', unregistered: true });
    const interaction = await next();
    expect(interaction).toMatchObject({ op: 0, t: 'INTERACTION_CREATE', s: 3 });
    for (const key of ['id', 'application_id', 'type', 'token', 'version', 'guild_id', 'channel', 'member', 'data', 'app_permissions', 'locale', 'guild_locale', 'entitlements', 'authorizing_integration_owners', 'context']) {
      expect(interaction.d).toHaveProperty(key);
    }
    expect(interaction.d.id).toBe(r.id);
    expect(interaction.d.member.user.id).toBe(fake.defaults.member.id);
    ws.close();
  });

  it('closes 4004 on a wrong token and 4014 on privileged intents; a bad RESUME gets op 9', async () => {
    const a = await connect();
    await a.next();
    a.ws.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: {} } }));
    expect(await a.closed).toBe(4004);
    expect(fake.violations.join()).toMatch(/wrong token/);
    const b = await connect();
    await b.next();
    b.ws.send(JSON.stringify({ op: 2, d: { token: TOKEN, intents: 1 | (1 << 15), properties: {} } }));
    expect(await b.closed).toBe(4014);
    const c = await connect();
    await c.next();
    c.ws.send(JSON.stringify({ op: 6, d: { token: TOKEN, session_id: 'nope', seq: 3 } }));
    expect(await c.next()).toEqual({ op: 9, d: false });
    c.ws.close();
  });
});
