/**
 * Process-wide settings that must be in place before anything uses libuv's thread pool; imported
 * first by the entry point. SQLite runs every query of its one connection in that pool, one at a
 * time, so more than two threads only add memory (each thread's allocations get their own arena).
 * An operator's own UV_THREADPOOL_SIZE wins.
 */
process.env.UV_THREADPOOL_SIZE ??= '2';
