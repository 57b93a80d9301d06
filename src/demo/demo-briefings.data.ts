import type { BriefingSection } from '../domains/reports/briefing.table.ts';
import type { Locale } from '../i18n/i18n.ts';

/** The team's narrative of one briefing: Markdown per section, in the languages the team wrote it in. */
export type DemoNarrative = Partial<Record<Locale, Partial<Record<BriefingSection, string>>>>;

// The figures of each section come from the demo's live data when the briefing is published; the narrative says what
// the team makes of them and what it does next, so it never states a number the figures could contradict.

/** The briefing for the month before last. */
export const earlierBriefing: DemoNarrative = {
  en: {
    picture:
      'The network is our main channel to the delegations in the WSIS+20 review. It keeps members in **all five regional groups**; the figures above are those at the end of the month.',
    growth:
      'New members come through the QR codes we show at meetings and through the website. From now on each meeting gets its own source, so we see which ones bring people in.',
    announcements: 'We write to the network only when there is something to act on: a draft to comment on, a deadline, a webinar.',
    events: 'The webinars keep to one hour, with half of it for questions, and are open to every member.',
    engagements: 'Only engagements the team marked for the Board are listed. Bilateral meetings stay confidential unless the delegation agreed.',
    register: 'No item moved this month. The risk we watch most closely remains that the multistakeholder model is replaced with a multilateral one.',
    upcoming: 'The next weeks are about the elements paper and the consultations on it; the deadlines for written input are listed above.',
  },
  fr: {
    picture:
      'Le réseau est notre principal canal vers les délégations dans l’examen du SMSI+20. Il compte des membres dans **les cinq groupes régionaux** ; les chiffres ci-dessus sont ceux de la fin du mois.',
    growth:
      'Les nouveaux membres arrivent par les codes QR montrés lors des réunions et par le site web. Désormais, chaque réunion a sa propre source, pour voir lesquelles amènent des membres.',
    announcements: 'Nous écrivons au réseau seulement lorsqu’il y a quelque chose à faire : un projet à commenter, une échéance, un webinaire.',
    events: 'Les webinaires durent une heure, dont la moitié pour les questions, et sont ouverts à tous les membres.',
    engagements:
      'Seuls les engagements que l’équipe a marqués pour le Conseil figurent ici. Les réunions bilatérales restent confidentielles sauf accord de la délégation.',
    register:
      'Aucun élément n’a bougé ce mois-ci. Le risque que nous suivons de plus près reste le remplacement du modèle multipartite par un modèle multilatéral.',
    upcoming: 'Les prochaines semaines porteront sur le document d’éléments et les consultations ; les échéances des contributions écrites figurent ci-dessus.',
  },
  ar: {
    picture:
      'الشبكة هي قناتنا الرئيسية إلى الوفود في استعراض القمة العالمية لمجتمع المعلومات بعد 20 عامًا. ولها أعضاء في **المجموعات الإقليمية الخمس كلها**؛ والأرقام أعلاه هي أرقام نهاية الشهر.',
    growth:
      'يصل الأعضاء الجدد عبر رموز QR التي نعرضها في الاجتماعات وعبر الموقع الإلكتروني. ومن الآن فصاعدًا يكون لكل اجتماع مصدره الخاص، لنرى أيها يجلب أعضاء.',
    announcements: 'لا نراسل الشبكة إلا عندما يكون هناك ما يستدعي العمل: مشروع للتعليق عليه، أو موعد نهائي، أو ندوة عبر الإنترنت.',
    events: 'تستغرق الندوات عبر الإنترنت ساعة واحدة نصفها للأسئلة، وهي مفتوحة لجميع الأعضاء.',
    engagements: 'لا تُدرج هنا إلا الأنشطة التي حددها الفريق للمجلس. وتبقى الاجتماعات الثنائية سرية ما لم يوافق الوفد.',
    register: 'لم يتحرك أي بند هذا الشهر. ويبقى الخطر الذي نتابعه عن كثب هو استبدال نموذج أصحاب المصلحة المتعددين بنموذج متعدد الأطراف.',
    upcoming: 'تتركز الأسابيع المقبلة على ورقة العناصر والمشاورات بشأنها؛ والمواعيد النهائية للمساهمات المكتوبة مدرجة أعلاه.',
  },
};

