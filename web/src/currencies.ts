/** The currencies offered in pickers (deals, the workspace's currency); the API takes any ISO 4217 code. */
export const CURRENCIES = ['RUB', 'USD', 'EUR', 'KZT', 'BYN', 'CNY'];
