import type { RegisterKind, Trend } from '../domains/engagements/register.table.ts';
import type { Locale } from '../i18n/i18n.ts';

export interface DemoRegisterItem {
  topic: string;
  kind: RegisterKind;
  statement: Record<Locale, string>;
  /** A risk's likelihood, an opportunity's readiness (1–5). */
  likelihood: number;
  /** A risk's impact, an opportunity's potential (1–5). */
  impact: number;
  trend: Trend;
  /**
   * How the item stood before the team last moved it: it is added so, then changed to the figures above on the 10th of
   * the last full calendar month (so that month's briefing shows what moved), for `reason`.
   */
  before?: { likelihood: number; impact: number; trend: Trend; reason: string };
}

const msm = 'Multistakeholder model of Internet governance';
const technical = 'The unique role of the technical community';

/** The risk/opportunity table of the demo network's slides, by topic. */
export const demoRegister: readonly DemoRegisterItem[] = [
  {
    topic: msm,
    kind: 'risk',
    statement: {
      en: 'The multistakeholder model is replaced with a multilateral one.',
      fr: 'Le modèle multipartite est remplacé par un modèle multilatéral.',
      es: 'El modelo de múltiples partes interesadas se sustituye por uno multilateral.',
      ru: 'Модель с участием многих заинтересованных сторон заменяется многосторонней межправительственной моделью.',
      ar: 'يُستعاض عن نموذج أصحاب المصلحة المتعددين بنموذج متعدد الأطراف.',
      zh: '多利益攸关方模式被多边模式取代。',
    },
    likelihood: 3,
    impact: 5,
    trend: 'rising',
  },
  {
    topic: msm,
    kind: 'opportunity',
    statement: {
      en: 'An Internet-friendly WSIS+20 outcome document.',
      fr: 'Un document final du SMSI+20 favorable à l’Internet.',
      es: 'Un documento final de la CMSI+20 favorable a Internet.',
      ru: 'Итоговый документ ВВИО+20, благоприятный для интернета.',
      ar: 'وثيقة ختامية لاستعراض القمة العالمية لمجتمع المعلومات بعد 20 عاما داعمة للإنترنت.',
      zh: '形成有利于互联网的信息社会世界峰会+20成果文件。',
    },
    likelihood: 4,
    impact: 5,
    trend: 'steady',
  },
  {
    topic: technical,
    kind: 'risk',
    statement: {
      en: 'Internet fragmentation.',
      fr: 'La fragmentation de l’Internet.',
      es: 'La fragmentación de Internet.',
      ru: 'Фрагментация интернета.',
      ar: 'تجزئة الإنترنت.',
      zh: '互联网碎片化。',
    },
    likelihood: 3,
    impact: 4,
    trend: 'rising',
    before: {
      likelihood: 2,
      impact: 4,
      trend: 'steady',
      reason: 'Proposals for national alternatives to the DNS root were raised in the consultations.',
    },
  },
  {
    topic: technical,
    kind: 'opportunity',
    statement: {
      en: 'Share the success stories: IDNs, new gTLDs.',
      fr: 'Faire connaître les réussites : les IDN, les nouveaux gTLD.',
      es: 'Dar a conocer los casos de éxito: los IDN y los nuevos gTLD.',
      ru: 'Рассказать об успешном опыте: IDN, новые gTLD.',
      ar: 'التعريف بقصص النجاح: أسماء النطاقات الدولية ونطاقات المستوى الأعلى العامة الجديدة.',
      zh: '分享成功经验：国际化域名、新通用顶级域。',
    },
    likelihood: 4,
    impact: 3,
    trend: 'steady',
  },
];