/** The briefing for the last full month. */
export const laterBriefing: DemoNarrative = {
  en: {
    picture: 'The change since the last briefing is shown beside each figure. The spread over the regional groups held.',
    growth: 'Growth comes in steps after each meeting where we show the QR code; the chart shows the weeks.',
    announcements: 'The next announcement goes out with the revised draft, with a two-line summary in each of the six languages.',
    events: 'We will offer a second time slot for the webinars to the Asia-Pacific delegations, for whom the Geneva afternoon is late.',
    engagements:
      'The month’s engagements that may be shared with the Board are listed, with the member states concerned; the others stay in the team’s record.',
    register:
      'We raised the risk of **Internet fragmentation**: proposals for national alternatives to the DNS root came up in the consultations. Our answer is to share the success stories of IDNs and new gTLDs.',
    upcoming: 'The revised draft is expected in the coming weeks; we will hold a webinar on it within days of its publication.',
  },
  fr: {
    picture: 'La variation depuis la dernière note est indiquée à côté de chaque chiffre. La répartition entre les groupes régionaux s’est maintenue.',
    growth: 'La croissance se fait par paliers après chaque réunion où nous montrons le code QR ; le graphique montre les semaines.',
    announcements: 'La prochaine annonce accompagnera le projet révisé, avec un résumé de deux lignes dans chacune des six langues.',
    events: 'Nous proposerons un second créneau pour les webinaires aux délégations d’Asie-Pacifique, pour qui l’après-midi de Genève est tardif.',
    engagements:
      'Les engagements du mois qui peuvent être partagés avec le Conseil sont listés, avec les États Membres concernés ; les autres restent dans le registre de l’équipe.',
    register:
      'Nous avons relevé le risque de **fragmentation de l’Internet** : des propositions d’alternatives nationales à la racine du DNS sont apparues dans les consultations. Notre réponse : faire connaître les réussites des IDN et des nouveaux gTLD.',
    upcoming: 'Le projet révisé est attendu dans les prochaines semaines ; nous organiserons un webinaire dans les jours suivant sa publication.',
  },
  ar: {
    picture: 'يظهر التغير منذ الإحاطة السابقة بجانب كل رقم. وقد حافظ التوزيع على المجموعات الإقليمية على حاله.',
    growth: 'يأتي النمو على مراحل بعد كل اجتماع نعرض فيه رمز QR؛ ويُظهر الرسم البياني الأسابيع.',
    announcements: 'سيصدر الإعلان التالي مع المشروع المنقح، مع ملخص من سطرين بكل لغة من اللغات الست.',
    events: 'سنقترح موعدًا ثانيًا للندوات عبر الإنترنت لوفود آسيا والمحيط الهادئ، إذ إن فترة بعد الظهر في جنيف متأخرة بالنسبة إليها.',
    engagements: 'الأنشطة التي جرت هذا الشهر ويمكن مشاركتها مع المجلس مدرجة مع الدول الأعضاء المعنية؛ وتبقى الأنشطة الأخرى في سجل الفريق.',
    register:
      'رفعنا تقدير خطر **تجزئة الإنترنت**: طُرحت في المشاورات مقترحات لبدائل وطنية لجذر نظام أسماء النطاقات. وردنا هو التعريف بقصص نجاح أسماء النطاقات الدولية ونطاقات المستوى الأعلى العامة الجديدة.',
    upcoming: 'يُتوقع صدور المشروع المنقح في الأسابيع المقبلة؛ وسنعقد ندوة عبر الإنترنت بشأنه في غضون أيام من نشره.',
  },
};
