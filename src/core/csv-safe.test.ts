import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, isFormulaCell, neutraliseCsvCell } from './csv-safe.ts';

describe('CSV formula neutralisation (OWASP)', () => {
  it("prefixes cells starting with = + - @ tab or CR with '", () => {
    for (const v of [
      '=1+1',
      '=HYPERLINK("http://x","y")',
      '+1-2',
      "-2+3+cmd|' /C calc'!A0",
      '@SUM(A1)',
      '\tx',
      '\rx',
      '-1e3',
      '+5 5',
    ])
      expect([v, neutraliseCsvCell(v)]).toEqual([v, `'${v}`]);
    for (const v of ['plain', '', ' =not first', "'=already", 'a=b']) expect(neutraliseCsvCell(v)).toBe(v);
  });
  it('leaves plain signed numbers (typed or text: -5, a negative amount, an E.164 phone) as they are', () => {
    for (const v of ['-5', '-1500.5', '+79123456789', '0', '12,5']) expect(isFormulaCell(v)).toBe(false);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(['=a', 'b'])).toBe("'=a, b");
    expect(csvCell(null)).toBe('');
    expect(csvRow(['=x', 'y'])).toBe("'=x,y\n");
  });
});
