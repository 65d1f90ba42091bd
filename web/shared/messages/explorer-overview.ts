import type { Message } from '../i18n';

/** The regional overview page and its charts (web/overview; part of the catalogue in explorer.ts). */
const en = {
  'overview.title': 'ILO country offices: regional overview',
  'overview.byYear': 'Events per year by country',
  'overview.byType': 'Events by type',
  'overview.counts': 'Counts per country',
  'overview.timeline': 'Programmes timeline',
  'overview.reach': 'Partners present in two or more countries',
  'overview.latestChange': 'Latest change',
  'overview.lastKnown': 'last known data, as of {date}',
  'overview.asOf':
    'Figures as each office\'s server answered them just now (or its last known data, where marked so); "latest change" is the most recent edit of an event or programme there.',
  'overview.asTable': 'The figures as a table (links open the records)',
  'overview.year': 'Year',
  'overview.noReach': 'No partner is recorded by two or more of the selected countries.',
  'overview.countries': 'Countries',
  'overview.asRecorded': 'As each office records it',
  'overview.firstProgrammes': 'Showing the first {shown} of {total} programmes.',
  'chart.events': 'events',
  'chart.byYearLabel': 'Events per year, stacked by country; click a bar for its events',
  'chart.byTypeLabel': 'Events by type; click a bar for its events',
  'chart.timelineLabel': 'Programmes over time, each row named by its country; click a bar for the programme',
  'chart.undatedProgrammes': 'Undated ({count}):',
} satisfies Record<string, Message>;

const ru: Record<keyof typeof en, Message> = {
  'overview.title': 'Страновые бюро МОТ: региональный обзор',
  'overview.byYear': 'Мероприятия по годам и странам',
  'overview.byType': 'Мероприятия по типам',
  'overview.counts': 'Итоги по странам',
  'overview.timeline': 'Программы во времени',
  'overview.reach': 'Партнёры, присутствующие в двух и более странах',
  'overview.latestChange': 'Последнее изменение',
  'overview.lastKnown': 'последние известные данные на {date}',
  'overview.asOf':
    'Показатели — такие, какими их только что сообщил сервер каждого бюро (или последние известные данные, где это отмечено); «последнее изменение» — самая поздняя правка мероприятия или программы в нём.',
  'overview.asTable': 'Показатели таблицей (ссылки открывают записи)',
  'overview.year': 'Год',
  'overview.noReach': 'Ни один партнёр не записан двумя или более из выбранных стран.',
  'overview.countries': 'Страны',
  'overview.asRecorded': 'Как его записывает каждое бюро',
  'overview.firstProgrammes': 'Показаны первые {shown} из {total} программ.',
  'chart.events': 'мероприятия',
  'chart.byYearLabel': 'Мероприятия по годам с разбивкой по странам; нажмите на столбец, чтобы увидеть мероприятия',
  'chart.byTypeLabel': 'Мероприятия по типам; нажмите на столбец, чтобы увидеть мероприятия',
  'chart.timelineLabel': 'Программы во времени, каждая строка названа по стране; нажмите на полосу, чтобы открыть программу',
  'chart.undatedProgrammes': 'Без даты ({count}):',
};

export const explorerOverview = { en, ru };
