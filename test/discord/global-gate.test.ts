import { describe, expect, it } from 'vitest';
import { globalGate } from '../../src/discord/global-gate.js';

const API = 'http://127.0.0.1/api/v10';
const ok = () => new Response(null, { status: 204 });

describe('globalGate', () => {
  it('never lets more than 50 requests leave in any window of about a second', async () => {
    const sent: number[] = [];
    const gate = globalGate(async () => {
      sent.push(performance.now());
      return ok();
    });
    await Promise.all(Array.from({ length: 120 }, (_, i) => gate(`${API}/channels/${i}/messages`, { method: 'POST' })));
    expect(sent).toHaveLength(120);
    for (let i = 0; i + 50 < sent.length; i++) expect(sent[i + 50]! - sent[i]!).toBeGreaterThanOrEqual(1_000);
  });

  it('lets interaction edits go before waiting messages, and callbacks straight through', async () => {
    const order: string[] = [];
    const gate = globalGate(async (url) => {
      order.push(url.replace(API, ''));
      return ok();
    });
    const messages = Array.from({ length: 10 }, (_, i) => gate(`${API}/channels/${i}/messages`, { method: 'POST' }));
    const edit = gate(`${API}/webhooks/1/token/messages/%40original`, { method: 'PATCH' });
    const callback = gate(`${API}/interactions/2/token/callback`, { method: 'POST' });
    await Promise.all([...messages, edit, callback]);
    expect(order.indexOf('/interactions/2/token/callback')).toBeLessThanOrEqual(1);
    expect(order.indexOf('/webhooks/1/token/messages/%40original')).toBeLessThanOrEqual(2);
  });
});
