import type en from './companies.en.ts';

/** Тексты CRM (companies), по-русски. */
const companies: typeof en = {
  title: 'Компании',
  description: 'Организации, в которых работают ваши контакты, с их сделками и историей.',
  new: 'Новая компания',
  newTitle: 'Новая компания',
  editTitle: 'Изменить компанию',
  created: '{{name}}: компания добавлена',
  updated: 'Изменения сохранены',
  deleted: 'Компания удалена',
  deleteTitle: 'Удалить «{{name}}»?',
  deleteText: 'Компания исчезнет из списков. Её сотрудники останутся, но без компании.',
  searchPlaceholder: 'Название, домен или город',
  empty: 'Компаний пока нет',
  emptyText: 'Добавьте компанию вручную или загрузите CSV-файл.',
  emptyFiltered: 'По запросу ничего не найдено',
  notFound: 'Такой компании нет. Возможно, её удалили.',
  details: 'Реквизиты',
  people: 'Сотрудники',
  noPeople: 'Из этой компании пока никого нет.',
  openInList: 'Открыть в списке людей',
  fields: {
    name: 'Название',
    domain: 'Домен',
    website: 'Сайт',
    industry: 'Отрасль',
    size: 'Размер',
    phone: 'Телефон',
  },
  rollups: {
    people: 'Сотрудников',
    openDeals: 'Открытые сделки',
    wonDeals: 'Выигранные сделки',
    lastActivity: 'Последняя активность',
  },
};
export default companies;
