/**
 * The fake gateway: HELLO, heartbeats (op 11), IDENTIFY → READY + GUILD_CREATE, RESUME → RESUMED,
 * sequence-numbered dispatches, and abrupt drops so tests can watch discord.js reconnect.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { perfNow, realClearTimeout, realNow, realSetTimeout } from './util.js';

export interface IdentifyRecord {
  /** Date.now() when IDENTIFY arrived. */
  at: number;
  /** performance.now() when IDENTIFY arrived (for start-up measurements). */
  perfAt: number;
  intents: number;
  shard: [number, number];
  properties: Record<string, unknown>;
  /** Whether the token matched. */
  tokenOk: boolean;
  sessionId?: string;
}

export interface ResumeRecord {
  at: number;
  sessionId: string;
  seq: number;
  ok: boolean;
}

export interface GatewayHooks {
  /** The bot's token (raw, without "Bot "). */
  token(): string;
  /** Whether privileged intents are enabled for this application. */
  privilegedIntents(): boolean;
  /** The READY payload's `d` for a new session. */
  ready(sessionId: string, shard: [number, number], resumeUrl: string): Record<string, unknown>;
  /** The GUILD_CREATE payloads a new session on this shard receives. */
  guildCreates(shard: [number, number]): Record<string, unknown>[];
  onIdentify?(record: IdentifyRecord): void;
  onResume?(record: ResumeRecord): void;
}

interface Session {
  id: string;
  seq: number;
  shard: [number, number];
  conn: Conn | null;
}

interface Conn {
  ws: WebSocket;
  session: Session | null;
  hbTimer: ReturnType<typeof setTimeout> | null;
}

const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);
let sessionCounter = 0;

export class FakeGateway {
  readonly wss: WebSocketServer;
  readonly identifies: IdentifyRecord[] = [];
  readonly resumes: ResumeRecord[] = [];
  /** Answer heartbeats? Set false to make the client declare a zombie connection. */
  ackHeartbeats = true;
  url = '';
  private readonly sessions = new Map<string, Session>();
  private readonly conns = new Set<Conn>();
  private readonly sessionWaiters: Array<() => void> = [];

