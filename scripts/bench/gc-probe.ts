/**
 * Preloaded into a bot process by `npm run bench` (`node --expose-gc --import …/gc-probe.js`), so
 * production code stays untouched: on the IPC message `{ type: 'gc', id }` it forces full garbage
 * collections and answers with `process.memoryUsage()`.
 */
import { setImmediate as tick } from 'node:timers/promises';

interface GcRequest {
  type: 'gc';
  id: number;
}

const collect = (globalThis as { gc?: () => void }).gc;

process.on('message', (message: unknown) => {
  const request = message as Partial<GcRequest> | null;
  if (request?.type !== 'gc') return;
  void (async () => {
    if (!collect) {
      process.send?.({ type: 'gc-result', id: request.id, error: 'gc() is not exposed (run node with --expose-gc)' });
      return;
    }
    // Several passes, letting finalizers and weak callbacks run in between.
    for (let i = 0; i < 4; i++) {
      collect();
      await tick();
    }
    const usage = process.memoryUsage();
    process.send?.({ type: 'gc-result', id: request.id, usage });
  })();
});
// The IPC channel alone must not keep the process alive.
process.channel?.unref();
