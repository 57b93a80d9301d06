// The demo network's library: a fact sheet, an FAQ entry and a paper about the WSIS+20 review, in the six UN
// languages (UN terminology as in the timeline's texts). Dates and resolutions are those of the public record.
import type { Localized } from './demo-network.data.ts';

export interface DemoResource {
  kind: 'fact_sheet' | 'faq' | 'paper';
  title: Localized;
  summary: Localized;
  body: Localized;
  topics: string[];
  /** The dates of the timeline's milestones the resource is about. */
  milestoneDates: string[];
}

export const demoResources: DemoResource[] = [
  {
    kind: 'fact_sheet',
    topics: ['WSIS+20 review'],
    milestoneDates: ['2015-12-16', '2025-03-27'],
    title: {
      en: 'What is the WSIS+20 review?',
      fr: 'Qu’est-ce que l’examen WSIS+20 ?',
      es: '¿Qué es el examen WSIS+20?',
      ru: 'Что такое обзор WSIS+20?',
      ar: 'ما هو استعراض WSIS+20؟',
      zh: '什么是WSIS+20审查？',
    },
    summary: {
      en: 'Twenty years after the World Summit on the Information Society, the General Assembly reviews the implementation of its outcomes.',
      fr: 'Vingt ans après le Sommet mondial sur la société de l’information, l’Assemblée générale examine la mise en œuvre de ses textes issus.',
      es: 'Veinte años después de la Cumbre Mundial sobre la Sociedad de la Información, la Asamblea General examina la aplicación de sus resultados.',
      ru: 'Через двадцать лет после Всемирной встречи на высшем уровне по вопросам информационного общества Генеральная Ассамблея проводит обзор выполнения ее решений.',
      ar: 'بعد عشرين عامًا على القمة العالمية لمجتمع المعلومات، تستعرض الجمعية العامة تنفيذ نتائجها.',
      zh: '信息社会世界峰会召开二十年后，联合国大会审查其成果的落实情况。',
    },
    body: {
      en: 'The World Summit on the Information Society (WSIS) met in two phases: in Geneva in December 2003 and in Tunis in November 2005. Ten years later, in resolution 70/125, the General Assembly reviewed its outcomes and called for a high-level meeting on the overall review in 2025.\n\n## What the review covers\n\n- the WSIS vision of a people-centred, inclusive and development-oriented information society;\n- the WSIS Action Lines and their follow-up by the United Nations system;\n- the future of the Internet Governance Forum, whose mandate was extended for ten years in 2015.\n\nThe modalities of the review were set by General Assembly resolution 79/277 of 27 March 2025.',
      fr: 'Le Sommet mondial sur la société de l’information (SMSI) s’est tenu en deux phases : à Genève en décembre 2003 et à Tunis en novembre 2005. Dix ans plus tard, dans sa résolution 70/125, l’Assemblée générale a examiné ses textes issus et demandé la tenue d’une réunion de haut niveau sur l’examen d’ensemble en 2025.\n\n## Ce que couvre l’examen\n\n- la vision du SMSI d’une société de l’information à dimension humaine, inclusive et orientée vers le développement ;\n- les grandes orientations du SMSI et leur suivi par le système des Nations Unies ;\n- l’avenir du Forum sur la gouvernance d’Internet, dont le mandat a été prorogé de dix ans en 2015.\n\nLes modalités de l’examen ont été fixées par la résolution 79/277 de l’Assemblée générale du 27 mars 2025.',
      es: 'La Cumbre Mundial sobre la Sociedad de la Información (CMSI) se celebró en dos fases: en Ginebra en diciembre de 2003 y en Túnez en noviembre de 2005. Diez años después, en su resolución 70/125, la Asamblea General examinó sus resultados y pidió que se celebrara una reunión de alto nivel sobre el examen general en 2025.\n\n## Qué abarca el examen\n\n- la visión de la CMSI de una sociedad de la información centrada en las personas, inclusiva y orientada al desarrollo;\n- las líneas de acción de la CMSI y su seguimiento por el sistema de las Naciones Unidas;\n- el futuro del Foro para la Gobernanza de Internet, cuyo mandato se prorrogó por diez años en 2015.\n\nLas modalidades del examen se establecieron en la resolución 79/277 de la Asamblea General, de 27 de marzo de 2025.',
      ru: 'Всемирная встреча на высшем уровне по вопросам информационного общества (ВВУИО) проходила в два этапа: в Женеве в декабре 2003 года и в Тунисе в ноябре 2005 года. Десять лет спустя в резолюции 70/125 Генеральная Ассамблея провела обзор ее итогов и призвала провести в 2025 году заседание высокого уровня, посвященное общему обзору.\n\n## Что охватывает обзор\n\n- концепцию ВВУИО об ориентированном на интересы людей, открытом для всех и направленном на развитие информационном обществе;\n- направления деятельности ВВУИО и их выполнение системой Организации Объединенных Наций;\n- будущее Форума по вопросам управления Интернетом, мандат которого в 2015 году был продлен на десять лет.\n\nПорядок проведения обзора определен резолюцией 79/277 Генеральной Ассамблеи от 27 марта 2025 года.',
      ar: 'عُقدت القمة العالمية لمجتمع المعلومات على مرحلتين: في جنيف في كانون الأول/ديسمبر 2003 وفي تونس في تشرين الثاني/نوفمبر 2005. وبعد عشر سنوات، استعرضت الجمعية العامة نتائجها في القرار 70/125 ودعت إلى عقد اجتماع رفيع المستوى بشأن الاستعراض الشامل في عام 2025.\n\n## ما يشمله الاستعراض\n\n- رؤية القمة لمجتمع معلومات جامع هدفه الإنسان ووجهته التنمية؛\n- خطوط عمل القمة ومتابعتها من جانب منظومة الأمم المتحدة؛\n- مستقبل منتدى إدارة الإنترنت، الذي مُدِّدت ولايته عشر سنوات في عام 2015.\n\nوقد حدد قرار الجمعية العامة 79/277 المؤرخ 27 آذار/مارس 2025 طرائق الاستعراض.',
      zh: '信息社会世界峰会分两个阶段举行：2003年12月在日内瓦，2005年11月在突尼斯。十年后，联合国大会在第70/125号决议中审查了峰会成果，并呼吁于2025年举行关于全面审查的高级别会议。\n\n## 审查涵盖的内容\n\n- 峰会关于建设以人为本、具有包容性和面向发展的信息社会的愿景；\n- 峰会各行动方针及联合国系统的后续落实；\n- 互联网治理论坛的未来，其任务期限已于2015年延长十年。\n\n审查的方式由2025年3月27日联合国大会第79/277号决议确定。',
    },
  },
  {
    kind: 'faq',
    topics: ['Internet Governance Forum'],
    milestoneDates: ['2006-10-30'],
    title: {
      en: 'What is the Internet Governance Forum?',
      fr: 'Qu’est-ce que le Forum sur la gouvernance d’Internet ?',
      es: '¿Qué es el Foro para la Gobernanza de Internet?',
      ru: 'Что такое Форум по вопросам управления Интернетом?',
      ar: 'ما هو منتدى إدارة الإنترنت؟',
      zh: '什么是互联网治理论坛？',
    },
    summary: {
      en: 'The forum for multistakeholder policy dialogue that the Tunis Agenda asked the Secretary-General to convene.',
      fr: 'Le forum de dialogue multipartite sur les politiques que l’Agenda de Tunis a demandé au Secrétaire général de convoquer.',
      es: 'El foro de diálogo sobre políticas entre múltiples partes interesadas que la Agenda de Túnez pidió convocar al Secretario General.',
      ru: 'Форум для многостороннего диалога по вопросам политики, созвать который Тунисская программа просила Генерального секретаря.',
      ar: 'منتدى الحوار المتعدد أصحاب المصلحة بشأن السياسات الذي طلب برنامج عمل تونس إلى الأمين العام عقده.',
      zh: '《突尼斯议程》请秘书长召集的多利益攸关方政策对话论坛。',
    },
    body: {
      en: 'The Tunis Agenda for the Information Society asked the Secretary-General of the United Nations to convene a new forum for multistakeholder policy dialogue. The Internet Governance Forum (IGF) first met in Athens in 2006 and has met every year since. Governments, the private sector, civil society, the technical community and academia take part on an equal footing.\n\nThe 2024 meeting was held in Riyadh, Saudi Arabia, and the 2025 meeting in Lillestrøm, Norway.',
      fr: 'L’Agenda de Tunis pour la société de l’information a demandé au Secrétaire général de l’Organisation des Nations Unies de convoquer un nouveau forum de dialogue multipartite sur les politiques. Le Forum sur la gouvernance d’Internet (FGI) s’est réuni pour la première fois à Athènes en 2006 et chaque année depuis. Les gouvernements, le secteur privé, la société civile, la communauté technique et les milieux universitaires y participent sur un pied d’égalité.\n\nLa réunion de 2024 s’est tenue à Riyad (Arabie saoudite) et celle de 2025 à Lillestrøm (Norvège).',
      es: 'La Agenda de Túnez para la Sociedad de la Información pidió al Secretario General de las Naciones Unidas que convocara un nuevo foro para el diálogo sobre políticas entre múltiples partes interesadas. El Foro para la Gobernanza de Internet (FGI) se reunió por primera vez en Atenas en 2006 y lo ha hecho todos los años desde entonces. Los gobiernos, el sector privado, la sociedad civil, la comunidad técnica y el mundo académico participan en pie de igualdad.\n\nLa reunión de 2024 se celebró en Riad (Arabia Saudita) y la de 2025 en Lillestrøm (Noruega).',
      ru: 'Тунисская программа для информационного общества просила Генерального секретаря Организации Объединенных Наций созвать новый форум для многостороннего диалога по вопросам политики. Форум по вопросам управления Интернетом (ФУИ) впервые собрался в Афинах в 2006 году и с тех пор проводится ежегодно. Правительства, частный сектор, гражданское общество, техническое сообщество и академические круги участвуют в нем на равных.\n\nВ 2024 году Форум прошел в Эр-Рияде (Саудовская Аравия), а в 2025 году — в Лиллестрёме (Норвегия).',
      ar: 'طلب برنامج عمل تونس لمجتمع المعلومات إلى الأمين العام للأمم المتحدة أن يعقد منتدى جديدًا للحوار المتعدد أصحاب المصلحة بشأن السياسات. وقد اجتمع منتدى إدارة الإنترنت لأول مرة في أثينا في عام 2006، ويجتمع كل عام منذ ذلك الحين. وتشارك فيه الحكومات والقطاع الخاص والمجتمع المدني والمجتمع التقني والأوساط الأكاديمية على قدم المساواة.\n\nوعُقد اجتماع عام 2024 في الرياض بالمملكة العربية السعودية، واجتماع عام 2025 في ليلستروم بالنرويج.',
      zh: '《信息社会突尼斯议程》请联合国秘书长召集一个新的多利益攸关方政策对话论坛。互联网治理论坛于2006年在雅典首次举行会议，此后每年举行。各国政府、私营部门、民间社会、技术界和学术界平等参与。\n\n2024年会议在沙特阿拉伯利雅得举行，2025年会议在挪威利勒斯特罗姆举行。',
    },
  },
  {
    kind: 'paper',
    topics: ['Multistakeholder model of Internet governance', 'WSIS+20 review'],
    milestoneDates: [],
    title: {
      en: 'Keeping the Internet’s governance multistakeholder',
      fr: 'Préserver le caractère multipartite de la gouvernance d’Internet',
      es: 'Mantener el carácter multipartito de la gobernanza de Internet',
      ru: 'Сохранить многосторонний характер управления Интернетом',
      ar: 'الحفاظ على الطابع المتعدد أصحاب المصلحة لإدارة الإنترنت',
      zh: '坚持互联网治理的多利益攸关方模式',
    },
    summary: {
      en: 'Why the network asks that the outcome of the review keep every stakeholder group at the table.',
      fr: 'Pourquoi le réseau demande que le texte issu de l’examen maintienne toutes les parties prenantes autour de la table.',
      es: 'Por qué la red pide que el resultado del examen mantenga a todos los grupos de partes interesadas en la mesa.',
      ru: 'Почему сеть просит, чтобы итоговый документ обзора сохранил участие всех групп заинтересованных сторон.',
      ar: 'لماذا تطلب الشبكة أن تُبقي نتائج الاستعراض جميع فئات أصحاب المصلحة حول الطاولة.',
      zh: '本网络为何呼吁审查成果文件让各利益攸关方群体继续参与。',
    },
    body: {
      en: 'The Internet works because its technical coordination is open to everyone who builds and runs it. The WSIS outcomes recognised the roles of governments, the private sector, civil society, the technical community and academia.\n\nThe network asks that the outcome of the review:\n\n1. reaffirm the multistakeholder approach of the Tunis Agenda;\n2. make the Internet Governance Forum a permanent forum;\n3. keep the follow-up of the Action Lines open to all stakeholders.',
      fr: 'Internet fonctionne parce que sa coordination technique est ouverte à tous ceux qui le construisent et l’exploitent. Les textes issus du SMSI ont reconnu le rôle des gouvernements, du secteur privé, de la société civile, de la communauté technique et des milieux universitaires.\n\nLe réseau demande que le texte issu de l’examen :\n\n1. réaffirme l’approche multipartite de l’Agenda de Tunis ;\n2. fasse du Forum sur la gouvernance d’Internet un forum permanent ;\n3. maintienne le suivi des grandes orientations ouvert à toutes les parties prenantes.',
      es: 'Internet funciona porque su coordinación técnica está abierta a todos los que la construyen y la gestionan. Los resultados de la CMSI reconocieron las funciones de los gobiernos, el sector privado, la sociedad civil, la comunidad técnica y el mundo académico.\n\nLa red pide que el resultado del examen:\n\n1. reafirme el enfoque de múltiples partes interesadas de la Agenda de Túnez;\n2. convierta el Foro para la Gobernanza de Internet en un foro permanente;\n3. mantenga el seguimiento de las líneas de acción abierto a todas las partes interesadas.',
      ru: 'Интернет работает потому, что его техническая координация открыта для всех, кто его создает и поддерживает. Итоговые документы ВВУИО признали роль правительств, частного сектора, гражданского общества, технического сообщества и академических кругов.\n\nСеть просит, чтобы итоговый документ обзора:\n\n1. подтвердил многосторонний подход Тунисской программы;\n2. сделал Форум по вопросам управления Интернетом постоянным;\n3. сохранил открытость выполнения направлений деятельности для всех заинтересованных сторон.',
      ar: 'تعمل الإنترنت لأن تنسيقها التقني مفتوح لكل من يبنيها ويشغّلها. وقد اعترفت نتائج القمة بأدوار الحكومات والقطاع الخاص والمجتمع المدني والمجتمع التقني والأوساط الأكاديمية.\n\nوتطلب الشبكة أن تتضمن نتائج الاستعراض ما يلي:\n\n1. إعادة تأكيد نهج أصحاب المصلحة المتعددين الوارد في برنامج عمل تونس؛\n2. جعل منتدى إدارة الإنترنت منتدى دائمًا؛\n3. إبقاء متابعة خطوط العمل مفتوحة لجميع أصحاب المصلحة.',
      zh: '互联网之所以能够运转，是因为其技术协调向所有建设和运营互联网的人开放。信息社会世界峰会成果承认各国政府、私营部门、民间社会、技术界和学术界的作用。\n\n本网络呼吁审查成果文件：\n\n1. 重申《突尼斯议程》的多利益攸关方方针；\n2. 使互联网治理论坛成为常设论坛；\n3. 使各行动方针的后续落实继续向所有利益攸关方开放。',
    },
  },
];
