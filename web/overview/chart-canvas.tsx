import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

// Only the parts the overview draws, so the bundle carries no unused chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

declare global {
  interface Window {
    /**
     * The overview's live Chart.js instances by chart id, so anyone (and the browser tests) can
     * check the numbers drawn against the API: `__charts.get('events-by-year').data`.
     */
    __charts?: Map<string, Chart>;
  }
}

interface Props {
  id: string;
  label: string;
  config: ChartConfiguration<'bar', unknown[], string>;
  height?: number;
}

/** One Chart.js chart on a canvas, updated in place when its data changes. */
export function ChartCanvas({ id, label, config, height = 280 }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    if (!chart.current) {
      chart.current = new Chart(canvas.current, config as ChartConfiguration);
      (window.__charts ??= new Map()).set(id, chart.current);
    } else {
      chart.current.data = config.data as Chart['data'];
      chart.current.options = config.options as Chart['options'];
      chart.current.update();
    }
  }, [config]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      window.__charts?.delete(id);
    },
    [],
  );

  return (
    <div class="chart" style={{ height: `${height}px` }}>
      <canvas id={id} ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
