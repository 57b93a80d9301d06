import { withStaticPage } from './headless-chromium.ts';

/**
 * Prints an HTML document to an A4 PDF in headless Chromium, with "page / pages" in every footer. The page is
 * loaded from the string with JavaScript off and every request refused (headless-chromium.ts).
 */
export async function printPdf(html: string, footerLabel: string): Promise<Buffer> {
  return withStaticPage(html, {}, 'briefing_pdf_unavailable', (page) => {
    const footer = `<div style="font-size:8px;width:100%;padding:0 16mm;display:flex;justify-content:space-between;font-family:sans-serif"><span>${escapeHtml(footerLabel)}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`;
    return page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer,
      margin: { top: '18mm', bottom: '20mm', left: '16mm', right: '16mm' },
    });
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
