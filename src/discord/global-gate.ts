// @discordjs/rest through discord.js: the build the gateway client already loaded (its ES build
// would be a second copy, read at start-up).
import { DefaultRestOptions, type RESTOptions } from 'discord.js';

type MakeRequest = RESTOptions['makeRequest'];

/**
 * Discord allows a bot 50 requests a second (interaction callbacks aside). @discordjs/rest counts
 * them in fixed windows that open when a request leaves, in whole milliseconds, and lets one more
 * through at the very millisecond a spent window ends, while Discord's window opens when a request
 * arrives: at the edges the two disagree, and a batch draws 429s (`npm run bench`: 1–3 per 2,000
 * DMs). Its windows also release every waiting request at once, so an interaction's edit queued
 * behind a batch waits for the next window (up to a second).
 *
 * This gate sends everything but interaction callbacks on an even beat, one every `intervalMs`
 * (20.3 ms: at most 50 in any 1,015 ms, so no window of Discord's can see a 51st), and lets
 * interaction webhooks (edits, follow-ups) go before requests already waiting.
 */
export function globalGate(next: MakeRequest = (url, init) => DefaultRestOptions.makeRequest(url, init), intervalMs = 20.3, slackMs = 2): MakeRequest {
  const waiting: Array<{ urgent: boolean; go: () => void }> = [];
  let due = 0;
  let timer: NodeJS.Timeout | undefined;
  const pump = (): void => {
    timer = undefined;
    while (waiting.length > 0) {
      const now = performance.now();
      if (now < due) {
        timer = setTimeout(pump, Math.ceil(due - now));
        return;
      }
      // Keep the beat when a timer fires a little late; after an idle spell, start a new one.
      due = (now - due > slackMs ? now : due) + intervalMs;
      waiting.shift()!.go();
    }
  };
  return async (url, init) => {
    if (url.includes('/callback')) return next(url, init);
    const urgent = url.includes('/webhooks/');
    await new Promise<void>((go) => {
      const at = urgent ? waiting.findIndex((entry) => !entry.urgent) : -1;
      waiting.splice(at === -1 ? waiting.length : at, 0, { urgent, go });
      if (timer === undefined) pump();
    });
    return next(url, init);
  };
}
