/**
 * A layout as a print-ready A4 page: the paper form's grid, Chinese fonts, a 打印 button that
 * is not printed. The button's script is a same-origin file (`PRINT_SCRIPT_PATH`) because the
 * app's Content-Security-Policy forbids inline scripts.
 */
import { escapeHtml } from './format';
import type { Block, Cell, PrintDoc } from './layout';

/** Where `printRoutes` serves the button's script; the router is mounted at /api. */
export const PRINT_SCRIPT_PATH = '/api/print/print.js';
export const PRINT_SCRIPT = "document.getElementById('print-button').addEventListener('click', function () { window.print(); });\n";

const CSS = (orientation: PrintDoc['orientation']) => `
@page { size: A4 ${orientation}; margin: 12mm 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimSun", sans-serif; font-size: 10.5pt; color: #000; background: #e9e9e9; }
.toolbar { position: sticky; top: 0; padding: 8px 16px; background: #fff; border-bottom: 1px solid #ccc; display: flex; gap: 12px; align-items: center; }
.toolbar button { font: inherit; font-size: 11pt; padding: 4px 20px; cursor: pointer; }
.toolbar .hint { color: #666; font-size: 9pt; }
.sheet { width: ${orientation === 'portrait' ? '210mm' : '297mm'}; min-height: ${orientation === 'portrait' ? '297mm' : '210mm'}; margin: 12px auto; padding: 12mm; background: #fff; box-shadow: 0 0 4px rgba(0,0,0,.2); }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; font-weight: bold; }
h2 { font-size: 12pt; margin: 4mm 0 2mm; font-weight: bold; text-align: center; }
p.line { margin: 3mm 0; white-space: pre-wrap; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 3mm; page-break-inside: auto; }
tr { page-break-inside: avoid; }
td, th { border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: middle; word-break: break-all; white-space: pre-wrap; }
td.label, th { background: #f2f2f2; text-align: center; font-weight: normal; }
td.bold { font-weight: bold; }
thead { display: table-header-group; }
@media print {
  body { background: #fff; }
  .toolbar { display: none; }
  .sheet { margin: 0; padding: 0; width: auto; min-height: 0; box-shadow: none; }
  .page-break { break-after: page; }
}`;

function cell(c: Cell, tag: 'td' | 'th'): string {
  const classes = [c.label && tag === 'td' ? 'label' : '', c.bold ? 'bold' : ''].filter(Boolean).join(' ');
  const attrs = [c.colSpan && c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '', classes ? ` class="${classes}"` : '', c.align ? ` style="text-align:${c.align}"` : ''].join('');
  return `<${tag}${attrs}>${escapeHtml(c.text)}</${tag}>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'title':
      return `<h1>${escapeHtml(b.text)}</h1>`;
    case 'subtitle':
      return `<h2>${escapeHtml(b.text)}</h2>`;
    case 'line':
      return `<p class="line"${b.align ? ` style="text-align:${b.align}"` : ''}>${escapeHtml(b.text)}</p>`;
    case 'pageBreak':
      return '<div class="page-break"></div>';
    case 'table': {
      const total = b.widths.reduce((s, w) => s + w, 0);
      const cols = b.widths.map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%">`).join('');
      const head = b.rows.slice(0, b.headerRows ?? 0).map((r) => `<tr>${r.map((c) => cell(c, 'th')).join('')}</tr>`).join('');
      const body = b.rows.slice(b.headerRows ?? 0).map((r) => `<tr>${r.map((c) => cell(c, 'td')).join('')}</tr>`).join('');
      const size = b.fontSize ? ` style="font-size:${b.fontSize}pt"` : '';
      return `<table${size}><colgroup>${cols}</colgroup>${head ? `<thead>${head}</thead>` : ''}<tbody>${body}</tbody></table>`;
    }
  }
}

/** The whole page; `pdfHref` links the same document as PDF. */
export function renderHtml(doc: PrintDoc, opts: { pdfHref?: string; notice?: string } = {}): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS(doc.orientation)}</style>
</head>
<body>
<div class="toolbar"><button type="button" id="print-button">打印</button>${opts.pdfHref ? `<a href="${escapeHtml(opts.pdfHref)}">下载 PDF</a>` : ''}<span class="hint">${escapeHtml(opts.notice ?? '请使用 A4 纸打印')}</span></div>
<div class="sheet">
${doc.blocks.map(block).join('\n')}
</div>
<script src="${PRINT_SCRIPT_PATH}"></script>
</body>
</html>
`;
}
