/**
 * One layout per printed form, rendered twice: as an A4 HTML page (html.ts) and as a PDF
 * (pdf.ts). Both renderers walk the same blocks, so the page and the PDF can never disagree
 * about which field is printed where.
 */

export interface Cell {
  text: string;
  /** a printed label of the paper form (shaded, centred) rather than a filled-in value */
  label?: boolean;
  colSpan?: number;
  align?: 'left' | 'center' | 'right';
  bold?: boolean;
}

export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  /** a line of text outside the tables: the roster's header, signature lines */
  | { kind: 'line'; text: string; align?: 'left' | 'center' | 'right' }
  /** `widths` are relative weights of the columns; every row spans all of them */
  | { kind: 'table'; widths: number[]; rows: Cell[][]; headerRows?: number; fontSize?: number }
  | { kind: 'pageBreak' };

export interface PrintDoc {
  /** the browser tab's title and the PDF's file name */
  title: string;
  orientation: 'portrait' | 'landscape';
  blocks: Block[];
}

export const label = (text: string, colSpan?: number): Cell => ({ text, label: true, ...(colSpan && { colSpan }) });
export const value = (text: string | number | null | undefined, colSpan?: number): Cell => ({
  text: text === null || text === undefined ? '' : String(text),
  ...(colSpan && { colSpan }),
});

/** Label/value pairs laid out `perRow` pairs a row; a short last row stretches its last value. */
export function pairRows(pairs: Array<[string, string | number | null | undefined]>, perRow: number): Cell[][] {
  const rows: Cell[][] = [];
  for (let i = 0; i < pairs.length; i += perRow) {
    const chunk = pairs.slice(i, i + perRow);
    const cells: Cell[] = [];
    chunk.forEach(([l, v], j) => {
      cells.push(label(l));
      const last = j === chunk.length - 1;
      cells.push(value(v, last ? 1 + 2 * (perRow - chunk.length) : undefined));
    });
    rows.push(cells.map((c) => (c.colSpan === 1 ? { ...c, colSpan: undefined } : c)));
  }
  return rows;
}

/** Every string a reader sees in the document, in order (tests compare it with the seed). */
export function docTexts(doc: PrintDoc): string[] {
  const out: string[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'table') for (const row of b.rows) for (const c of row) out.push(c.text);
    else if (b.kind !== 'pageBreak') out.push(b.text);
  }
  return out;
}
