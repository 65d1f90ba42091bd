import type { ChartConfiguration, ChartEvent, ActiveElement } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { listHref, recordHref, yearRange } from '../explorer/route';
import { enumLabel, t } from '../explorer/text';
import { ChartCanvas } from './chart-canvas';
import { barTooltip, colourOf, eventsByType, eventsByYear, programmeTimeline, textIn, type Lang, type OverviewData } from './data';

type BarConfig = ChartConfiguration<'bar', unknown[], string>;
/** Our datasets carry extra fields (country, types) that the tooltips and clicks read back. */
type BarDataset = BarConfig['data']['datasets'][number];

/**
 * A click on a bar opens the records behind it in the explorer (the figures' tables below each
 * chart hold the same links for the keyboard). `href` maps the bar to its address.
 */
function drillDown(href: (datasetIndex: number, index: number) => string | null) {
  return {
    onClick: (_e: ChartEvent, elements: ActiveElement[]) => {
      const hit = elements[0];
      const target = hit && href(hit.datasetIndex, hit.index);
      if (target) window.location.assign(target);
    },
    onHover: (e: ChartEvent, elements: ActiveElement[]) => {
      const canvas = e.native?.target as HTMLCanvasElement | undefined;
      if (canvas) canvas.style.cursor = elements.length ? 'pointer' : 'default';
    },
  };
}

export function EventsByYearChart({ rows, countryName, search }: { rows: OverviewData['byYear']; countryName: (code: string) => string; search: string }) {
  const config = useMemo<BarConfig>(() => {
    const { years, labels, series } = eventsByYear(rows);
    return {
      type: 'bar',
      data: {
        labels,
        datasets: series.map(
          (s) => ({ label: countryName(s.country), country: s.country, data: s.counts, backgroundColor: colourOf(s.country) }) as BarDataset,
        ),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: t('chart.events') } } },
        ...drillDown((d, i) => listHref('events', { country: series[d]?.country, ...yearRange(years[i]) }, search)),
      },
    };
  }, [rows, countryName, search]);
  return <ChartCanvas id="events-by-year" label={t('chart.byYearLabel')} config={config} />;
}

export function EventsByTypeChart({ rows, countries, search }: { rows: OverviewData['byType']; countries: string | undefined; search: string }) {
  const config = useMemo<BarConfig>(() => {
    const { types, counts } = eventsByType(rows);
    return {
      type: 'bar',
      data: {
        labels: types.map((type) => enumLabel('EventType', type)),
        datasets: [{ label: t('chart.events'), types, data: counts, backgroundColor: '#1f5f99' } as BarDataset],
      },
      options: {
        indexAxis: 'y',
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        ...drillDown((_d, i) => listHref('events', { country: countries, type: types[i] }, search)),
      },
    };
  }, [rows, countries, search]);
  return <ChartCanvas id="events-by-type" label={t('chart.byTypeLabel')} config={config} height={Math.max(160, rows.length * 26 + 40)} />;
}

/**
 * A row's label names its country first (the components of one multi-country programme share
 * code and title). Long titles are cut to fit; on a narrow screen the label takes two short lines
 * (country and code, then the title) so the bars keep their width and nothing is cut off.
 */
const narrow = () => window.innerWidth < 600;
function rowLabel(label: string): string | string[] {
  const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
  if (!narrow()) return cut(label, 60);
  const parts = label.split(' · ');
  const head = parts.length > 2 ? parts.slice(0, 2).join(' · ') : parts[0];
  return [cut(head, 22), cut(parts.slice(parts.length > 2 ? 2 : 1).join(' · '), 22)];
}

export function ProgrammeTimeline({
  programmes,
  lang,
  countryName,
  search,
}: {
  programmes: NonNullable<OverviewData['programmes']>['nodes'];
  lang: Lang;
  countryName: (code: string) => string;
  search: string;
}) {
  const { bars, undated } = useMemo(() => programmeTimeline(programmes, lang), [programmes, lang]);
  const config = useMemo<BarConfig>(() => {
    const countries = [...new Set(bars.map((b) => b.country))].sort();
    const statusText = (s: string | null) => (s ? enumLabel('ActivityStatus', s) : t('status.unstated'));
    return {
      type: 'bar',
      data: {
        labels: bars.map((b) => rowLabel(b.label)) as string[],
        // One dataset per country (for the legend and colours); each bar sits in its own row.
        datasets: countries.map(
          (country) =>
            ({
              label: countryName(country),
              country,
              data: bars.map((b) => (b.country === country ? [b.from, b.to] : null)),
              backgroundColor: colourOf(country),
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
        plugins: { tooltip: { callbacks: { label: (item) => barTooltip(bars[item.dataIndex], statusText) } } },
        ...drillDown((_d, i) => (bars[i] ? recordHref(bars[i].id, search) : null)),
      },
    };
  }, [bars, countryName, search]);
  return (
    <>
      {bars.length > 0 && (
        <ChartCanvas id="programme-timeline" label={t('chart.timelineLabel')} config={config} height={bars.length * (narrow() ? 34 : 24) + 70} />
      )}
      {undated.length > 0 && (
        <p class="muted" id="undated-programmes">
          {t('chart.undatedProgrammes', { count: undated.length })}{' '}
          {undated.map((p, i) => (
            <span key={p.id}>
              {i > 0 && '; '}
              <a href={recordHref(p.id, search)}>
                {p.country?.code ?? p.id.slice(0, 2)} · {textIn(p.title, lang)}
              </a>
            </span>
          ))}
        </p>
      )}
    </>
  );
}
