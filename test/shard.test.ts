import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeDiscord, type RecordedRequest } from './fake-discord/index.js';
import { botEnv, runBuilt } from './support/process.js';
import { tempDir } from './support/temp.js';

describe('npm run start:sharded', () => {
  it("starts the shard count Discord recommends; shard 0 alone registers commands", async () => {
    const fake = await FakeDiscord.start({ shards: 2 });
    try {
      const run = runBuilt('src/shard.js', botEnv(fake, join(tempDir(), 'murshid.sqlite')));
      await fake.waitForIdentify({ count: 2, timeoutMs: 30_000 });
      expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      await fake.waitForRequest((request: RecordedRequest) => request.method === 'PUT' && request.path.includes('/commands'), 15_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(fake.requests.filter((request) => request.path.includes('/commands')).map((request) => request.method)).toEqual(['GET', 'PUT']);
      run.child.kill('SIGTERM');
      await run.exited;
    } finally {
      await fake.stop();
    }
  });
});
