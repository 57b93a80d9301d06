// Demo content for the WSIS+20 Outreach Network, in the six UN languages.
// Translations use the official UN terminology of each language (names of the Summit, the IGF,
// the Global Digital Compact and the Tunis Agenda as they appear in UN documents). "WSIS+20" and
// "WSIS+10" stay as written in every language because they are the network's label.

export type Localized = Record<'ar' | 'en' | 'es' | 'fr' | 'ru' | 'zh', string>;

export interface DemoMilestone {
  /** ISO YYYY-MM-DD; for precision "month" or "year" the remaining parts are 01. */
  date: string;
  endDate?: string;
  precision: 'day' | 'month' | 'year';
  title: Localized;
  body: Localized;
}

/** The demo network shown by `npm start`. */
export const demoNetwork: { slug: string; name: Localized; purpose: Localized; joinCall: Localized } = {
  slug: 'wsis20-outreach',
  name: {
    ar: 'شبكة التوعية بشأن WSIS+20',
    en: 'WSIS+20 Outreach Network',
    es: 'Red de Divulgación WSIS+20',
    fr: 'Réseau de sensibilisation WSIS+20',
    ru: 'Информационно-просветительская сеть WSIS+20',
    zh: 'WSIS+20外联网络',
  },
  purpose: {
    ar: 'تُطلع شبكة التوعية بشأن WSIS+20 الدبلوماسيين وأصحاب المصلحة من الدول الأعضاء في الأمم المتحدة على مستجدات استعراض WSIS+20 ومستقبل نموذج أصحاب المصلحة المتعددين لإدارة الإنترنت. ويحضر أعضاؤها إحاطات وندوات شبكية، ويطّلعون على موارد مشتركة.',
    en: 'The WSIS+20 Outreach Network keeps diplomats and stakeholders from UN Member States informed about the WSIS+20 review and the future of the multistakeholder model of Internet governance. Its members attend briefings and webinars and share a common set of resources.',
    es: 'La Red de Divulgación WSIS+20 mantiene informados a diplomáticos y partes interesadas de los Estados Miembros de las Naciones Unidas sobre el examen WSIS+20 y el futuro del modelo de múltiples partes interesadas para la gobernanza de Internet. Sus miembros asisten a sesiones informativas y seminarios web y tienen acceso a recursos compartidos.',
    fr: "Le Réseau de sensibilisation WSIS+20 tient les diplomates et les parties prenantes des États Membres de l'Organisation des Nations Unies informés de l'examen WSIS+20 et de l'avenir du modèle multipartite de gouvernance de l'Internet. Ses membres participent à des séances d'information et à des webinaires et ont accès à des ressources partagées.",
    ru: 'Информационно-просветительская сеть WSIS+20 информирует дипломатов и представителей заинтересованных сторон из государств — членов Организации Объединенных Наций об обзоре WSIS+20 и о будущем модели управления Интернетом с участием многих заинтересованных сторон. Участники сети посещают брифинги и вебинары и пользуются общими материалами.',
    zh: 'WSIS+20外联网络向联合国会员国的外交官和利益攸关方通报WSIS+20审查进程以及多利益攸关方互联网治理模式的未来。网络成员可参加情况介绍会和网络研讨会，并获取共享资源。',
  },
  joinCall: {
    ar: 'انضموا إلى الشبكة لمتابعة مستجدات استعراض WSIS+20.',
    en: 'Join the network to stay informed about the WSIS+20 review.',
    es: 'Únase a la red para mantenerse al tanto del examen WSIS+20.',
    fr: "Rejoignez le réseau pour suivre l'examen WSIS+20.",
    ru: 'Присоединяйтесь к сети, чтобы следить за ходом обзора WSIS+20.',
    zh: '欢迎加入本网络，及时了解WSIS+20审查的进展。',
  },
};

