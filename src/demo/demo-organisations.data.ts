import type { StakeholderGroup } from '../domains/members/member.table.ts';
import type { Locale } from '../i18n/i18n.ts';

// ---------------------------------------------------------------------------------------------
// Organisations and job titles, by stakeholder group, in each UN language. An organisation is
// written in the member's language when its state has a form for it, otherwise in English.
// "{of}" is the state's form above, "{cc}" its country-code top-level domain.

export type Texts = Record<Locale, string>;

export interface OrganisationKind {
  /** The ASCII domain of its staff's addresses, at a reserved name. */
  domain: string;
  weight: number;
  name: Texts;
}

export const organisations: Record<StakeholderGroup, OrganisationKind[]> = {
  government: [
    {
      domain: 'mission-{cc}.example',
      weight: 3,
      name: {
        en: 'Permanent Mission of {of} to the United Nations Office at Geneva',
        es: 'Misión Permanente {of} ante la Oficina de las Naciones Unidas en Ginebra',
        fr: "Mission permanente {of} auprès de l'Office des Nations Unies à Genève",
        ar: 'البعثة الدائمة {of} لدى مكتب الأمم المتحدة في جنيف',
        ru: 'Постоянное представительство {of} при Отделении ООН в Женеве',
        zh: '{of}常驻联合国日内瓦办事处代表团',
      },
    },
    {
      domain: 'un-mission-{cc}.example',
      weight: 2,
      name: {
        en: 'Permanent Mission of {of} to the United Nations in New York',
        es: 'Misión Permanente {of} ante las Naciones Unidas en Nueva York',
        fr: "Mission permanente {of} auprès de l'Organisation des Nations Unies à New York",
        ar: 'البعثة الدائمة {of} لدى الأمم المتحدة في نيويورك',
        ru: 'Постоянное представительство {of} при ООН в Нью-Йорке',
        zh: '{of}常驻联合国代表团',
      },
    },
    {
      domain: 'mfa-{cc}.example',
      weight: 2,
      name: {
        en: 'Ministry of Foreign Affairs',
        es: 'Ministerio de Relaciones Exteriores',
        fr: 'Ministère des Affaires étrangères',
        ar: 'وزارة الخارجية',
        ru: 'Министерство иностранных дел',
        zh: '外交部',
      },
    },
    {
      domain: 'ict-{cc}.example',
      weight: 2,
      name: {
        en: 'Ministry of Communications and Digital Economy',
        es: 'Ministerio de Tecnologías de la Información y las Comunicaciones',
        fr: "Ministère de l'Économie numérique et des Télécommunications",
        ar: 'وزارة الاتصالات وتكنولوجيا المعلومات',
        ru: 'Министерство цифрового развития и связи',
        zh: '工业和信息化部',
      },
    },
    {
      domain: 'regulator-{cc}.example',
      weight: 1,
      name: {
        en: 'National Telecommunications Regulatory Authority',
        es: 'Agencia Nacional de Telecomunicaciones',
        fr: 'Autorité de régulation des communications électroniques',
        ar: 'الهيئة الوطنية لتنظيم الاتصالات',
        ru: 'Национальное агентство по регулированию связи',
        zh: '国家电信管理局',
      },
    },
  ],
  igo: [
    {
      domain: 'itu.example.org',
      weight: 3,
      name: {
        en: 'International Telecommunication Union',
        es: 'Unión Internacional de Telecomunicaciones',
        fr: 'Union internationale des télécommunications',
        ar: 'الاتحاد الدولي للاتصالات',
        ru: 'Международный союз электросвязи',
        zh: '国际电信联盟',
      },
    },
    { domain: 'unesco.example.org', weight: 2, name: { en: 'UNESCO', es: 'UNESCO', fr: 'UNESCO', ar: 'اليونسكو', ru: 'ЮНЕСКО', zh: '联合国教科文组织' } },
    {
      domain: 'unctad.example.org',
      weight: 1,
      name: {
        en: 'UN Trade and Development (UNCTAD)',
        es: 'ONU Comercio y Desarrollo (UNCTAD)',
        fr: 'ONU Commerce et développement (CNUCED)',
        ar: 'الأمم المتحدة للتجارة والتنمية (الأونكتاد)',
        ru: 'ООН по торговле и развитию (ЮНКТАД)',
        zh: '联合国贸易和发展会议',
      },
    },
    {
      domain: 'ohchr.example.org',
      weight: 1,
      name: {
        en: 'Office of the United Nations High Commissioner for Human Rights',
        es: 'Oficina del Alto Comisionado de las Naciones Unidas para los Derechos Humanos',
        fr: "Haut-Commissariat des Nations Unies aux droits de l'homme",
        ar: 'مفوضية الأمم المتحدة السامية لحقوق الإنسان',
        ru: 'Управление Верховного комиссара ООН по правам человека',
        zh: '联合国人权事务高级专员办事处',
      },
    },
  ],
  academia: [
    {
      domain: 'law.uni-{cc}.example',
      weight: 2,
      name: {
        en: 'Faculty of Law, National University',
        es: 'Facultad de Derecho, Universidad Nacional',
        fr: 'Faculté de droit, Université nationale',
        ar: 'كلية الحقوق، الجامعة الوطنية',
        ru: 'Юридический факультет, Национальный университет',
        zh: '国立大学法学院',
      },
    },
    {
      domain: 'cis-{cc}.example.org',
      weight: 2,
      name: {
        en: 'Centre for Internet and Society Studies',
        es: 'Centro de Estudios sobre Internet y Sociedad',
        fr: "Centre d'études Internet et société",
        ar: 'مركز دراسات الإنترنت والمجتمع',
        ru: 'Центр исследований интернета и общества',
        zh: '互联网与社会研究中心',
      },
    },
    {
      domain: 'cs.tech-{cc}.example',
      weight: 1,
      name: {
        en: 'Department of Computer Science, University of Technology',
        es: 'Departamento de Ciencias de la Computación, Universidad Tecnológica',
        fr: "Département d'informatique, Université de technologie",
        ar: 'قسم علوم الحاسوب، جامعة التكنولوجيا',
        ru: 'Кафедра информатики, Технологический университет',
        zh: '理工大学计算机科学系',
      },
    },
    {
      domain: 'iir-{cc}.example',
      weight: 1,
      name: {
        en: 'Institute of International Relations',
        es: 'Instituto de Relaciones Internacionales',
        fr: 'Institut des relations internationales',
        ar: 'معهد العلاقات الدولية',
        ru: 'Институт международных отношений',
        zh: '国际关系学院',
      },
    },
  ],
  civil_society: [
    {
      domain: 'digitalrights-{cc}.example.org',
      weight: 2,
      name: {
        en: 'Digital Rights Collective',
        es: 'Colectivo por los Derechos Digitales',
        fr: 'Collectif pour les droits numériques',
        ar: 'تجمع الحقوق الرقمية',
        ru: 'Объединение за цифровые права',
        zh: '数字权利联盟',
      },
    },
    {
      domain: 'youth-igf-{cc}.example.org',
      weight: 2,
      name: {
        en: 'Youth Internet Governance Forum',
        es: 'Foro Juvenil de Gobernanza de Internet',
        fr: "Forum des jeunes sur la gouvernance de l'Internet",
        ar: 'منتدى الشباب لحوكمة الإنترنت',
        ru: 'Молодёжный форум по управлению интернетом',
        zh: '青年互联网治理论坛',
      },
    },
    {
      domain: 'women-digital-{cc}.example.org',
      weight: 1,
      name: {
        en: 'Women in Digital Network',
        es: 'Red de Mujeres en lo Digital',
        fr: 'Réseau Femmes et numérique',
        ar: 'شبكة المرأة في المجال الرقمي',
        ru: 'Сеть «Женщины в цифровой сфере»',
        zh: '女性数字网络',
      },
    },
    {
      domain: 'community-networks-{cc}.example.org',
      weight: 1,
      name: {
        en: 'Community Networks Association',
        es: 'Asociación de Redes Comunitarias',
        fr: 'Association des réseaux communautaires',
        ar: 'جمعية الشبكات المجتمعية',
        ru: 'Ассоциация общественных сетей связи',
        zh: '社区网络协会',
      },
    },
    {
      domain: 'chapter-{cc}.example.org',
      weight: 1,
      name: {
        en: 'Internet Society chapter',
        es: 'Capítulo de Internet Society',
        fr: "Section de l'Internet Society",
        ar: 'فرع جمعية الإنترنت',
        ru: 'Отделение Общества Интернета',
        zh: '互联网协会分会',
      },
    },
  ],
  technical_community: [
    {
      domain: 'nic-{cc}.example',
      weight: 2,
      name: {
        en: '.{cc} Registry',
        es: 'NIC .{cc}',
        fr: 'Registre du .{cc}',
        ar: 'سجل النطاق .{cc}',
        ru: 'Координационный центр домена .{cc}',
        zh: '.{cc} 域名注册管理机构',
      },
    },
    {
      domain: 'cert-{cc}.example',
      weight: 2,
      name: {
        en: 'National Computer Emergency Response Team',
        es: 'Equipo Nacional de Respuesta a Incidentes (CSIRT)',
        fr: 'Centre national de réponse aux incidents (CERT)',
        ar: 'الفريق الوطني للاستجابة لطوارئ الحاسب الآلي',
        ru: 'Национальная группа реагирования на компьютерные инциденты',
        zh: '国家计算机应急响应中心',
      },
    },
    {
      domain: 'ixp-{cc}.example',
      weight: 1,
      name: {
        en: 'Internet Exchange Point',
        es: 'Punto de Intercambio de Internet',
        fr: "Point d'échange Internet",
        ar: 'نقطة تبادل الإنترنت',
        ru: 'Точка обмена интернет-трафиком',
        zh: '互联网交换中心',
      },
    },
    {
      domain: 'nog-{cc}.example.org',
      weight: 1,
      name: {
        en: 'Network Operators Group',
        es: 'Grupo de Operadores de Red',
        fr: 'Groupe des opérateurs de réseau',
        ar: 'مجموعة مشغلي الشبكات',
        ru: 'Ассоциация операторов сетей',
        zh: '网络运营者组织',
      },
    },
  ],
  private_sector: [
    {
      domain: 'telecom-{cc}.example',
      weight: 2,
      name: {
        en: 'National Telecom',
        es: 'Telecomunicaciones Nacionales S.A.',
        fr: 'Télécom nationale SA',
        ar: 'الشركة الوطنية للاتصالات',
        ru: 'Национальный оператор связи',
        zh: '国家电信集团',
      },
    },
    {
      domain: 'chamber-{cc}.example.org',
      weight: 1,
      name: {
        en: 'Chamber of Commerce, Digital Economy Committee',
        es: 'Cámara de Comercio, Comité de Economía Digital',
        fr: 'Chambre de commerce, commission du numérique',
        ar: 'غرفة التجارة، لجنة الاقتصاد الرقمي',
        ru: 'Торгово-промышленная палата, комитет по цифровой экономике',
        zh: '商会数字经济委员会',
      },
    },
    {
      domain: 'mobile-{cc}.example',
      weight: 1,
      name: {
        en: 'Mobile Operators Association',
        es: 'Asociación de Operadores Móviles',
        fr: 'Association des opérateurs mobiles',
        ar: 'جمعية مشغلي الهاتف المحمول',
        ru: 'Ассоциация операторов мобильной связи',
        zh: '移动通信运营商协会',
      },
    },
    {
      domain: 'cloud-{cc}.example',
      weight: 1,
      name: {
        en: 'Cloud Services Ltd',
        es: 'Servicios en la Nube S.A.',
        fr: 'Services infonuagiques SARL',
        ar: 'شركة الخدمات السحابية',
        ru: 'ООО «Облачные сервисы»',
        zh: '云服务有限公司',
      },
    },
  ],
};

