/**
 * The picture of the parts in README.md and docs/demo.md (docs/parts.svg), drawn from the description below.
 * `node scripts/diagram.ts` writes the file; test/unit/diagram.test.ts fails when the file and this source differ,
 * so that the picture changes only with its source.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  lines: string[];
  kind: 'cloud' | 'core' | 'front' | 'user';
}

interface Arrow {
  from: string;
  to: string;
  label?: string;
}

const COLUMN = { cloud: 20, core: 300, front: 570, user: 830 };
const FRONT_H = 62;
const frontY = (row: number) => 40 + row * (FRONT_H + 14);

/** What the package is made of, and who talks to whom. */
export const BOXES: Box[] = [
  {
    id: 'cloud',
    ...{ x: COLUMN.cloud, y: 168, w: 190, h: 110 },
    title: 'Tedee cloud',
    lines: ['api.tedee.com, or the', 'local emulator (src/emulator)', 'with its control API'],
    kind: 'cloud',
  },
  {
    id: 'hub',
    ...{ x: COLUMN.core, y: frontY(0), w: 220, h: frontY(4) + FRONT_H - frontY(0) },
    title: 'hub (src/core)',
    lines: [
      'one state engine per account',
      'request budget, commands',
      'with one outcome each',
      'keys: doorcodes, smart keys,',
      'app access, schedules',
      'key store (node:sqlite)',
      'client (src/client): one',
      'typed call per endpoint',
    ],
    kind: 'core',
  },
  {
    id: 'homebridge',
    ...{ x: COLUMN.front, y: frontY(0), w: 220, h: FRONT_H },
    title: 'Homebridge platform',
    lines: ['lock accessories over HAP'],
    kind: 'front',
  },
  {
    id: 'mqtt',
    ...{ x: COLUMN.front, y: frontY(1), w: 220, h: FRONT_H },
    title: 'MQTT mirror',
    lines: ['retained state, discovery,', 'embedded broker'],
    kind: 'front',
  },
  {
    id: 'nodered',
    ...{ x: COLUMN.front, y: frontY(2), w: 220, h: FRONT_H },
    title: 'Node-RED nodes',
    lines: ['locks, keys, events'],
    kind: 'front',
  },
  {
    id: 'api',
    ...{ x: COLUMN.front, y: frontY(3), w: 220, h: FRONT_H },
    title: 'HTTP API and Keys page',
    lines: ['application access keys'],
    kind: 'front',
  },
  {
    id: 'cli',
    ...{ x: COLUMN.front, y: frontY(4), w: 220, h: FRONT_H },
    title: 'tedee-hub command',
    lines: ['locks, keys, run, demo'],
    kind: 'front',
  },
  {
    id: 'home',
    ...{ x: COLUMN.user, y: frontY(0), w: 170, h: FRONT_H },
    title: 'Apple Home, Siri',
    lines: [],
    kind: 'user',
  },
  {
    id: 'ha',
    ...{ x: COLUMN.user, y: frontY(1), w: 170, h: FRONT_H },
    title: 'Home Assistant,',
    lines: ['openHAB, scripts'],
    kind: 'user',
  },
  {
    id: 'flows',
    ...{ x: COLUMN.user, y: frontY(2), w: 170, h: FRONT_H },
    title: 'flows',
    lines: ['booking webhooks'],
    kind: 'user',
  },
  {
    id: 'apps',
    ...{ x: COLUMN.user, y: frontY(3), w: 170, h: FRONT_H },
    title: 'booking systems,',
    lines: ['a browser'],
    kind: 'user',
  },
  {
    id: 'shell',
    ...{ x: COLUMN.user, y: frontY(4), w: 170, h: FRONT_H },
    title: 'a terminal',
    lines: [],
    kind: 'user',
  },
];

export const ARROWS: Arrow[] = [
  { from: 'hub', to: 'cloud', label: 'HTTPS, PAK' },
  ...['homebridge', 'mqtt', 'nodered', 'api', 'cli'].map((front) => ({ from: front, to: 'hub' })),
  { from: 'home', to: 'homebridge' },
  { from: 'ha', to: 'mqtt' },
  { from: 'flows', to: 'nodered' },
  { from: 'apps', to: 'api' },
  { from: 'shell', to: 'cli' },
];

const COLORS: Record<Box['kind'], { fill: string; stroke: string }> = {
  cloud: { fill: '#e8f1fb', stroke: '#3a78c2' },
  core: { fill: '#fdf3e1', stroke: '#c7861c' },
  front: { fill: '#e9f6ec', stroke: '#3f9a57' },
  user: { fill: '#f2f2f2', stroke: '#8a8a8a' },
};

const WIDTH = 1020;
const HEIGHT = frontY(5) + 30;

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function box(b: Box): string {
  const { fill, stroke } = COLORS[b.kind];
  const lines = [b.title, ...b.lines];
  // Text block centred vertically: the title 15 px, other lines 12.5 px high with 16 px spacing.
  const top = b.y + b.h / 2 - ((lines.length - 1) * 16) / 2 + 5;
  const text = lines
    .map(
      (line, index) =>
        `<text x="${b.x + b.w / 2}" y="${top + index * 16}" class="${index === 0 ? 'title' : 'line'}">${escape(line)}</text>`,
    )
    .join('');
  return `<g><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>${text}</g>`;
}

/** From the right edge of `from` (or its left edge when it lies to the right) to the facing edge of `to`. */
function arrow(a: Arrow, byId: Map<string, Box>): string {
  const from = byId.get(a.from)!;
  const to = byId.get(a.to)!;
  const leftward = from.x > to.x;
  const x1 = leftward ? from.x : from.x + from.w;
  const x2 = leftward ? to.x + to.w : to.x;
  const y1 = from.y + from.h / 2;
  // Arrows into the hub spread over its height; others meet the middle.
  const y2 = to.id === 'hub' ? Math.min(Math.max(y1, to.y + 16), to.y + to.h - 16) : to.y + to.h / 2;
  const label = a.label
    ? `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 8}" class="label">${escape(a.label)}</text>`
    : '';
  return `<line x1="${x1}" y1="${y1}" x2="${x2 + (leftward ? 6 : -6)}" y2="${y2}" class="arrow" marker-end="url(#head)"/>${label}`;
}

export function partsSvg(): string {
  const byId = new Map(BOXES.map((b) => [b.id, b]));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif">`,
    '<title>homebridge-tedee-hub: the parts</title>',
    '<style>.title{font-size:15px;font-weight:bold;text-anchor:middle;fill:#222}.line{font-size:12.5px;text-anchor:middle;fill:#444}.label{font-size:12px;text-anchor:middle;fill:#555}.arrow{stroke:#666;stroke-width:1.5}</style>',
    '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#666"/></marker></defs>',
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    ...ARROWS.map((a) => arrow(a, byId)),
    ...BOXES.map(box),
    '</svg>',
    '',
  ].join('\n');
}

export const SVG_FILE = fileURLToPath(new URL('../docs/parts.svg', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SVG_FILE, partsSvg());
  process.stdout.write(`wrote ${SVG_FILE}\n`);
}
