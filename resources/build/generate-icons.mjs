#!/usr/bin/env node
// Draws the LiveConvo icon (a waveform on an indigo rounded square) with signed distance
// functions and writes PNG, ICO and ICNS files with node:zlib only, so no image tool is needed.
// Run: node resources/build/generate-icons.mjs
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const resources = join(dirname(fileURLToPath(import.meta.url)), '..');

// Geometry in a 1024×1024 design space.
const BARS = [0.3, 0.55, 0.82, 0.55, 0.3].map((h, i) => ({ x: 512 + (i - 2) * 132, half: h * 300 }));
const BAR_RADIUS = 46;

function roundedBox(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
function capsule(x, y, cx, half, r) {
  const dy = Math.max(Math.abs(y - 512) - half + r, 0);
  return Math.hypot(x - cx, dy) - r;
}
const bars = (x, y) => Math.min(...BARS.map((b) => capsule(x, y, b.x, b.half, BAR_RADIUS)));

/** RGBA pixels of the app icon at `size`. */
function drawAppIcon(size) {
  const px = new Uint8Array(size * size * 4);
  const scale = 1024 / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const x = (i + 0.5) * scale;
      const y = (j + 0.5) * scale;
      const bg = Math.min(Math.max(0.5 - roundedBox(x, y, 512, 512, 412, 412, 190) / scale, 0), 1);
      const fg = Math.min(Math.max(0.5 - bars(x, y) / scale, 0), 1);
      const t = (x + y) / 2048; // diagonal gradient #4F46E5 → #7C3AED
      const base = [0x4f + (0x7c - 0x4f) * t, 0x46 + (0x3a - 0x46) * t, 0xe5 + (0xed - 0xe5) * t];
      const o = (j * size + i) * 4;
      for (let c = 0; c < 3; c++) px[o + c] = Math.round(base[c] * (1 - fg) + 255 * fg);
      px[o + 3] = Math.round(255 * bg);
    }
  }
  return px;
}

/** RGBA pixels of the macOS menu-bar template (black waveform on transparent) at `size`. */
function drawTrayTemplate(size, rgb = [0, 0, 0]) {
  const px = new Uint8Array(size * size * 4);
  const scale = 1024 / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      // The waveform fills the tray glyph box: zoom the bars by 1.25 around the centre.
      const x = 512 + ((i + 0.5) * scale - 512) / 1.25;
      const y = 512 + ((j + 0.5) * scale - 512) / 1.25;
      const a = Math.min(Math.max(0.5 - bars(x, y) / (scale / 1.25), 0), 1);
      const o = (j * size + i) * 4;
      px.set(rgb, o);
      px[o + 3] = Math.round(255 * a);
    }
  }
  return px;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
/** Encodes RGBA pixels as a PNG (8-bit RGBA, no filter). */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** An ICO holding PNG images (supported since Windows Vista). */
function encodeIco(images) {
  const header = Buffer.alloc(6 + images.length * 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const e = 6 + i * 16;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}
/** An ICNS holding PNG images under their OSType codes. */
function encodeIcns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const png = new Map();
for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) png.set(size, encodePng(size, drawAppIcon(size)));
for (const size of [16, 32, 256, 512, 1024]) writeFileSync(join(resources, 'icons', `icon-${size}.png`), png.get(size));
// electron-builder's buildResources: icon.png (Linux), icon.ico (Windows), icon.icns (macOS).
writeFileSync(join(resources, 'build', 'icon.png'), png.get(1024));
writeFileSync(join(resources, 'build', 'icon.ico'), encodeIco([16, 32, 48, 64, 128, 256].map((size) => ({ size, png: png.get(size) }))));
writeFileSync(
  join(resources, 'build', 'icon.icns'),
  encodeIcns([
    { type: 'icp4', png: png.get(16) },
    { type: 'icp5', png: png.get(32) },
    { type: 'ic07', png: png.get(128) },
    { type: 'ic08', png: png.get(256) },
    { type: 'ic09', png: png.get(512) },
    { type: 'ic10', png: png.get(1024) },
    { type: 'ic11', png: png.get(32) },
    { type: 'ic12', png: png.get(64) },
    { type: 'ic13', png: png.get(256) },
    { type: 'ic14', png: png.get(512) },
  ]),
);
writeFileSync(join(resources, 'tray', 'trayTemplate.png'), encodePng(16, drawTrayTemplate(16)));
writeFileSync(join(resources, 'tray', 'trayTemplate@2x.png'), encodePng(32, drawTrayTemplate(32)));
// Windows and Linux trays are not templated: a white glyph reads on their dark panels, and the app icon elsewhere.
writeFileSync(join(resources, 'tray', 'tray.png'), png.get(32));
writeFileSync(join(resources, 'tray', 'tray@2x.png'), png.get(64));