  constructor(
    private readonly hooks: GatewayHooks,
    private readonly heartbeatIntervalMs: number,
  ) {
    this.wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 });
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Sessions with a live socket. */
  get liveSessions(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.conn) n++;
    return n;
  }

  /** Sends a dispatch to the live session that owns `guildId` (shard math), or shard 0 for DMs. */
  dispatch(t: string, d: unknown, guildId?: string | null): boolean {
    const session = this.sessionFor(guildId ?? null);
    if (!session?.conn) return false;
    session.seq += 1;
    session.conn.ws.send(`{"op":0,"t":"${t}","s":${session.seq},"d":${JSON.stringify(d)}}`);
    return true;
  }

  /** Sends a dispatch to every live session (e.g. GUILD_DELETE for a guild on a shard). */
  broadcast(t: string, d: unknown): void {
    for (const s of this.sessions.values()) {
      if (!s.conn) continue;
      s.seq += 1;
      s.conn.ws.send(`{"op":0,"t":"${t}","s":${s.seq},"d":${JSON.stringify(d)}}`);
    }
  }

  hasLiveSession(guildId?: string | null): boolean {
    return Boolean(this.sessionFor(guildId ?? null)?.conn);
  }

  /** Resolves when a live, identified (or resumed) session exists. */
  waitForSession(timeoutMs: number, guildId?: string | null): Promise<void> {
    if (this.hasLiveSession(guildId)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = realSetTimeout(() => {
        const i = this.sessionWaiters.indexOf(check);
        if (i >= 0) this.sessionWaiters.splice(i, 1);
        reject(new Error(`fake Discord: no bot connected to the gateway within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = (): void => {
        if (!this.hasLiveSession(guildId)) return;
        const i = this.sessionWaiters.indexOf(check);
        if (i >= 0) this.sessionWaiters.splice(i, 1);
        realClearTimeout(timer);
        resolve();
      };
      this.sessionWaiters.push(check);
    });
  }

  /** Closes every socket abruptly. `terminate` kills the TCP connection without a close frame (1006). */
  drop(options: { code?: number; terminate?: boolean } = {}): void {
    for (const conn of [...this.conns]) {
      this.detach(conn);
      if (options.terminate) conn.ws.terminate();
      else conn.ws.close(options.code ?? 4000, 'fake Discord dropped the connection');
    }
  }

  /** Sends op 9 (invalid session, not resumable) to every socket. */
  invalidateSessions(): void {
    for (const conn of [...this.conns]) {
      if (conn.session) this.sessions.delete(conn.session.id);
      conn.session = null;
      conn.ws.send(JSON.stringify({ op: 9, d: false }));
    }
  }

  /** Sends op 7 (reconnect) to every socket. */
  requestReconnect(): void {
    for (const conn of this.conns) conn.ws.send(JSON.stringify({ op: 7, d: null }));
  }

  close(): void {
    for (const conn of [...this.conns]) {
      this.detach(conn);
      conn.ws.terminate();
    }
    this.wss.close();
  }

  private sessionFor(guildId: string | null): Session | undefined {
    let best: Session | undefined;
    for (const s of this.sessions.values()) {
      if (!s.conn) continue;
      const [id, count] = s.shard;
      const shardOf = guildId ? Number((BigInt(guildId) >> 22n) % BigInt(count)) : 0;
      if (shardOf === id) best = s; // the newest matching session wins
    }
    return best;
  }

  private onConnection(ws: WebSocket): void {
    const conn: Conn = { ws, session: null, hbTimer: null };
    this.conns.add(conn);
    ws.on('message', (data: RawData) => this.onMessage(conn, data));
    ws.on('close', () => this.detach(conn));
    ws.on('error', () => this.detach(conn));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
  }

  private detach(conn: Conn): void {
    this.conns.delete(conn);
    if (conn.hbTimer) realClearTimeout(conn.hbTimer);
    if (conn.session && conn.session.conn === conn) conn.session.conn = null;
  }

  private onMessage(conn: Conn, raw: RawData): void {
    let payload: { op?: number; d?: any };
    try {
      payload = JSON.parse(raw.toString()) as { op?: number; d?: any };
    } catch {
      conn.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    switch (payload.op) {
      case 1:
        if (this.ackHeartbeats) conn.ws.send('{"op":11}');
        return;
      case 2:
        this.onIdentify(conn, payload.d ?? {});
        return;
      case 6:
        this.onResume(conn, payload.d ?? {});
        return;
      case 3: // presence update
      case 4: // voice state update
      case 8: // request guild members
      case 31: // request soundboard sounds
        if (!conn.session) conn.ws.close(4003, 'Not authenticated.');
        return;
      default:
        conn.ws.close(4001, 'Unknown opcode.');
    }
  }

  private tokenOk(token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const raw = token.startsWith('Bot ') ? token.slice(4) : token;
    return raw === this.hooks.token();
  }

  private onIdentify(conn: Conn, d: Record<string, any>): void {
    const shard: [number, number] = Array.isArray(d.shard) ? [Number(d.shard[0]), Number(d.shard[1])] : [0, 1];
    const record: IdentifyRecord = {
      at: realNow(),
      perfAt: perfNow(),
      intents: Number(d.intents ?? 0),
      shard,
      properties: (d.properties ?? {}) as Record<string, unknown>,
      tokenOk: this.tokenOk(d.token),
    };
    this.identifies.push(record);
    if (!record.tokenOk) {
      this.hooks.onIdentify?.(record);
      conn.ws.close(4004, 'Authentication failed.');
      return;
    }
    if (conn.session) {
      this.hooks.onIdentify?.(record);
      conn.ws.close(4005, 'Already authenticated.');
      return;
    }
    if ((record.intents & PRIVILEGED_INTENTS) !== 0 && !this.hooks.privilegedIntents()) {
      this.hooks.onIdentify?.(record);
      conn.ws.close(4014, 'Disallowed intent(s).');
      return;
    }
    sessionCounter += 1;
    const session: Session = { id: `fake-session-${process.pid}-${sessionCounter}-${Math.random().toString(16).slice(2, 10)}`, seq: 0, shard, conn };
    record.sessionId = session.id;
    this.sessions.set(session.id, session);
    conn.session = session;
    this.hooks.onIdentify?.(record);
    const send = (t: string, data: unknown): void => {
      session.seq += 1;
      conn.ws.send(JSON.stringify({ op: 0, t, s: session.seq, d: data }));
    };
    send('READY', this.hooks.ready(session.id, shard, this.url));
    for (const guild of this.hooks.guildCreates(shard)) send('GUILD_CREATE', guild);
    this.notifySession();
  }

  private onResume(conn: Conn, d: Record<string, any>): void {
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    const ok = Boolean(session) && this.tokenOk(d.token);
    const record: ResumeRecord = { at: realNow(), sessionId: String(d.session_id), seq: Number(d.seq ?? 0), ok };
    this.resumes.push(record);
    this.hooks.onResume?.(record);
    if (!session || !ok) {
      conn.ws.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    if (session.conn && session.conn !== conn) {
      const old = session.conn;
      this.detach(old);
      old.ws.terminate();
    }
    session.conn = conn;
    conn.session = session;
    session.seq += 1;
    // Nothing is replayed: the fake does not dispatch while a session is disconnected.
    conn.ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: session.seq, d: {} }));
    this.notifySession();
  }

  private notifySession(): void {
    for (const waiter of [...this.sessionWaiters]) waiter();
  }
}
