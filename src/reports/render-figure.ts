// Renders a Vega specification headlessly to SVG (vega View.toSVG) and to PNG (resvg), and writes both files.
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { parse, View, type Spec } from "vega";
import { writeFileAtomic } from "../util/jsonl.js";

export type RenderedImages = { svg: string; png: Uint8Array; width: number; height: number };

/** SVG text of a Vega spec, rendered without a browser. */
async function specToSvg(spec: Spec): Promise<string> {
  const view = new View(parse(spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a spec to SVG and a PNG at twice the SVG's size (white background, system fonts). */
async function renderSpec(spec: Spec): Promise<RenderedImages> {
  const svg = await specToSvg(spec);
  const resvg = new Resvg(svg, { background: "white", fitTo: { mode: "zoom", value: 2 }, font: { loadSystemFonts: true } });
  const image = resvg.render();
  return { svg, png: image.asPng(), width: image.width, height: image.height };
}

/** Writes `DIR/NAME.svg` and `DIR/NAME.png`; returns their paths and the PNG's pixel size. */
export async function writeFigureFiles(directory: string, name: string, spec: Spec): Promise<{ svgPath: string; pngPath: string; width: number; height: number }> {
  const images = await renderSpec(spec);
  const svgPath = join(directory, `${name}.svg`);
  const pngPath = join(directory, `${name}.png`);
  await writeFileAtomic(svgPath, images.svg);
  await writeFileAtomic(pngPath, images.png);
  return { svgPath, pngPath, width: images.width, height: images.height };
}
