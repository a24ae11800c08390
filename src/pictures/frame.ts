import type { Direction, Op } from './drawing.js';

/** Colours shared by every picture: a dark card that sits well in Discord's dark and light themes. */
export const INK = { background: '#1e1f22', text: '#f2f3f5', muted: '#b5bac1', rule: '#3f4147' } as const;

/**
 * Places things by their distance from the start edge, so one layout serves both directions: in a
 * right-to-left picture, `x` is measured from the right and text is right-aligned.
 */
export class Frame {
  readonly ops: Op[] = [];

  constructor(
    readonly width: number,
    readonly dir: Direction,
  ) {}

  private x(x: number, w = 0): number {
    return this.dir === 'rtl' ? this.width - x - w : x;
  }

  rect(x: number, y: number, w: number, h: number, style: { fill?: string; stroke?: string; lineWidth?: number; radius?: number }): void {
    this.ops.push({ op: 'rect', x: this.x(x, w), y, w, h, ...style });
  }

  /** A polyline, points as (distance from start, y). */
  path(points: readonly (readonly [number, number])[], stroke: string, lineWidth: number): void {
    this.ops.push({ op: 'path', points: points.map(([x, y]) => [this.x(x), y] as const), stroke, lineWidth });
  }

  /** Text starting at `x` (from the start edge), or centred on it. */
  text(x: number, y: number, text: string, style: { size: number; bold?: boolean; color?: string; maxWidth?: number; center?: boolean }): void {
    const align = style.center ? 'center' : this.dir === 'rtl' ? 'right' : 'left';
    this.ops.push({
      op: 'text',
      x: this.x(x),
      y,
      text,
      size: style.size,
      bold: style.bold,
      color: style.color ?? INK.text,
      align,
      dir: this.dir,
      ...(style.maxWidth !== undefined ? { maxWidth: style.maxWidth } : {}),
    });
  }
}