/** The process timeline of the demo network, oldest first. */
export const demoMilestones: DemoMilestone[] = [
  {
    date: '2003-12-10',
    endDate: '2003-12-12',
    precision: 'day',
    title: {
      ar: 'القمة العالمية لمجتمع المعلومات: مرحلة جنيف',
      en: 'World Summit on the Information Society: Geneva phase',
      es: 'Cumbre Mundial sobre la Sociedad de la Información: fase de Ginebra',
      fr: "Sommet mondial sur la société de l'information, phase de Genève",
      ru: 'Всемирная встреча на высшем уровне по вопросам информационного общества: Женевский этап',
      zh: '信息社会世界峰会日内瓦阶段会议',
    },
    body: {
      ar: 'عُقدت المرحلة الأولى من القمة العالمية لمجتمع المعلومات في جنيف في الفترة من 10 إلى 12 كانون الأول/ديسمبر 2003، واعتُمد فيها إعلان مبادئ جنيف وخطة عمل جنيف.',
      en: 'The first phase of the World Summit on the Information Society met in Geneva from 10 to 12 December 2003. It adopted the Geneva Declaration of Principles and the Geneva Plan of Action.',
      es: 'La primera fase de la Cumbre Mundial sobre la Sociedad de la Información se celebró en Ginebra del 10 al 12 de diciembre de 2003. En ella se aprobaron la Declaración de Principios de Ginebra y el Plan de Acción de Ginebra.',
      fr: "La première phase du Sommet mondial sur la société de l'information s'est tenue à Genève du 10 au 12 décembre 2003. Elle a adopté la Déclaration de principes de Genève et le Plan d'action de Genève.",
      ru: 'Первый этап Всемирной встречи на высшем уровне по вопросам информационного общества прошел в Женеве 10–12 декабря 2003 года. На нем были приняты Женевская декларация принципов и Женевский план действий.',
      zh: '信息社会世界峰会第一阶段会议于2003年12月10日至12日在日内瓦举行，通过了《日内瓦原则宣言》和《日内瓦行动计划》。',
    },
  },
  {
    date: '2005-11-16',
    endDate: '2005-11-18',
    precision: 'day',
    title: {
      ar: 'القمة العالمية لمجتمع المعلومات: مرحلة تونس',
      en: 'World Summit on the Information Society: Tunis phase',
      es: 'Cumbre Mundial sobre la Sociedad de la Información: fase de Túnez',
      fr: "Sommet mondial sur la société de l'information, phase de Tunis",
      ru: 'Всемирная встреча на высшем уровне по вопросам информационного общества: Тунисский этап',
      zh: '信息社会世界峰会突尼斯阶段会议',
    },
    body: {
      ar: 'عُقدت المرحلة الثانية من القمة في تونس في الفترة من 16 إلى 18 تشرين الثاني/نوفمبر 2005، واعتُمد فيها التزام تونس وبرنامج عمل تونس بشأن مجتمع المعلومات. وطلب برنامج عمل تونس إلى الأمين العام للأمم المتحدة أن يعقد منتدى إدارة الإنترنت.',
      en: 'The second phase of the Summit met in Tunis from 16 to 18 November 2005 and adopted the Tunis Commitment and the Tunis Agenda for the Information Society. The Tunis Agenda asked the Secretary-General of the United Nations to convene the Internet Governance Forum.',
      es: 'La segunda fase de la Cumbre se celebró en Túnez del 16 al 18 de noviembre de 2005 y en ella se aprobaron el Compromiso de Túnez y la Agenda de Túnez para la Sociedad de la Información. En la Agenda de Túnez se pidió al Secretario General de las Naciones Unidas que convocara el Foro para la Gobernanza de Internet.',
      fr: "La deuxième phase du Sommet s'est tenue à Tunis du 16 au 18 novembre 2005 et a adopté l'Engagement de Tunis et l'Agenda de Tunis pour la société de l'information. L'Agenda de Tunis a demandé au Secrétaire général de l'Organisation des Nations Unies de convoquer le Forum sur la gouvernance de l'Internet.",
      ru: 'Второй этап Встречи прошел в Тунисе 16–18 ноября 2005 года; на нем были приняты Тунисское обязательство и Тунисская программа для информационного общества. В Тунисской программе Генеральному секретарю Организации Объединенных Наций было предложено созвать Форум по вопросам управления Интернетом.',
      zh: '峰会第二阶段会议于2005年11月16日至18日在突尼斯举行，通过了《突尼斯承诺》和《信息社会突尼斯议程》。《突尼斯议程》请联合国秘书长召集互联网治理论坛。',
    },
  },
  {
    date: '2006-10-30',
    endDate: '2006-11-02',
    precision: 'day',
    title: {
      ar: 'الاجتماع الأول لمنتدى إدارة الإنترنت، أثينا',
      en: 'First Internet Governance Forum, Athens',
      es: 'Primer Foro para la Gobernanza de Internet, Atenas',
      fr: "Premier Forum sur la gouvernance de l'Internet, Athènes",
      ru: 'Первый Форум по вопросам управления Интернетом, Афины',
      zh: '首届互联网治理论坛，雅典',
    },
    body: {
      ar: 'عُقد الاجتماع الأول لمنتدى إدارة الإنترنت في أثينا في الفترة من 30 تشرين الأول/أكتوبر إلى 2 تشرين الثاني/نوفمبر 2006.',
      en: 'The first meeting of the Internet Governance Forum took place in Athens from 30 October to 2 November 2006.',
      es: 'La primera reunión del Foro para la Gobernanza de Internet se celebró en Atenas del 30 de octubre al 2 de noviembre de 2006.',
      fr: "La première réunion du Forum sur la gouvernance de l'Internet s'est tenue à Athènes du 30 octobre au 2 novembre 2006.",
      ru: 'Первое совещание Форума по вопросам управления Интернетом состоялось в Афинах с 30 октября по 2 ноября 2006 года.',
      zh: '互联网治理论坛首次会议于2006年10月30日至11月2日在雅典举行。',
    },
  },
  {
    date: '2015-12-16',
    precision: 'day',
    title: {
      ar: 'استعراض WSIS+10',
      en: 'WSIS+10 review',
      es: 'Examen WSIS+10',
      fr: 'Examen WSIS+10',
      ru: 'Обзор WSIS+10',
      zh: 'WSIS+10审查',
    },
    body: {
      ar: 'اعتمدت الجمعية العامة في 16 كانون الأول/ديسمبر 2015 القرار 70/125 في ختام الاستعراض العشري للقمة العالمية لمجتمع المعلومات. ومدّد القرار ولاية منتدى إدارة الإنترنت عشر سنوات أخرى، ودعا إلى عقد اجتماع رفيع المستوى بشأن الاستعراض الشامل في عام 2025.',
      en: 'On 16 December 2015, the General Assembly adopted resolution 70/125 at the close of the ten-year review of the World Summit on the Information Society. It extended the mandate of the Internet Governance Forum for another ten years and called for a high-level meeting on the overall review in 2025.',
      es: 'El 16 de diciembre de 2015, la Asamblea General aprobó la resolución 70/125 al término del examen decenal de la Cumbre Mundial sobre la Sociedad de la Información. En ella prorrogó por otros diez años el mandato del Foro para la Gobernanza de Internet y pidió que se celebrara en 2025 una reunión de alto nivel sobre el examen general.',
      fr: "Le 16 décembre 2015, l'Assemblée générale a adopté la résolution 70/125 à l'issue de l'examen décennal du Sommet mondial sur la société de l'information. Elle y a prorogé de dix ans le mandat du Forum sur la gouvernance de l'Internet et demandé la tenue en 2025 d'une réunion de haut niveau consacrée à l'examen d'ensemble.",
      ru: '16 декабря 2015 года Генеральная Ассамблея приняла резолюцию 70/125 по итогам десятилетнего обзора Всемирной встречи на высшем уровне по вопросам информационного общества. В ней мандат Форума по вопросам управления Интернетом был продлен еще на десять лет и содержится призыв провести в 2025 году заседание высокого уровня, посвященное общему обзору.',
      zh: '2015年12月16日，大会在信息社会世界峰会十年审查结束时通过第70/125号决议，将互联网治理论坛的任务期限再延长十年，并要求于2025年举行全面审查高级别会议。',
    },
  },
  {
    date: '2024-09-22',
    precision: 'day',
    title: {
      ar: 'اعتماد الميثاق الرقمي العالمي',
      en: 'Global Digital Compact adopted',
      es: 'Aprobación del Pacto Digital Mundial',
      fr: 'Adoption du Pacte numérique mondial',
      ru: 'Принятие Глобального цифрового договора',
      zh: '《全球数字契约》获得通过',
    },
    body: {
      ar: 'اعتُمد الميثاق الرقمي العالمي في 22 أيلول/سبتمبر 2024 خلال مؤتمر القمة المعني بالمستقبل، بوصفه مرفقًا لميثاق المستقبل.',
      en: 'The Global Digital Compact was adopted on 22 September 2024 at the Summit of the Future, as an annex to the Pact for the Future.',
      es: 'El Pacto Digital Mundial se aprobó el 22 de septiembre de 2024 en la Cumbre del Futuro, como anexo del Pacto para el Futuro.',
      fr: "Le Pacte numérique mondial a été adopté le 22 septembre 2024 lors du Sommet de l'avenir, en annexe au Pacte pour l'avenir.",
      ru: 'Глобальный цифровой договор был принят 22 сентября 2024 года на Саммите будущего в качестве приложения к Пакту во имя будущего.',
      zh: '2024年9月22日，《全球数字契约》在未来峰会上获得通过，作为《未来契约》的附件。',
    },
  },
  {
    date: '2025-03-27',
    precision: 'day',
    title: {
      ar: 'طرائق استعراض WSIS+20',
      en: 'Modalities of the WSIS+20 review',
      es: 'Modalidades del examen WSIS+20',
      fr: "Modalités de l'examen WSIS+20",
      ru: 'Порядок проведения обзора WSIS+20',
      zh: 'WSIS+20审查的模式',
    },
    body: {
      ar: 'اعتمدت الجمعية العامة في 27 آذار/مارس 2025 القرار 79/277 الذي يحدد طرائق الاستعراض الشامل لتنفيذ نتائج القمة العالمية لمجتمع المعلومات (WSIS+20).',
      en: 'On 27 March 2025, the General Assembly adopted resolution 79/277, which sets out the modalities of the overall review of the implementation of the outcomes of the World Summit on the Information Society (WSIS+20).',
      es: 'El 27 de marzo de 2025, la Asamblea General aprobó la resolución 79/277, que establece las modalidades del examen general de la aplicación de los resultados de la Cumbre Mundial sobre la Sociedad de la Información (WSIS+20).',
      fr: "Le 27 mars 2025, l'Assemblée générale a adopté la résolution 79/277, qui fixe les modalités de l'examen d'ensemble de la mise en œuvre des textes issus du Sommet mondial sur la société de l'information (WSIS+20).",
      ru: '27 марта 2025 года Генеральная Ассамблея приняла резолюцию 79/277, в которой определен порядок проведения общего обзора хода осуществления решений Всемирной встречи на высшем уровне по вопросам информационного общества (WSIS+20).',
      zh: '2025年3月27日，大会通过第79/277号决议，确定了全面审查信息社会世界峰会成果落实情况（WSIS+20）的模式。',
    },
  },
  {
    date: '2025-04-01',
    precision: 'month',
    title: {
      ar: 'تعيين الميسّرَين المشاركَين',
      en: 'Co-facilitators appointed',
      es: 'Nombramiento de los cofacilitadores',
      fr: 'Nomination des cofacilitateurs',
      ru: 'Назначение сокоординаторов',
      zh: '任命共同协调人',
    },
    body: {
      ar: 'عيّن رئيس الجمعية العامة ميسّرَين مشاركَين، هما كينيا وألبانيا، لقيادة العملية الحكومية الدولية للاستعراض.',
      en: 'The President of the General Assembly appointed two co-facilitators, Kenya and Albania, to lead the intergovernmental process of the review.',
      es: 'El Presidente de la Asamblea General nombró a dos cofacilitadores, Kenya y Albania, para dirigir el proceso intergubernamental del examen.',
      fr: "Le Président de l'Assemblée générale a nommé deux cofacilitateurs, le Kenya et l'Albanie, pour conduire le processus intergouvernemental de l'examen.",
      ru: 'Председатель Генеральной Ассамблеи назначил двух сокоординаторов — Кению и Албанию — для руководства межправительственным процессом обзора.',
      zh: '大会主席任命肯尼亚和阿尔巴尼亚为两名共同协调人，负责主持审查的政府间进程。',
    },
  },
  {
    date: '2025-06-01',
    precision: 'month',
    title: {
      ar: 'ورقة العناصر',
      en: 'Elements Paper',
      es: 'Documento de elementos',
      fr: 'Document sur les éléments',
      ru: 'Документ об элементах',
      zh: '要素文件',
    },
    body: {
      ar: 'نشر الميسّران المشاركان، عقب مشاورات، ورقة العناصر الخاصة بالوثيقة الختامية للاستعراض.',
      en: 'Following consultations, the co-facilitators published the Elements Paper for the outcome document of the review.',
      es: 'Tras celebrar consultas, los cofacilitadores publicaron el documento de elementos para el documento final del examen.',
      fr: "À l'issue de consultations, les cofacilitateurs ont publié le document sur les éléments du document final de l'examen.",
      ru: 'По итогам консультаций сокоординаторы опубликовали документ об элементах итогового документа обзора.',
      zh: '经过磋商，共同协调人发布了审查成果文件的要素文件。',
    },
  },
  {
    date: '2025-08-01',
    precision: 'month',
    title: {
      ar: 'المسودة الصفرية',
      en: 'Zero Draft',
      es: 'Borrador cero',
      fr: 'Avant-projet',
      ru: 'Нулевой проект',
      zh: '零稿',
    },
    body: {
      ar: 'أصدر الميسّران المشاركان المسودة الصفرية للوثيقة الختامية لاستعراض WSIS+20.',
      en: 'The co-facilitators released the Zero Draft of the outcome document of the WSIS+20 review.',
      es: 'Los cofacilitadores publicaron el borrador cero del documento final del examen WSIS+20.',
      fr: "Les cofacilitateurs ont publié l'avant-projet du document final de l'examen WSIS+20.",
      ru: 'Сокоординаторы опубликовали нулевой проект итогового документа обзора WSIS+20.',
      zh: '共同协调人发布了WSIS+20审查成果文件零稿。',
    },
  },
  {
    date: '2025-12-16',
    endDate: '2025-12-17',
    precision: 'day',
    title: {
      ar: 'الاجتماع الرفيع المستوى يعتمد الوثيقة الختامية',
      en: 'High-level meeting adopts the outcome document',
      es: 'La reunión de alto nivel aprueba el documento final',
      fr: 'La réunion de haut niveau adopte le document final',
      ru: 'Заседание высокого уровня принимает итоговый документ',
      zh: '高级别会议通过成果文件',
    },
    body: {
      ar: 'اعتمدت الجمعية العامة بتوافق الآراء، في اجتماعها الرفيع المستوى المعقود يومي 16 و17 كانون الأول/ديسمبر 2025، الوثيقة الختامية لاستعراض WSIS+20، التي تجعل من منتدى إدارة الإنترنت منتدى دائمًا للأمم المتحدة.',
      en: 'At its high-level meeting on 16 and 17 December 2025, the General Assembly adopted the outcome document of the WSIS+20 review by consensus. The outcome document makes the Internet Governance Forum a permanent forum of the United Nations.',
      es: 'En su reunión de alto nivel, celebrada los días 16 y 17 de diciembre de 2025, la Asamblea General aprobó por consenso el documento final del examen WSIS+20, que convierte al Foro para la Gobernanza de Internet en un foro permanente de las Naciones Unidas.',
      fr: "Lors de sa réunion de haut niveau des 16 et 17 décembre 2025, l'Assemblée générale a adopté par consensus le document final de l'examen WSIS+20. Celui-ci fait du Forum sur la gouvernance de l'Internet un forum permanent de l'Organisation des Nations Unies.",
      ru: 'На заседании высокого уровня 16–17 декабря 2025 года Генеральная Ассамблея консенсусом приняла итоговый документ обзора WSIS+20. Этим документом Форум по вопросам управления Интернетом становится постоянным форумом Организации Объединенных Наций.',
      zh: '2025年12月16日至17日，大会高级别会议以协商一致方式通过了WSIS+20审查成果文件，使互联网治理论坛成为联合国的常设论坛。',
    },
  },
];
