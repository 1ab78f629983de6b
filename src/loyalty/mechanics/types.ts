/**
 * The pure side of the offers engine: a cart as lines of units with prices in kopecks, and what a
 * promotion gives. Each mechanic is one function over the lines (its own file); evaluate.ts runs
 * them in order. Nothing here reads the database.
 */

/** One cart line as the mechanics see it; amounts are kopecks (integers). */
export interface Line {
  /** Its position in the request's cart (`cart.lines.<index>`). */
  index: number;
  sku: string;
  category: string | null;
  quantity: number;
  /** Unit price in kopecks. */
  price: number;
  /** Units already free (a buy-N-get-M before). */
  free: number;
  /** Kopecks already taken off the paid units (a percent-off before). */
  discount: number;
  /** Whether a percent-off was applied to it already (two never stack on one line). */
  percentApplied: boolean;
}

export interface Reward {
  /** Kopecks. */
  discount: number;
  freeItems: { sku: string; quantity: number }[];
  gifts: { sku: string; quantity: number }[];
  points: number;
}

/** Which products a mechanic applies to: none given = every product. */
export interface ProductFilter {
  skus?: string[];
  categories?: string[];
}

export const emptyReward = (): Reward => ({ discount: 0, freeItems: [], gifts: [], points: 0 });

/** Whether a reward gives anything. */
export const gives = (r: Reward) => r.discount > 0 || r.freeItems.length > 0 || r.gifts.length > 0 || r.points > 0;

export function matches(line: Line, f: ProductFilter): boolean {
  const skus = f.skus ?? [];
  const categories = f.categories ?? [];
  if (!skus.length && !categories.length) return true;
  return skus.includes(line.sku) || (line.category !== null && categories.includes(line.category));
}

/** Units of a line still paid for. */
export const paidUnits = (l: Line) => l.quantity - l.free;
/** Kopecks still paid for a line. */
export const paidAmount = (l: Line) => paidUnits(l) * l.price - l.discount;

/** Rubles (2 decimals) → kopecks. */
export const kopecks = (rubles: number) => Math.round(rubles * 100);
/** Kopecks → rubles. */
export const rubles = (k: number) => Math.round(k) / 100;

/** The result of a mechanic: its reward and the lines as the next mechanic sees them. */
export interface Applied {
  reward: Reward;
  lines: Line[];
}