// "masculine|feminine" where the language inflects the title.
export const jobTitles: Record<StakeholderGroup, Texts[]> = {
  government: [
    {
      en: 'First Secretary',
      es: 'Primer Secretario|Primera Secretaria',
      fr: 'Premier secrétaire|Première secrétaire',
      ar: 'سكرتير أول|سكرتيرة أولى',
      ru: 'Первый секретарь',
      zh: '一等秘书',
    },
    { en: 'Counsellor', es: 'Consejero|Consejera', fr: 'Conseiller|Conseillère', ar: 'مستشار|مستشارة', ru: 'Советник', zh: '参赞' },
    {
      en: 'Minister Counsellor',
      es: 'Ministro Consejero|Ministra Consejera',
      fr: 'Ministre conseiller|Ministre conseillère',
      ar: 'وزير مفوض|وزيرة مفوضة',
      ru: 'Советник-посланник',
      zh: '公使衔参赞',
    },
    { en: 'Attaché', es: 'Agregado|Agregada', fr: 'Attaché|Attachée', ar: 'ملحق|ملحقة', ru: 'Атташе', zh: '随员' },
    {
      en: 'Deputy Permanent Representative',
      es: 'Representante Permanente Alterno|Representante Permanente Alterna',
      fr: 'Représentant permanent adjoint|Représentante permanente adjointe',
      ar: 'نائب المندوب الدائم|نائبة المندوب الدائم',
      ru: 'Заместитель постоянного представителя',
      zh: '副常驻代表',
    },
    {
      en: 'Director of International Cooperation',
      es: 'Director de Cooperación Internacional|Directora de Cooperación Internacional',
      fr: 'Directeur de la coopération internationale|Directrice de la coopération internationale',
      ar: 'مدير التعاون الدولي|مديرة التعاون الدولي',
      ru: 'Директор департамента международного сотрудничества',
      zh: '国际合作司司长',
    },
    {
      en: 'Senior Adviser, Digital Affairs',
      es: 'Asesor de Asuntos Digitales|Asesora de Asuntos Digitales',
      fr: 'Conseiller aux affaires numériques|Conseillère aux affaires numériques',
      ar: 'مستشار الشؤون الرقمية|مستشارة الشؤون الرقمية',
      ru: 'Старший советник по цифровой политике',
      zh: '数字事务高级顾问',
    },
    {
      en: 'Head of Multilateral Affairs',
      es: 'Jefe de Asuntos Multilaterales|Jefa de Asuntos Multilaterales',
      fr: 'Chef du service des affaires multilatérales|Cheffe du service des affaires multilatérales',
      ar: 'رئيس قسم الشؤون متعددة الأطراف|رئيسة قسم الشؤون متعددة الأطراف',
      ru: 'Начальник отдела многосторонних отношений',
      zh: '多边事务处处长',
    },
  ],
  igo: [
    {
      en: 'Programme Officer',
      es: 'Oficial de Programas',
      fr: 'Chargé de programme|Chargée de programme',
      ar: 'موظف برامج|موظفة برامج',
      ru: 'Сотрудник по программам',
      zh: '项目官员',
    },
    {
      en: 'Senior Policy Analyst',
      es: 'Analista Principal de Políticas',
      fr: 'Analyste principal des politiques|Analyste principale des politiques',
      ar: 'محلل سياسات أول|محللة سياسات أولى',
      ru: 'Старший аналитик по вопросам политики',
      zh: '高级政策分析师',
    },
    {
      en: 'Digital Development Specialist',
      es: 'Especialista en Desarrollo Digital',
      fr: 'Spécialiste du développement numérique',
      ar: 'أخصائي التنمية الرقمية|أخصائية التنمية الرقمية',
      ru: 'Специалист по цифровому развитию',
      zh: '数字发展专家',
    },
    {
      en: 'Liaison Officer',
      es: 'Oficial de Enlace',
      fr: 'Chargé de liaison|Chargée de liaison',
      ar: 'موظف اتصال|موظفة اتصال',
      ru: 'Сотрудник по связям',
      zh: '联络官',
    },
  ],
  academia: [
    {
      en: 'Professor of International Law',
      es: 'Profesor de Derecho Internacional|Profesora de Derecho Internacional',
      fr: 'Professeur de droit international|Professeure de droit international',
      ar: 'أستاذ القانون الدولي|أستاذة القانون الدولي',
      ru: 'Профессор международного права',
      zh: '国际法教授',
    },
    {
      en: 'Associate Professor',
      es: 'Profesor Asociado|Profesora Asociada',
      fr: 'Maître de conférences',
      ar: 'أستاذ مشارك|أستاذة مشاركة',
      ru: 'Доцент',
      zh: '副教授',
    },
    { en: 'Research Fellow', es: 'Investigador|Investigadora', fr: 'Chercheur|Chercheuse', ar: 'باحث|باحثة', ru: 'Научный сотрудник', zh: '研究员' },
    {
      en: 'Doctoral Researcher',
      es: 'Doctorando|Doctoranda',
      fr: 'Doctorant|Doctorante',
      ar: 'طالب دكتوراه|طالبة دكتوراه',
      ru: 'Аспирант|Аспирантка',
      zh: '博士研究生',
    },
    {
      en: 'Director, Digital Policy Programme',
      es: 'Director del Programa de Política Digital|Directora del Programa de Política Digital',
      fr: 'Directeur du programme de politique numérique|Directrice du programme de politique numérique',
      ar: 'مدير برنامج السياسات الرقمية|مديرة برنامج السياسات الرقمية',
      ru: 'Руководитель программы цифровой политики',
      zh: '数字政策项目主任',
    },
  ],
  civil_society: [
    {
      en: 'Executive Director',
      es: 'Director Ejecutivo|Directora Ejecutiva',
      fr: 'Directeur exécutif|Directrice exécutive',
      ar: 'المدير التنفيذي|المديرة التنفيذية',
      ru: 'Исполнительный директор',
      zh: '执行主任',
    },
    {
      en: 'Policy Officer',
      es: 'Oficial de Políticas',
      fr: 'Chargé de plaidoyer|Chargée de plaidoyer',
      ar: 'مسؤول السياسات|مسؤولة السياسات',
      ru: 'Специалист по политике',
      zh: '政策官员',
    },
    {
      en: 'Programme Coordinator',
      es: 'Coordinador de Programas|Coordinadora de Programas',
      fr: 'Coordinateur de programmes|Coordinatrice de programmes',
      ar: 'منسق البرامج|منسقة البرامج',
      ru: 'Координатор программ',
      zh: '项目协调员',
    },
    {
      en: 'Advocacy Lead',
      es: 'Responsable de Incidencia',
      fr: 'Responsable des politiques publiques',
      ar: 'مسؤول المناصرة|مسؤولة المناصرة',
      ru: 'Руководитель правозащитных программ',
      zh: '倡导负责人',
    },
    { en: 'Founder', es: 'Fundador|Fundadora', fr: 'Fondateur|Fondatrice', ar: 'مؤسس|مؤسسة', ru: 'Основатель|Основательница', zh: '创始人' },
  ],
  technical_community: [
    {
      en: 'Chief Technology Officer',
      es: 'Director de Tecnología|Directora de Tecnología',
      fr: 'Directeur technique|Directrice technique',
      ar: 'المدير التقني|المديرة التقنية',
      ru: 'Технический директор',
      zh: '首席技术官',
    },
    {
      en: 'Network Engineer',
      es: 'Ingeniero de Redes|Ingeniera de Redes',
      fr: 'Ingénieur réseau|Ingénieure réseau',
      ar: 'مهندس شبكات|مهندسة شبكات',
      ru: 'Сетевой инженер',
      zh: '网络工程师',
    },
    {
      en: 'Head of Policy',
      es: 'Responsable de Políticas',
      fr: 'Responsable des politiques',
      ar: 'رئيس قسم السياسات|رئيسة قسم السياسات',
      ru: 'Руководитель направления политики',
      zh: '政策负责人',
    },
    {
      en: 'Security Analyst',
      es: 'Analista de Seguridad',
      fr: 'Analyste en sécurité',
      ar: 'محلل أمن المعلومات|محللة أمن المعلومات',
      ru: 'Аналитик по информационной безопасности',
      zh: '安全分析师',
    },
    {
      en: 'Registry Manager',
      es: 'Gerente del Registro',
      fr: 'Gestionnaire du registre',
      ar: 'مدير السجل|مديرة السجل',
      ru: 'Руководитель регистратуры',
      zh: '注册管理机构经理',
    },
  ],
  private_sector: [
    {
      en: 'Head of Government Affairs',
      es: 'Jefe de Relaciones Gubernamentales|Jefa de Relaciones Gubernamentales',
      fr: 'Responsable des affaires publiques',
      ar: 'رئيس العلاقات الحكومية|رئيسة العلاقات الحكومية',
      ru: 'Руководитель по связям с государственными органами',
      zh: '政府事务主管',
    },
    {
      en: 'Public Policy Manager',
      es: 'Gerente de Políticas Públicas',
      fr: 'Directeur des politiques publiques|Directrice des politiques publiques',
      ar: 'مدير السياسات العامة|مديرة السياسات العامة',
      ru: 'Менеджер по публичной политике',
      zh: '公共政策经理',
    },
    {
      en: 'Regulatory Counsel',
      es: 'Asesor Regulatorio|Asesora Regulatoria',
      fr: 'Juriste en réglementation',
      ar: 'مستشار تنظيمي|مستشارة تنظيمية',
      ru: 'Юрист по регулированию',
      zh: '监管法律顾问',
    },
    {
      en: 'Chief Executive Officer',
      es: 'Director General|Directora General',
      fr: 'Directeur général|Directrice générale',
      ar: 'الرئيس التنفيذي|الرئيسة التنفيذية',
      ru: 'Генеральный директор',
      zh: '首席执行官',
    },
    {
      en: 'Business Development Manager',
      es: 'Gerente de Desarrollo de Negocios',
      fr: 'Chargé du développement commercial|Chargée du développement commercial',
      ar: 'مدير تطوير الأعمال|مديرة تطوير الأعمال',
      ru: 'Менеджер по развитию бизнеса',
      zh: '业务发展经理',
    },
  ],
};

export const stakeholderWeights: Record<StakeholderGroup, number> = {
  government: 40,
  civil_society: 18,
  technical_community: 14,
  academia: 12,
  private_sector: 10,
  igo: 6,
};

// Where members came from: the events where the team showed a QR code (days before "now"), then
