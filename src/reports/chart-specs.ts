// Vega specifications of the report's charts: line charts (curves, with optional error bars) and grouped bar charts.
import type { Spec } from "vega";

/** One point of a line series; `low`/`high` draw an error bar. */
export type LinePoint = { x: number; y: number; low?: number; high?: number };
export type LineSeries = { label: string; points: readonly LinePoint[]; reference?: boolean };

export type LineChartOptions = {
  title: string;
  xTitle: string;
  yTitle: string;
  series: readonly LineSeries[];
  width?: number;
  height?: number;
  yFromZero?: boolean;
  /** Vega colour scheme of the series (default category20, which pairs dark and light hues). */
  scheme?: string;
};

/** A line chart with one coloured line per series; reference series are dashed; error bars where points carry them. */
export function lineChartSpec(options: LineChartOptions): Spec {
  const values = options.series.flatMap((series) =>
    series.points.map((point) => ({
      series: series.label,
      reference: series.reference === true,
      x: point.x,
      y: point.y,
      low: point.low ?? point.y,
      high: point.high ?? point.y,
    })),
  );
  return {
    $schema: "https://vega.github.io/schema/vega/v6.json",
    width: options.width ?? 560,
    height: options.height ?? 320,
    padding: 8,
    background: "white",
    title: { text: options.title, fontSize: 14 },
    data: [{ name: "points", values }],
    scales: [
      { name: "x", type: "linear", domain: { data: "points", field: "x" }, range: "width", nice: true, zero: false },
      { name: "y", type: "linear", domain: { data: "points", fields: ["low", "high"] }, range: "height", nice: true, zero: options.yFromZero === true },
      { name: "color", type: "ordinal", domain: { data: "points", field: "series" }, range: { scheme: options.scheme ?? "category20" } },
    ],
    axes: [
      { orient: "bottom", scale: "x", title: options.xTitle, grid: true },
      { orient: "left", scale: "y", title: options.yTitle, grid: true },
    ],
    legends: [{ stroke: "color", fill: "color", title: "series", orient: "right", labelLimit: 420 }],
    marks: [
      {
        type: "group",
        from: { facet: { name: "one", data: "points", groupby: ["series", "reference"] } },
        marks: [
          {
            type: "line",
            from: { data: "one" },
            sort: { field: "datum.x" },
            encode: {
              enter: {
                x: { scale: "x", field: "x" },
                y: { scale: "y", field: "y" },
                stroke: { scale: "color", field: "series" },
                strokeWidth: { value: 2 },
                strokeDash: { signal: "datum.reference ? [6, 4] : [1, 0]" },
              },
            },
          },
        ],
      },
      {
        type: "rule",
        from: { data: "points" },
        encode: {
          enter: {
            x: { scale: "x", field: "x" },
            y: { scale: "y", field: "low" },
            y2: { scale: "y", field: "high" },
            stroke: { scale: "color", field: "series" },
            strokeWidth: { value: 1.5 },
          },
        },
      },
      {
        type: "symbol",
        from: { data: "points" },
        encode: {
          enter: {
            x: { scale: "x", field: "x" },
            y: { scale: "y", field: "y" },
            fill: { scale: "color", field: "series" },
            size: { value: 36 },
          },
        },
      },
    ],
  };
}

export type Bar = { group: string; category: string; value: number };
export type BarChartOptions = { title: string; yTitle: string; bars: readonly Bar[]; width?: number; height?: number };

/** A grouped bar chart: one cluster per group, one coloured bar per category inside it. */
export function barChartSpec(options: BarChartOptions): Spec {
  return {
    $schema: "https://vega.github.io/schema/vega/v6.json",
    width: options.width ?? 560,
    height: options.height ?? 300,
    padding: 8,
    background: "white",
    title: { text: options.title, fontSize: 14 },
    data: [{ name: "bars", values: options.bars.map((bar) => ({ ...bar })) }],
    scales: [
      { name: "x", type: "band", domain: { data: "bars", field: "group" }, range: "width", padding: 0.2 },
      { name: "y", type: "linear", domain: { data: "bars", field: "value" }, range: "height", nice: true, zero: true },
      { name: "color", type: "ordinal", domain: { data: "bars", field: "category" }, range: { scheme: "category10" } },
    ],
    axes: [
      { orient: "bottom", scale: "x", labelAngle: -20, labelAlign: "right", labelLimit: 320 },
      { orient: "left", scale: "y", title: options.yTitle, grid: true },
    ],
    legends: [{ fill: "color", title: "measure", orient: "right", labelLimit: 220 }],
    marks: [
      {
        type: "group",
        from: { facet: { name: "cluster", data: "bars", groupby: "group" } },
        encode: { enter: { x: { scale: "x", field: "group" }, width: { scale: "x", band: 1 } } },
        signals: [{ name: "clusterWidth", update: "bandwidth('x')" }],
        scales: [{ name: "inner", type: "band", range: [0, { signal: "clusterWidth" }], domain: { data: "cluster", field: "category" }, padding: 0.1 }],
        marks: [
          {
            type: "rect",
            from: { data: "cluster" },
            encode: {
              enter: {
                x: { scale: "inner", field: "category" },
                width: { scale: "inner", band: 1 },
                y: { scale: "y", field: "value" },
                y2: { scale: "y", value: 0 },
                fill: { scale: "color", field: "category" },
              },
            },
          },
        ],
      },
    ],
  };
}
