import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { FONT_FAMILY, paint, type CanvasModule, type Drawing } from './drawing.js';

const require = createRequire(import.meta.url);

/** The bundled font files (IBM Plex Sans Arabic, OFL 1.1): Arabic and Latin, regular and bold. No system font is used. */
export function fontFiles(): string[] {
  return ['400Regular/IBMPlexSansArabic_400Regular.ttf', '700Bold/IBMPlexSansArabic_700Bold.ttf'].map((file) =>
    require.resolve(`@expo-google-fonts/ibm-plex-sans-arabic/${file}`),
  );
}

let loaded: CanvasModule | undefined;
/** @napi-rs/canvas on this thread, with the bundled fonts registered: for tests and scripts that measure text. */
export function canvasHere(): CanvasModule & { GlobalFonts: { registerFromPath(path: string, alias: string): unknown } } {
  const canvas = require('@napi-rs/canvas') as CanvasModule & { GlobalFonts: { registerFromPath(path: string, alias: string): unknown } };
  if (!loaded) for (const file of fontFiles()) canvas.GlobalFonts.registerFromPath(file, FONT_FAMILY);
  loaded = canvas;
  return canvas;
}

export interface Rendered {
  png: Buffer;
  /** Time the worker spent drawing and encoding. */
  ms: number;
}

type Reply = { id: number; png: Uint8Array; ms: number } | { id: number; error: string };

// Runs in the worker: loads the canvas and the fonts once, then paints each drawing it is sent.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const canvas = require(workerData.canvas);
for (const file of workerData.fonts) canvas.GlobalFonts.registerFromPath(file, workerData.family);
const paint = ${paint.toString()};
const canvases = new Map();
// Linux: lower this thread's priority, so the thread that answers Discord wins the CPU on a busy machine.
try {
  const [, tid] = require('node:fs').readlinkSync('/proc/thread-self').split('/task/');
  require('node:os').setPriority(Number(tid), 10);
} catch {}
parentPort.on('message', ({ id, drawing }) => {
  const started = performance.now();
  try {
    const png = paint(drawing, canvas, workerData.family, canvases);
    parentPort.postMessage({ id, png, ms: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

/**
 * Draws pictures on a worker thread: PNG encoding takes tens of milliseconds (see README, "How
 * pictures are drawn"), which must not hold up the thread that answers Discord. One worker, started
 * on the first picture; drawings queue in it. A worker that dies fails what it held and is replaced
 * on the next picture.
 */
export class PictureRenderer {
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (result: Rendered) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  render(drawing: Drawing): Promise<Rendered> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<Rendered>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref(); // a picture under way keeps the process alive
      worker.postMessage({ id, drawing });
    });
  }

  /** Stops the worker (pictures still under way fail). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { canvas: require.resolve('@napi-rs/canvas'), fonts: fontFiles(), family: FONT_FAMILY },
    });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if ('error' in reply) waiter?.reject(new Error(`picture not drawn: ${reply.error}`));
      else waiter?.resolve({ png: Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength), ms: reply.ms });
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`picture worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
