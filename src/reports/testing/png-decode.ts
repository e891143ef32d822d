// Test helper: an independent PNG decoder (node:zlib + PNG filters) to check rendered figures pixel by pixel.
import { inflateSync } from "node:zlib";

export type DecodedPng = { width: number; height: number; channels: number; pixels: Uint8Array };

const signature = [137, 80, 78, 71, 13, 10, 26, 10];

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const [dl, du, dul] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
  if (dl <= du && dl <= dul) return left;
  return du <= dul ? up : upLeft;
}

/** Decodes an 8-bit, non-interlaced RGB/RGBA/grey PNG into raw pixels; throws on anything else. */
export function decodePng(data: Uint8Array): DecodedPng {
  const buffer = Buffer.from(data);
  signature.forEach((byte, index) => {
    if (buffer[index] !== byte) throw new Error("not a PNG signature");
  });
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString("ascii", offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error("only 8-bit non-interlaced PNGs are supported");
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[body[9] ?? -1] ?? 0;
      if (channels === 0) throw new Error(`unsupported colour type ${body[9]}`);
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= channels ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      const predictor = [0, left, up, Math.floor((left + up) / 2), paeth(left, up, upLeft)][filter ?? 0] ?? 0;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

/** Fraction of pixels that are not (near) white, and the number of distinct colours. */
export function inkStatistics(image: DecodedPng): { inkFraction: number; colours: number } {
  let ink = 0;
  const colours = new Set<number>();
  for (let index = 0; index < image.width * image.height; index += 1) {
    const base = index * image.channels;
    const [r, g, b] = image.channels >= 3 ? [image.pixels[base] ?? 0, image.pixels[base + 1] ?? 0, image.pixels[base + 2] ?? 0] : [image.pixels[base] ?? 0, image.pixels[base] ?? 0, image.pixels[base] ?? 0];
    if (r < 240 || g < 240 || b < 240) ink += 1;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { inkFraction: ink / (image.width * image.height), colours: colours.size };
}
