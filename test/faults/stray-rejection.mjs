// Preloaded (`--import`) into the built bot by test/faults/refused-deferral.test.ts. On SIGUSR2 it
// leaves a rejected promise that nobody handles, its error carrying an interaction token in its
// URL as a failed Discord callback's does: what a bug somewhere in the bot would produce.
process.on('SIGUSR2', () => {
  const error = Object.assign(new Error('stray failure'), {
    url: 'http://127.0.0.1/api/v10/interactions/1234567890/stray-interaction-token/callback',
  });
  void Promise.reject(error);
});
