import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { eventCategories, type EventCategory } from '../../../../shared/domain/eventCatalog';
import { categoryLabels } from '../monitoring/eventText';
import type { MinuteSeries } from './overviewData';

/**
 * One colour per category, from the Okabe–Ito palette (told apart with the common colour-vision
 * deficiencies); the legend names each line too, so colour is never the only cue.
 */
export const CATEGORY_COLOURS: Readonly<Record<EventCategory, string>> = {
  authentication: '#0072b2',
  door: '#e69f00',
  user: '#009e73',
  device: '#cc79a7',
  sync: '#56b4e9',
  console: '#7f7f7f',
};

const HEIGHT = 240;

function cssVariable(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** Bars 80 % of a minute wide, at most 24 px. */
const bars = uPlot.paths.bars?.({ size: [0.8, 24] });

/**
 * Stacked bars: the series of the k-th category is drawn at the sum of it and every category
 * after it, widest first, so each later (shorter) bar covers the lower part and the slice of
 * each category shows its own count. The legend reads the category's own numbers (`raw`).
 */
function chartOptions(width: number, raw: () => MinuteSeries): uPlot.Options {
  const axisColour = cssVariable('--muted', '#5b6673');
  const gridColour = cssVariable('--border-soft', '#e6eaee');
  const axis = { stroke: axisColour, grid: { stroke: gridColour, width: 1 }, ticks: { stroke: gridColour, width: 1 } };
  return {
    width,
    height: HEIGHT,
    // The minute under way is the last point: no padding past it.
    scales: { x: { time: true }, y: { range: (_chart, _min, max) => [0, Math.max(5, max * 1.1)] } },
    axes: [axis, { ...axis, label: 'events per minute', size: 60 }],
    series: [
      { label: 'Minute' },
      ...eventCategories.map(
        (category): uPlot.Series => ({
          label: categoryLabels[category],
          stroke: CATEGORY_COLOURS[category],
          fill: CATEGORY_COLOURS[category],
          width: 0,
          points: { show: false },
          ...(bars ? { paths: bars } : {}),
          value: (_chart, _stacked, _series, index) => (index === null ? '--' : (raw().byCategory[category][index] ?? 0).toLocaleString('en-US')),
        }),
      ),
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
}

function chartData(series: MinuteSeries): uPlot.AlignedData {
  const stacked: number[][] = [];
  let below: number[] = new Array<number>(series.minutes.length).fill(0);
  for (const category of [...eventCategories].reverse()) {
    below = series.byCategory[category].map((n, index) => n + (below[index] ?? 0));
    stacked.unshift(below);
  }
  // uPlot's time scale is in seconds.
  return [series.minutes.map((minute) => minute / 1000), ...stacked];
}

/**
 * Events per minute by category over the last hour as stacked bars, drawn by uPlot (canvas; a
 * small, maintained charting library) into a box that follows the page's width. The chart is made
 * once and given new data on each refresh.
 */
export function EventRateChart({ series }: { series: MinuteSeries }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  // The legend reads the numbers of the series shown now (set after each render, read on hover).
  const rawRef = useRef(series);
  useEffect(() => {
    rawRef.current = series;
  }, [series]);

  // Made empty; the effect below (which runs after this one, on mount too) gives it the data.
  useEffect(() => {
    const box = boxRef.current;
    if (box === null) return;
    const empty: uPlot.AlignedData = [[], ...eventCategories.map(() => [])];
    const chart = new uPlot(chartOptions(Math.max(320, box.clientWidth), () => rawRef.current), empty, box);
    chartRef.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(320, box.clientWidth), height: HEIGHT }));
    resize.observe(box);
    return () => {
      resize.disconnect();
      chart.destroy();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setData(chartData(series));
  }, [series]);

  return <div className="rate-chart" ref={boxRef} data-testid="event-rate-chart" data-total={series.total} />;
}
