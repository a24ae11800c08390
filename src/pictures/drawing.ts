/**
 * A picture as data: what the layouts (progress card, digest chart) produce and the painter draws.
 * Layouts are pure and tested without a canvas; only `paint` touches one, in the render worker.
 */

export type Direction = 'ltr' | 'rtl';

export type Op =
  | { op: 'rect'; x: number; y: number; w: number; h: number; fill?: string; stroke?: string; lineWidth?: number; radius?: number }
  | { op: 'path'; points: readonly (readonly [number, number])[]; stroke: string; lineWidth: number }
  | {
      op: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      bold?: boolean;
      color: string;
      /** Where `x` is: the text's left edge, right edge or middle. */
      align: 'left' | 'right' | 'center';
      /** The paragraph direction: Arabic lines are laid out right to left (bidi, shaping by HarfBuzz). */
      dir: Direction;
      /** The text is shrunk to fit this width (never cut). */
      maxWidth?: number;
    };

export interface Drawing {
  width: number;
  height: number;
  background: string;
  ops: Op[];
}

/** The font family every picture uses: registered from the bundled files only (see `fontFiles`). */
export const FONT_FAMILY = 'Murshid Plex Arabic';

/** The canvas API `paint` uses: the part of @napi-rs/canvas it needs. */
export interface CanvasModule {
  createCanvas(width: number, height: number): {
    getContext(kind: '2d'): CanvasContext;
    toBuffer(mime: 'image/png'): Buffer;
  };
}

export interface CanvasContext {
  fillStyle: string | unknown;
  strokeStyle: string | unknown;
  lineWidth: number;
  lineJoin: string;
  lineCap: string;
  font: string;
  textAlign: string;
  textBaseline: string;
  direction: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  roundRect(x: number, y: number, w: number, h: number, radius: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  fill(): void;
  stroke(): void;
  fillText(text: string, x: number, y: number, maxWidth?: number): void;
}

/**
 * Draws `drawing` and encodes it as PNG. Self-contained (no imports, no outside names): the render
 * worker runs its source text, so it must not reach anything outside its own body. `canvases`
 * keeps one canvas per size for the next drawing: a canvas's pixels are native memory the garbage
 * collector does not see, so making a new one per picture lets memory pile up between collections.
 */
export function paint(drawing: Drawing, canvasModule: CanvasModule, family: string, canvases?: Map<string, ReturnType<CanvasModule['createCanvas']>>): Buffer {
  const size = `${drawing.width}x${drawing.height}`;
  const canvas = canvases?.get(size) ?? canvasModule.createCanvas(drawing.width, drawing.height);
  canvases?.set(size, canvas);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = drawing.background;
  ctx.fillRect(0, 0, drawing.width, drawing.height);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.textBaseline = 'alphabetic';
  for (const item of drawing.ops) {
    if (item.op === 'rect') {
      ctx.beginPath();
      if (item.radius) ctx.roundRect(item.x, item.y, item.w, item.h, item.radius);
      else ctx.rect(item.x, item.y, item.w, item.h);
      if (item.fill) {
        ctx.fillStyle = item.fill;
        ctx.fill();
      }
      if (item.stroke) {
        ctx.strokeStyle = item.stroke;
        ctx.lineWidth = item.lineWidth ?? 1;
        ctx.stroke();
      }
    } else if (item.op === 'path') {
      ctx.beginPath();
      item.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.strokeStyle = item.stroke;
      ctx.lineWidth = item.lineWidth;
      ctx.stroke();
    } else {
      ctx.font = `${item.bold ? 'bold ' : ''}${item.size}px "${family}"`;
      ctx.fillStyle = item.color;
      ctx.direction = item.dir;
      ctx.textAlign = item.align;
      if (item.maxWidth === undefined) ctx.fillText(item.text, item.x, item.y);
      else ctx.fillText(item.text, item.x, item.y, item.maxWidth);
    }
  }
  return canvas.toBuffer('image/png');
}
