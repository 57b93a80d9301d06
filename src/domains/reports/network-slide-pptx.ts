import pptxgenjs from 'pptxgenjs';
import QRCode from 'qrcode';
import { directionOf, type Locale } from '../../i18n/i18n.ts';
import { type NetworkSlide, shortLink } from './network-slide.views.tsx';

// As in briefing-pptx.ts: under NodeNext TypeScript sees the CommonJS wrapper, Node loads the ES build's class.
const PptxGenJS = pptxgenjs as unknown as typeof pptxgenjs.default;

/** Slide width and height of pptxgenjs's 16:9 LAYOUT_WIDE, in inches. */
const slideWidth = 13.333;
const qrSide = 4.1;

/**
 * The network slide as a one-slide PowerPoint file (16:9): the sentence and the link as editable text, the QR code
 * of the join link as an image (with its 4-module quiet zone), right to left in Arabic.
 */
export async function networkSlidePptx(locale: Locale, slide: NetworkSlide, title: string): Promise<Buffer> {
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = title;
  const rtl = directionOf(locale) === 'rtl';
  pptx.rtlMode = rtl;
  const font = locale === 'zh' ? 'Noto Sans CJK SC' : locale === 'ar' ? 'Noto Sans Arabic' : 'Noto Sans';
  const png = await QRCode.toBuffer(slide.joinUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 1024 });
  const page = pptx.addSlide();
  page.background = { color: 'FFFFFF' };
  page.addText(slide.sentence, {
    x: 0.6,
    y: 0.35,
    w: slideWidth - 1.2,
    h: 1.7,
    fontFace: font,
    fontSize: 34,
    bold: true,
    color: '1B2430',
    align: 'center',
    valign: 'middle',
    rtlMode: rtl,
    fit: 'shrink',
  });
  page.addImage({
    data: `image/png;base64,${png.toString('base64')}`,
    x: (slideWidth - qrSide) / 2,
    y: 2.1,
    w: qrSide,
    h: qrSide,
    altText: shortLink(slide.joinUrl),
  });
  page.addText(slide.call, { x: 0.6, y: 6.25, w: slideWidth - 1.2, h: 0.45, fontFace: font, fontSize: 18, color: '4A5566', align: 'center', rtlMode: rtl });
  page.addText(shortLink(slide.joinUrl), {
    x: 0.6,
    y: 6.7,
    w: slideWidth - 1.2,
    h: 0.55,
    fontFace: 'Noto Sans',
    fontSize: 24,
    bold: true,
    color: '0B5A8C',
    align: 'center',
    hyperlink: { url: slide.joinUrl },
  });
  return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer;
}
