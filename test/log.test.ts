import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('never writes a token or the body of a failed Discord request', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    const failure = Object.assign(new Error('Cannot send messages to this user'), {
      requestBody: { json: { embeds: [{ description: 'my private goal: learn Redux' }] } },
    });
    log.info({ token: 'abc.secret.token' }, 'connecting');
    log.warn({ err: failure, user: '123456789012345678' }, 'check-in not delivered');
    const output = lines.join('');
    expect(output).not.toContain('abc.secret.token');
    expect(output).not.toContain('learn Redux');
    expect(output).toContain('123456789012345678');
    expect(output).toContain('Cannot send messages to this user');
  });

  it('never writes an interaction or webhook token carried in a failed request\'s URL', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    const token = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5OnNlY3JldA';
    const url = `https://discord.com/api/v10/interactions/1234567890/${token}/callback`;
    const failure = Object.assign(new Error(`Unknown interaction ${url}`), { name: 'DiscordAPIError[10062]', url, code: 10062 });
    log.warn({ err: failure }, 'Discord refused the deferral');
    log.error({ err: Object.assign(new Error('500'), { url: `https://discord.com/api/v10/webhooks/42/${token}/messages/@original` }) }, 'edit failed');
    const output = lines.join('');
    expect(output).not.toContain(token);
    expect(output).toContain('/interactions/1234567890/[redacted]/callback');
    expect(output).toContain('/webhooks/42/[redacted]/messages');
  });

  it('stays quiet below its level', () => {
    const { lines, stream } = capture();
    createLogger('warn', stream).info('hello');
    expect(lines).toEqual([]);
  });
});
