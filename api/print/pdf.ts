/**
 * A layout as a PDF through pdfmake, with Noto Sans CJK SC embedded (subset) so the Chinese
 * prints on any machine. The font comes from Debian's `fonts-noto-cjk` (TOOLCHAIN.md); the
 * collection file holds several faces, picked by PostScript name.
 */
import { existsSync } from 'node:fs';
import pdfmake from 'pdfmake';
import type { Block, Cell, PrintDoc } from './layout';

export const CJK_FONT_DIR = '/usr/share/fonts/opentype/noto/';
export const CJK_FONT = { file: `${CJK_FONT_DIR}NotoSansCJK-Regular.ttc`, name: 'NotoSansCJKsc-Regular' };
const CJK_BOLD = { file: `${CJK_FONT_DIR}NotoSansCJK-Bold.ttc`, name: 'NotoSansCJKsc-Bold' };
const FAMILY = 'NotoSansCJKsc';

let configured = false;
function configure() {
  if (configured) return;
  if (!existsSync(CJK_FONT.file)) throw new Error(`缺少中文字体 ${CJK_FONT.file}：请安装 fonts-noto-cjk（apt-get install -y fonts-noto-cjk）`);
  const bold = existsSync(CJK_BOLD.file) ? CJK_BOLD : CJK_FONT;
  pdfmake.setFonts({
    [FAMILY]: {
      normal: [CJK_FONT.file, CJK_FONT.name],
      bold: [bold.file, bold.name],
      italics: [CJK_FONT.file, CJK_FONT.name],
      bolditalics: [bold.file, bold.name],
    },
  });
  // The forms embed nothing but the font: no remote fetches, no other local files.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => path.startsWith(CJK_FONT_DIR));
  configured = true;
}

type PdfCell = Record<string, unknown>;

function pdfCell(c: Cell): PdfCell[] {
  const out: PdfCell = {
    text: c.text,
    ...(c.colSpan && c.colSpan > 1 && { colSpan: c.colSpan }),
    ...(c.label && { fillColor: '#f2f2f2', alignment: 'center' }),
    ...(c.align && { alignment: c.align }),
    ...(c.bold && { bold: true }),
  };
  // pdfmake wants a placeholder for every column a cell spans
  return [out, ...Array.from({ length: (c.colSpan ?? 1) - 1 }, () => ({}))];
}

function pdfBlock(b: Block): PdfCell | null {
  switch (b.kind) {
    case 'title':
      return { text: b.text, fontSize: 15, bold: true, alignment: 'center', margin: [0, 0, 0, 8] };
    case 'subtitle':
      return { text: b.text, fontSize: 11.5, bold: true, alignment: 'center', margin: [0, 6, 0, 4] };
    case 'line':
      return { text: b.text, alignment: b.align ?? 'left', margin: [0, 6, 0, 6] };
    case 'pageBreak':
      return { text: '', pageBreak: 'after' };
    case 'table': {
      const total = b.widths.reduce((s, w) => s + w, 0);
      return {
        table: {
          widths: b.widths.map((w) => `${((w / total) * 100).toFixed(2)}%`),
          headerRows: b.headerRows ?? 0,
          dontBreakRows: true,
          body: b.rows.map((r) => r.flatMap(pdfCell)),
        },
        ...(b.fontSize && { fontSize: b.fontSize }),
        margin: [0, 0, 0, 8],
      };
    }
  }
}

/** The pdfmake document definition of a layout (what `renderPdf` prints; tests read its text). */
export function pdfDefinition(doc: PrintDoc): Record<string, unknown> {
  return {
    pageSize: 'A4',
    pageOrientation: doc.orientation,
    pageMargins: [34, 34, 34, 40],
    info: { title: doc.title, creator: '困难职工帮扶管理系统' },
    defaultStyle: { font: FAMILY, fontSize: 9.5, lineHeight: 1.2 },
    content: doc.blocks.map(pdfBlock).filter(Boolean),
    footer: (page: number, pages: number) => ({ text: `第 ${page} 页 / 共 ${pages} 页`, alignment: 'center', fontSize: 8, margin: [0, 12, 0, 0] }),
  };
}

export async function renderPdf(doc: PrintDoc): Promise<Buffer> {
  configure();
  return pdfmake.createPdf(pdfDefinition(doc)).getBuffer();
}
