import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadUiStrings, translator, LANGUAGES } from '../src/i18n/index.js';
import { projectPath } from '../src/paths.js';
import { PictureRenderer } from '../src/pictures/renderer.js';
import { progressCard, progressDescription, smallProgressCard } from '../src/progress/card.js';
import { sampleFacts } from '../src/progress/sample.js';
import { participationChart, sampleDigestFacts } from '../src/digest/message.js';
import { addIsoWeeks } from '../src/time/index.js';

/**
 * The README's pictures of the progress card and the digest's chart, drawn by the bot's own code (layout, worker, font)
 * from a sample member's year: `npm run build && node dist/scripts/progress-picture.js`.
 */
const ui = loadUiStrings();
const renderer = new PictureRenderer();
const dir = projectPath('docs');
mkdirSync(dir, { recursive: true });
const facts = sampleFacts(Date.UTC(2026, 10, 27, 12, 0));
for (const lang of LANGUAGES) {
  const t = translator(ui[lang], lang);
  for (const [name, drawing] of [
    [`progress-card-${lang}.png`, progressCard(facts, t, lang)],
    [`progress-card-small-${lang}.png`, smallProgressCard(facts, t, lang)],
    [`digest-chart-${lang}.png`, participationChart(t, lang, sampleDigestFacts('2026-W48', addIsoWeeks))],
  ] as const) {
    const { png, ms } = await renderer.render(drawing);
    writeFileSync(join(dir, name), png);
    console.log(`docs/${name}: ${drawing.width}×${drawing.height}, ${png.length} bytes, ${ms.toFixed(1)} ms`);
  }
  console.log(`  alt (${lang}): ${progressDescription(facts, t)}`);
}
await renderer.close();
