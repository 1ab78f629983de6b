/**
 * Complaint phrases: a customer asking for money back, something not working, waiting for what
 * was promised, a threat to escalate. Matched on the normalised text (lower case, ё → е) with
 * Russian endings spelt as alternatives, so "верните мне деньги", "вернуть деньги" and "возврат
 * средств" are one rule. A complaint pulls the sentiment down whatever the polite words around it.
 */
export interface ComplaintRule {
  key: string;
  re: RegExp;
}

const W = String.raw`(?:\s+[\p{L}-]+){0,2}\s+`; // up to two words between

export const COMPLAINT_RULES: ComplaintRule[] = [
  {
    key: 'refund',
    re: new RegExp(
      String.raw`(^|[^\p{L}])(верн(ите|уть|ете)|возврат(ите)?)${W}?(мне\s+|мои\s+|наши\s+)?(деньг|денег|средств|оплат)`,
      'u',
    ),
  },
  { key: 'refund', re: /(требую|хочу|жду)\s+(возврат|вернуть)/u },
  { key: 'refund', re: /\b(refund|money back|chargeback|charge back|want my money)/u },
  {
    key: 'not-working',
    re: /(^|[^\p{L}])(не|перестал[аио]?)\s+(работа|функционир|гружа|загружа|открыва|приход(ит|ят)\s+(смс|код)|прош[её]л\s+платеж)/u,
  },
  {
    key: 'not-working',
    re: /(^|[^\p{L}])не\s+(могу|можем|может|получается|удается|удалось)\s+(войти|зайти|оплатить|дозвониться|вернуть|снять|перевести|отменить|залогиниться|авторизоваться)/u,
  },
  {
    key: 'not-working',
    re: /\b(does ?n[o']?t|did ?n[o']?t|is ?n[o']?t|not|stopped|never)\s+(work|working|load|loading|open|opening|go through)\b/u,
  },
  {
    key: 'not-working',
    re: /\b(can ?n[o']?t|unable to|could ?n[o']?t)\s+(log ?in|sign ?in|pay|access|reach|get through|cancel|withdraw|transfer)/u,
  },
  {
    key: 'waiting',
    re: /(до сих пор|так и не|уже\s+(\d+|два|три|четыре|пять|неделю|месяц|вторую|третью|третий|второй)[\p{L}\s]{0,20}(жд|не))|(жду|ждем|ждать)\s+(уже|больше|второй|третий|неделю|месяц)|сколько можно/u,
  },
  {
    key: 'waiting',
    re: /\b(still waiting|still (have|has)n[o']?t|never (arrived|came|received|showed up|got)|(has|have)n[o']?t (arrived|received|been delivered)|not (yet )?(arrived|delivered|received))/u,
  },
  {
    key: 'not-delivered',
    re: /(^|[^\p{L}])не\s+(привез|доставил|пришл[аои]?|приш[её]л|получил|положил|вернул|ответил|перезвонил|связал)/u,
  },
  {
    key: 'charged',
    re: /(списал[аи]?|сняли)\s+(дважды|два раза|лишн|без\s+(моего\s+)?(согласия|ведома)|деньги\s+(дважды|два раза|без))|двойное списание/u,
  },
  { key: 'charged', re: /\b(charged|billed)\s+(me\s+)?(twice|two times|double|without)|double[- ]charged/u },
  { key: 'escalation', re: /(жалоб[уа]|претензи|пожалуюсь|роспотребнадзор|прокуратур|в суд\b|цб\b|центробанк)/u },
  { key: 'escalation', re: /\b(complaint|complain|report(ing)? (you|this) to|lawyer|sue\b|bbb\b|ombudsman)/u },
  { key: 'fraud', re: /(обманул|мошенни|развели|кинули|обсчитал)/u },
  { key: 'fraud', re: /\b(scam|fraud|ripped off|rip[- ]?off)/u },
  { key: 'rude', re: /(нахамил|хамств|хамят|хамка|нагрубил)/u },
];

/** The keys of the complaint rules that match (each key once). */
export function complaintKeys(normalised: string): string[] {
  const keys = new Set<string>();
  for (const r of COMPLAINT_RULES) if (!keys.has(r.key) && r.re.test(normalised)) keys.add(r.key);
  return [...keys];
}
