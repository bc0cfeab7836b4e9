/** How values are written on the printed forms. Money is integer fen in, yuan with two decimals out. */

/** 123456 → "1234.56", -5 → "-0.05"; integer arithmetic only (SPEC §2). */
export function yuan(fen: number | bigint | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const n = BigInt(fen);
  const abs = n < 0n ? -n : n;
  const cents = abs % 100n;
  return `${n < 0n ? '-' : ''}${abs / 100n}.${cents < 10n ? '0' : ''}${cents}`;
}

/** "2026-03-02" → "2026年03月02日"; empty stays empty. */
export function chineseDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return d ? `${y}年${m}月${d}日` : m ? `${y}年${m}月` : `${y}年`;
}

/** 出生年月 of attachments 3 and 4: "1980-03-15" → "1980年03月". */
export function yearMonth(iso: string | null | undefined): string {
  return iso ? chineseDate(iso.slice(0, 7)) : '';
}

/** ■ for a ticked box, □ for an empty one: both are in Noto Sans CJK (☑ is not). */
export const box = (checked: boolean) => (checked ? '■' : '□');

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
