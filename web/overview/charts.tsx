import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { ChartCanvas } from './chart-canvas';
import { barTooltip, colourOf, eventsByType, eventsByYear, humanize, programmeTimeline, textIn, type Lang, type OverviewData } from './data';

type BarConfig = ChartConfiguration<'bar', unknown[], string>;
/** Our datasets carry extra fields (country, types) that the tooltips read back. */
type BarDataset = BarConfig['data']['datasets'][number];

export function EventsByYearChart({
  rows,
  countryCodes,
  countryName,
}: {
  rows: OverviewData['byYear'];
  countryCodes: string[];
  countryName: (code: string) => string;
}) {
  const config = useMemo<BarConfig>(() => {
    const { labels, series } = eventsByYear(rows);
    return {
      type: 'bar',
      data: {
        labels,
        datasets: series.map(
          (s) => ({ label: countryName(s.country), country: s.country, data: s.counts, backgroundColor: colourOf(s.country, countryCodes) }) as BarDataset,
        ),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'events' } } },
      },
    };
  }, [rows, countryCodes, countryName]);
  return <ChartCanvas id="events-by-year" label="Events per year, stacked by country" config={config} />;
}

export function EventsByTypeChart({ rows }: { rows: OverviewData['byType'] }) {
  const config = useMemo<BarConfig>(() => {
    const { types, counts } = eventsByType(rows);
    return {
      type: 'bar',
      data: { labels: types.map(humanize), datasets: [{ label: 'events', types, data: counts, backgroundColor: '#1f5f99' } as BarDataset] },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    };
  }, [rows]);
  return <ChartCanvas id="events-by-type" label="Events by type" config={config} height={Math.max(160, rows.length * 26 + 40)} />;
}

export function ProgrammeTimeline({
  programmes,
  lang,
  countryCodes,
  countryName,
}: {
  programmes: OverviewData['programmes']['nodes'];
  lang: Lang;
  countryCodes: string[];
  countryName: (code: string) => string;
}) {
  const { bars, undated } = useMemo(() => programmeTimeline(programmes, lang), [programmes, lang]);
  const config = useMemo<BarConfig>(() => {
    const countries = [...new Set(bars.map((b) => b.country))].sort();
    const truncate = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
    return {
      type: 'bar',
      data: {
        labels: bars.map((b) => truncate(b.label)),
        // One dataset per country (for the legend and colours); each bar sits in its own row.
        datasets: countries.map(
          (country) =>
            ({
              label: countryName(country),
              country,
              data: bars.map((b) => (b.country === country ? [b.from, b.to] : null)),
              backgroundColor: colourOf(country, countryCodes),
              grouped: false,
              barPercentage: 0.8,
            }) as BarDataset,
        ),
      },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { min: Math.floor(Math.min(...bars.map((b) => b.from))), ticks: { stepSize: 1, callback: (v) => String(v) } },
          y: { ticks: { autoSkip: false, font: { size: 11 } } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (item) => {
                const b = bars[item.dataIndex];
                return barTooltip(b);
              },
            },
          },
        },
      },
    };
  }, [bars, countryCodes, countryName]);
  return (
    <>
      {bars.length > 0 && <ChartCanvas id="programme-timeline" label="Programmes over time" config={config} height={bars.length * 24 + 70} />}
      {undated.length > 0 && (
        <p class="muted">
          Undated ({undated.length}): {undated.map((p) => `${p.country?.code ?? ''} ${textIn(p.title, lang)}`).join('; ')}
        </p>
      )}
    </>
  );
}
