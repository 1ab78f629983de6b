/**
 * Complaint phrases: a customer asking for money back, something not working, waiting for what
 * was promised, a threat to escalate. Matched on the normalised text (lower case, ё → е) with
 * Russian endings spelt as alternatives, so "верните мне деньги", "вернуть деньги" and "возврат
 * средств" are one rule. A complaint pulls the sentiment down whatever the polite words around it.
 */
export interface ComplaintRule {
  key: string;
  re: RegExp;
  /** A negation just before the match undoes it: "ни одной претензии", "no complaints", "never a scam". */
  negatable?: boolean;
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
    re: /(^|[^\p{L}])(не|никак не)\s+(могу|можем|может|смог|смогла|смогли|получается|получилось|удается|удалось)\s+\p{L}+/u,
  },
  {
    key: 'not-working',
    re: /(^|[^\p{L}])не\s+(проход(ит|ят)|принима(ет|ют)|открыва(ет|ют)ся|приход(ит|ят)\s+(смс|код|письмо))/u,
  },
  {
    key: 'not-working',
    re: /\b(does ?n[o']?t|did ?n[o']?t|is ?n[o']?t|not|stopped|never|barely|hardly)\s+(works?|working|loads?|loading|opens?|opening|go through)\b/u,
  },
  {
    key: 'not-working',
    re: /\b(can ?n[o']?t|unable to|could ?n[o']?t|(have|has)n[o']?t been able to|not able to)\s+(log ?in|sign ?in|pay|access|reach|get through|cancel|withdraw|transfer|close|open|use|find|get)\b/u,
  },
  { key: 'not-working', re: /\bnothing works\b|\b(payment|card|transfer) (failed|declined|did ?n[o']?t go through)/u },
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
  {
    key: 'escalation',
    re: /(жалоб[уаы]|претензи|пожалуюсь|роспотребнадзор|прокуратур|в суд(?!\p{L})|(^|[^\p{L}])цб(?!\p{L})|центробанк)/u,
    negatable: true,
  },
  {
    key: 'escalation',
    re: /\b(complaints?|complain|report(ing)? (you|this) to|lawyer|sue\b|bbb\b|ombudsman)/u,
    negatable: true,
  },
  { key: 'fraud', re: /(обманул|мошенни|развели|кинули|обсчитал)/u, negatable: true },
  { key: 'fraud', re: /\b(scam|fraud|ripped off|rip[- ]?off|shortchanged)/u, negatable: true },
  { key: 'rude', re: /(нахамил|хамств|хамят|хамка|нагрубил)/u, negatable: true },
  { key: 'rude', re: /\b(rude|snapping at|yelled at|hung up on)\b/u, negatable: true },
  // The same failure again: "третий раз собираю заказ", "опять", "not the first time", "yet again".
  {
    key: 'repeated',
    re: /(^|[^\p{L}])((второй|третий|четвертый|пятый|который|очередной)\s+раз|опять|не\s+(в\s+)?первый\s+раз)(?!\p{L})/u,
  },
  {
    key: 'repeated',
    re: /\b(yet again|(second|third|fourth|fifth|umpteenth) time|not the first time|every single time)\b/u,
  },
];

const NEGATED_BEFORE =
  /(?:^|[^\p{L}])(ни|ни одной|ни одного|нет|без|никаких|no|not a|not a single|not one|zero|never had an?|never a|without)(?:\s+\p{L}+)?\s*$/u;

/** The keys of the complaint rules that match (each key once). */
export function complaintKeys(normalised: string): string[] {
  const keys = new Set<string>();
  for (const r of COMPLAINT_RULES) {
    if (keys.has(r.key)) continue;
    const m = r.re.exec(normalised);
    if (!m) continue;
    if (
      r.negatable &&
      NEGATED_BEFORE.test(
        normalised.slice(Math.max(0, m.index - 30), m.index + (m[0].length - m[0].trimStart().length)),
      )
    )
      continue;
    keys.add(r.key);
  }
  return [...keys];
}

/**
 * Signs of trouble without a sentiment word: the wrong thing ("вместо", "instead of"), something
 * missing ("не хватает", "половины нет"), a long wait ("через три часа", "after five days").
 * Each weighs −1; they do not make the text a complaint.
 */
export const NEGATIVE_CUES: { key: string; re: RegExp }[] = [
  {
    key: 'instead',
    re: /(^|[^\p{L}])вместо(?!\p{L})|\binstead of\b|\b(got|received|sent|gave|brought|delivered|charged)\b[^.!?;]{0,40}\binstead\b/u,
  },
  {
    key: 'missing',
    re: /(^|[^\p{L}])(не хватает|не доложили|половин[аы] нет)|\b(half (of )?(the|my) \p{L}+ (is|are|was|were) missing|(items?|things?) missing)\b/u,
  },
  {
    key: 'long-wait',
    re: /(^|[^\p{L}])(через|уже|спустя)\s+(\d+|два|две|три|четыре|пять|шесть|семь|полтора|полторы|трое|пятые|сутки|неделю|месяц)\s*(час|дн|дня|суток|сутки|недел|месяц)|\b(after|for|over|took(?: me| us| them)?(?: almost| nearly| over| about)?)\s+(\d+|two|three|four|five|six|seven|several)\s+(hours|days|weeks|months)\b/u,
  },
];

/**
 * English only (chosen on bench/labelled/valid-en.jsonl, never on the held-out half): praise denied
 * in a roundabout way ("not exactly fast", "wouldn't say it was tasty", "hardly what I'd call
 * service"), things billed or sent that were never ordered, damage soon after buying, the same
 * fault still there. Each weighs −1 like the cues above.
 */
const EN_NEGATIVE_CUES: { key: string; re: RegExp }[] = [
  {
    key: 'indirect-negation',
    re: /\b(not exactly|not quite|not really|not particularly|not the best|not my favou?rite|not (that|very|too|overly) (good|great|nice|helpful|friendly|tasty|fresh|clean|impressed)|hardly (what|a|the|any)|would ?n[o']?t (say|call)|(can ?n[o']?t|could ?n[o']?t) say (i|we|it|that|they)|did ?n[o']?t (exactly|particularly|really|find)|i'?m not (sure|convinced) (anyone|that|the|they|it)|expected (better|more)|bit of a letdown|not worth)\b/u,
  },
  {
    key: 'not-ordered',
    re: /\b(i|we) (never|did ?n[o']?t|had ?n[o']?t) (order|ordered|ask for|asked for|buy|bought|sign up|signed up)\b|\b(asked|paid) for [\p{L} ]{1,20}, (got|there (was|were))\b/u,
  },
  {
    key: 'soon-broken',
    re: /\b(after|within) (a|one|two|three|a few|\d+) (days?|weeks?|months?|uses|washes)( of (normal |light )?use)?\b|\b(in|after) the first (wash|use|week|day|month)\b/u,
  },
  // Not as shown: "looked much better in the pictures", "a size smaller than the size chart says".
  {
    key: 'not-as-described',
    re: /\b(looks?|looked|seemed|sounded) (much |a lot |way |so |far )?(better|nicer|bigger|brighter) (in|on) the (pictures?|photos?|website|site|ad|advert|listing|description)\b|\b(smaller|bigger|shorter|thinner|cheaper-looking|different) than (the |what )?(size chart|described|pictured|advertised|shown|photos?|pictures?|listing|description)/u,
  },
  // A fix denied: "they never fixed my issue", "still haven't resolved it" (the negation would read the problem as praise).
  {
    key: 'not-fixed',
    re: /(\bnever|\bnot|\bnobody|\bno one|n't|\b(did|does|has|have|had|was|were|is|are|could|ca|wo)nt)( [\p{L}]+)? (fixed|solved|resolved|sorted|answered|repaired|replaced|refunded)\b/u,
  },
  // Out of stock again and again: "always out of stock of my insulin", "never in stock".
  {
    key: 'out-of-stock',
    re: /\b(always|constantly|again|still|forever) (out of stock|sold out)\b|\bnever in stock\b/u,
  },
  {
    key: 'still-broken',
    re: /\bstill (leaks|leaking|broken|not|no|does ?n[o']?t|is ?n[o']?t|has ?n[o']?t|the same)\b|\b(the )?same (problem|issue|fault|error|defect|noise|crackling|leak)\b/u,
  },
];

/** The keys of the negative cues found (the English ones on English text only). */
export function negativeCues(normalised: string, language = ''): string[] {
  const cues = NEGATIVE_CUES.filter((c) => c.re.test(normalised)).map((c) => c.key);
  if (language === 'en') for (const c of EN_NEGATIVE_CUES) if (c.re.test(normalised)) cues.push(c.key);
  return cues;
}

/**
 * English praise through negation or without a sentiment word (chosen on valid-en.jsonl): "couldn't
 * have asked for better", "wouldn't shop anywhere else", "no hidden fees", "not once did they",
 * "I'll definitely book again", "earlier than promised", "made my day". Each weighs +1.
 */
const EN_POSITIVE_CUES: { key: string; re: RegExp }[] = [
  {
    key: 'praise-negated',
    re: /\b(could ?n[o']?t|can ?n[o']?t) (have )?(ask|wish|hope) for (a |an |anything )?(better|more)|\bwithout (a|any|a single) (scratch|dent|hitch|hiccup|fuss|hassle|problem|issue|question)s?\b|\bno questions asked\b|\b(has|have|had)n[o']?t (faded|shrunk|broken|failed|stopped working|let (me|us) down)\b|\bstill (works|looks|runs|working|running) (like new|great|perfectly|fine|like a charm)\b|\b(would ?n[o']?t|wo ?n[o']?t) (shop|go|buy|order|bank|eat|stay|book) anywhere else|\bno hidden (fees|charges|costs|extras)|\bnot once did|\bnever (had|have had) (a|any|one) (problem|issue|complaint)s?|\bnothing (but praise|to complain about)|\bnot a single (problem|issue|complaint|broken|scratch|dropped|delay)|\bhave ?n[o']?t had a single (problem|issue|complaint|dropped)/u,
  },
  {
    key: 'again',
    re: /\b(definitely|certainly|happily|gladly|will|i'?ll|we'?ll|would) (book|order|buy|come|shop|stay|use (you|them|it)) (here |there |with (you|them) |from (you|them) )?again\b/u,
  },
  {
    key: 'resolved',
    re: /\b(was|were|got|been|all|is|are|it'?s) (sorted|resolved|fixed|solved|sorted out)( (in|within|on the spot|quickly|straight away|right away|immediately|the same day|fast))\b|(?<!(\bnot|\bnever|\bnobody|\bno one|n't|\b(did|does|do|has|have|had|was|were|is|are|could|would|ca|wo)nt)\s+)\b(fixed|solved|sorted( out)?|resolved|handled|understood|dealt with)( (my|the|our|this|that|his|her))?( [\p{L}-]+)? (issue|problem|complaint|query|fault)s?\b/u,
  },
  {
    key: 'improved',
    re: /\b(is|are|it'?s|now|feels) (so |way |much |a lot )+(faster|quicker|better|easier|smoother)\b/u,
  },
  {
    key: 'better-than-promised',
    re: /\b(earlier|sooner|less|cheaper|faster|quicker) than (i |we )?(promised|expected|quoted|estimated|planned|advertised)\b|\b(less|cheaper|lower) than (in |at )?(any|every)(where| other)\b|\bahead of schedule\b|\bin (under|less than) (\d+|an?|one|two|half an) (minutes?|mins|hours?|days?)\b|\bmade (my|our) ([\p{L}']+ )?day\b/u,
  },
  {
    key: 'saves',
    re: /\bsav(es|ed|ing) (me|us) (about |around |over |almost |nearly |at least )?(\p{N}|money|time|a lot|a fortune|hours)/u,
  },
];

/** The keys of the positive cues found (English text only). */
export function positiveCues(normalised: string, language = ''): string[] {
  if (language !== 'en') return [];
  return EN_POSITIVE_CUES.filter((c) => c.re.test(normalised)).map((c) => c.key);
}

/**
 * English signs of a plain statement or question rather than a verdict (chosen on
 * bench/labelled/valid-en-2.jsonl): a negation about something not done yet ("I haven't opened the
 * box yet", "not a customer yet"), and a writer saying there is no complaint or hurry ("no rush",
 * "just asking", "not sure which size"). They weigh nothing in the rule score; the trained layer reads
 * them (feature `q:<key>`). (Also lowering the neutral margin for them changed no valid-en-2 label
 * once the layer had learnt them, so it was left out.)
 */
const EN_NEUTRAL_CUES: { key: string; re: RegExp }[] = [
  {
    key: 'not-yet',
    re: /\b(have|has|had|did|do|does|is|are|was|am|were|ca|could)n[o']?t\b[^.!?;,]{0,40}\byet\b|\bnot (\p{L}+ )?yet\b|\b(am|is|are|have|has) yet to\b/u,
  },
  {
    key: 'just-asking',
    re: /\b(no (rush|hurry)|not urgent|just (asking|wondering|checking|a question|curious)|not a complaint|not sure (if|whether|which|what|how|yet|when|where|about))\b/u,
  },
];

/** The keys of the neutral cues found (English text only). */
export function neutralCues(normalised: string, language = ''): string[] {
  if (language !== 'en') return [];
  return EN_NEUTRAL_CUES.filter((c) => c.re.test(normalised)).map((c) => c.key);
}
