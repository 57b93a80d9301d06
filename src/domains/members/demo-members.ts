// The demo network's members: 451 synthetic people from 78 UN Member States, as on the team's slide
// ("451 members from 78 UN Member States, distributed evenly between all geographic regions").
// Everything is generated from the small tables below with a seeded PRNG, so every demo shows the
// same people; only the dates move with the clock. Names are built from common given and family
// names of each place (not public figures), organisations are generic, and every address is at a
// reserved domain (.example, example.org, .test and IANA's IDN test TLDs such as .测试 and .испытание).
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { newMemberRow } from './member.service.ts';
import type { StakeholderGroup } from './member.table.ts';
import { type MemberColumns, memberColumns } from './member-record.ts';
import { memberStates, type RegionalGroup, regionalGroups } from './member-states.data.ts';

/** The source tags demo members carry (besides none). */
export const demoSourceTags = ['hlgm-2024', 'igf-2025-riyadh', 'wsis-forum-2025', 'webinar-zero-draft', 'website'] as const;

const seed = 0x5eed_0451;
const batchSize = 100;
const dayMs = 86_400_000;
/** Members joined over the 18 months before "now", so the growth chart has a shape. */
const spanDays = 548;
const demoConsent = { method: 'staff', basis: 'Synthetic demo data', version: 'demo' } as const;

type Random = () => number;

/** mulberry32: a tiny, fast PRNG; good enough to make demo data look varied, and the same every time. */
function mulberry32(state: number): Random {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function weighted<K extends string>(random: Random, weights: Partial<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let r = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

function weightedItem<T extends { weight: number }>(random: Random, items: readonly T[]): T {
  let r = random() * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}

/** Splits `total` in proportion to `weights` (largest remainder), so the parts add up exactly. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map((e) => Math.floor(e));
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    counts[i]! += 1;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Names. Each entry is "native:Latin" (the Latin form is how the person writes it in Latin letters,
// and what their ASCII address is made of); entries in Latin script are written once.

interface NamePart {
  native: string;
  latin: string;
}

type NameOrder = 'given-family' | 'family-given' | 'family-given-joined';

interface NameStyle {
  female: NamePart[];
  male: NamePart[];
  family: NamePart[];
  /** Feminine family names, aligned with `family` (Czech -ová, Lithuanian -ienė, Greek -ου). */
  familyFemale?: NamePart[];
  /** Feminine family names by the Slavic rule: -ov/-ev/-in + a, -ski/-skiy → -ska/-skaya. */
  slavicFeminine?: boolean;
  order?: NameOrder;
  latinOrder?: NameOrder;
  /** Share of people with two family names (Spanish and Portuguese usage). */
  doubleFamily?: number;
  /** Domains for internationalised addresses, in the script of the names. */
  idnDomains: string[];
  /** True when `native` is not Latin script, so some people write their name in Latin letters instead. */
  nonLatin?: boolean;
}

const parts = (text: string): NamePart[] =>
  text.split(',').map((entry) => {
    const [native, latin] = entry.trim().split(':') as [string, string | undefined];
    return { native, latin: latin ?? native };
  });

function style(
  definition: { female: string; male: string; family: string; familyFemale?: string } & Omit<NameStyle, 'female' | 'male' | 'family' | 'familyFemale'>,
): NameStyle {
  return {
    ...definition,
    female: parts(definition.female),
    male: parts(definition.male),
    family: parts(definition.family),
    familyFemale: definition.familyFemale ? parts(definition.familyFemale) : undefined,
    nonLatin: /:/.test(definition.family),
  };
}

const nameStyles = {
  arabic: style({
    female: 'ليلى:Layla, مريم:Mariam, نور:Nour, سلمى:Salma, هدى:Hoda, ياسمين:Yasmine, رنا:Rana, دينا:Dina',
    male: 'أحمد:Ahmed, محمود:Mahmoud, عمر:Omar, يوسف:Youssef, خالد:Khaled, كريم:Karim, طارق:Tarek, سامي:Sami',
    family:
      'حسن:Hassan, الشريف:El-Sherif, منصور:Mansour, عبد الله:Abdallah, السيد:El-Sayed, الخطيب:El-Khatib, النجار:El-Naggar, حداد:Haddad, سليمان:Soliman, فرج:Farag',
    idnDomains: ['مثال.إختبار', 'وزارة.إختبار'],
  }),
  arabicGulf: style({
    female: 'نورة:Noura, فاطمة:Fatima, ريم:Reem, منى:Mona, العنود:Alanoud, شيخة:Shaikha, هند:Hind',
    male: 'عبدالله:Abdullah, فهد:Fahad, سلطان:Sultan, ماجد:Majed, راشد:Rashid, حمد:Hamad, سعود:Saud',
    family:
      'القحطاني:Al-Qahtani, العتيبي:Al-Otaibi, الشمري:Al-Shammari, المري:Al-Marri, الكعبي:Al-Kaabi, الهاجري:Al-Hajri, الزهراني:Al-Zahrani, المهيري:Al-Muhairi',
    idnDomains: ['مثال.إختبار'],
  }),
  arabicMaghreb: style({
    female: 'سلمى:Salma, ياسمين:Yasmine, إيمان:Imane, خديجة:Khadija, سارة:Sara, أسماء:Asmae',
    male: 'يوسف:Youssef, مهدي:Mehdi, كريم:Karim, أمين:Amine, رضا:Réda, هشام:Hicham',
    family: 'العلوي:Alaoui, بناني:Bennani, التازي:Tazi, بوزيد:Bouzid, بن يوسف:Benyoussef, الطرابلسي:Trabelsi, حمدي:Hamdi, بلقاسم:Belkacem, المنصوري:Mansouri',
    idnDomains: ['مثال.إختبار'],
  }),
  urdu: style({
    female: 'عائشہ:Ayesha, فاطمہ:Fatima, ثنا:Sana, مہوش:Mehwish, زینب:Zainab',
    male: 'عثمان:Usman, علی:Ali, حسن:Hassan, بلال:Bilal, فیصل:Faisal, حمزہ:Hamza',
    family: 'قریشی:Qureshi, ملک:Malik, چودھری:Chaudhry, شیخ:Sheikh, بٹ:Butt, اعوان:Awan, مرزا:Mirza',
    idnDomains: ['مثال.آزمایشی', 'مثال.إختبار'],
  }),
  bengali: style({
    female: 'ফাতেমা:Fatema, নুসরাত:Nusrat, তাসলিমা:Taslima, শারমিন:Sharmin, রুমানা:Rumana',
    male: 'রহিম:Rahim, তানভীর:Tanvir, আরিফ:Arif, সাকিব:Sakib, মাহমুদ:Mahmud',
    family: 'হোসেন:Hossain, রহমান:Rahman, আহমেদ:Ahmed, চৌধুরী:Chowdhury, ইসলাম:Islam, সরকার:Sarker',
    idnDomains: ['উদাহরণ.example'],
  }),
  chinese: style({
    female: '丽华:Lihua, 静:Jing, 婷:Ting, 雪梅:Xuemei, 晓燕:Xiaoyan, 芳:Fang, 欣怡:Xinyi, 佳怡:Jiayi',
    male: '伟:Wei, 明轩:Mingxuan, 磊:Lei, 志明:Zhiming, 建华:Jianhua, 浩然:Haoran, 俊杰:Junjie, 宇航:Yuhang',
    family: '王:Wang, 李:Li, 张:Zhang, 刘:Liu, 陈:Chen, 杨:Yang, 赵:Zhao, 黄:Huang, 周:Zhou, 吴:Wu',
    order: 'family-given-joined',
    latinOrder: 'family-given',
    idnDomains: ['例子.测试', '外交部.测试'],
  }),
  japanese: style({
    female: '美咲:Misaki, さくら:Sakura, 陽子:Yoko, 由美:Yumi, あかり:Akari, 直子:Naoko, 恵:Megumi',
    male: '健太:Kenta, 翔太:Shota, 大輔:Daisuke, 拓也:Takuya, 誠:Makoto, 浩二:Koji, 悠人:Yuto',
    family: '佐藤:Sato, 鈴木:Suzuki, 高橋:Takahashi, 田中:Tanaka, 渡辺:Watanabe, 伊藤:Ito, 中村:Nakamura, 小林:Kobayashi, 山本:Yamamoto',
    order: 'family-given-joined',
    idnDomains: ['例え.テスト', '外務省.テスト'],
  }),
  korean: style({
    female: '지은:Jieun, 서연:Seoyeon, 민지:Minji, 수진:Sujin, 하은:Haeun, 예린:Yerin',
    male: '민준:Minjun, 지훈:Jihoon, 현우:Hyunwoo, 성민:Sungmin, 준호:Junho, 도윤:Doyoon',
    family: '김:Kim, 이:Lee, 박:Park, 최:Choi, 정:Jung, 강:Kang, 조:Cho, 윤:Yoon',
    order: 'family-given-joined',
    idnDomains: ['실례.테스트', '외교부.테스트'],
  }),
  hindi: style({
    female: 'प्रिया:Priya, अनीता:Anita, सुनीता:Sunita, नेहा:Neha, कविता:Kavita, पूजा:Pooja, दीपिका:Deepika',
    male: 'राहुल:Rahul, अमित:Amit, विकास:Vikas, संजय:Sanjay, अरुण:Arun, अजय:Ajay, विजय:Vijay',
    family: 'शर्मा:Sharma, वर्मा:Verma, गुप्ता:Gupta, सिंह:Singh, मेहता:Mehta, अग्रवाल:Agarwal, जोशी:Joshi, पटेल:Patel',
    idnDomains: ['उदाहरण.परीक्षा', 'मंत्रालय.परीक्षा'],
  }),
  tamil: style({
    female: 'லட்சுமி:Lakshmi, மீனா:Meena, கவிதா:Kavitha, பிரியா:Priya',
    male: 'அருண்:Arun, கார்த்திக்:Karthik, சுரேஷ்:Suresh, செந்தில்:Senthil',
    family: 'ராமன்:Raman, கிருஷ்ணன்:Krishnan, சுப்பிரமணியன்:Subramanian, வேணுகோபால்:Venugopal',
    idnDomains: ['உதாரணம்.பரிட்சை'],
  }),
  nepali: style({
    female: 'सीता:Sita, गीता:Gita, सरिता:Sarita, अनिशा:Anisha, पुजा:Puja',
    male: 'राम:Ram, हरि:Hari, बिनोद:Binod, सुरेश:Suresh, प्रकाश:Prakash',
    family: 'श्रेष्ठ:Shrestha, अधिकारी:Adhikari, थापा:Thapa, गुरुङ:Gurung, पौडेल:Poudel, कार्की:Karki, तामाङ:Tamang',
    idnDomains: ['उदाहरण.परीक्षा'],
  }),
  thai: style({
    female: 'สมศรี:Somsri, มาลี:Malee, วันเพ็ญ:Wanphen, นภา:Napha, ปราณี:Pranee',
    male: 'สมชาย:Somchai, ประเสริฐ:Prasert, วิชัย:Wichai, อนุชา:Anucha, ธนา:Thana',
    family: 'ศรีสุข:Srisuk, รัตนพันธ์:Rattanaphan, แก้วมณี:Kaewmanee, บุญมา:Boonma, สุขสวัสดิ์:Suksawat, ทองดี:Thongdee',
    idnDomains: ['ตัวอย่าง.example'],
  }),
  vietnamese: style({
    female: 'Thị Lan, Thị Hương, Thu Hà, Ngọc Anh, Minh Châu, Thanh Hằng',
    male: 'Văn Minh, Đức Anh, Quang Huy, Minh Tuấn, Văn Hùng, Hoàng Nam',
    family: 'Nguyễn, Trần, Lê, Phạm, Hoàng, Vũ, Đặng, Bùi',
    order: 'family-given',
    idnDomains: ['ví-dụ.example'],
  }),
  indonesian: style({
    female: 'Siti, Dewi, Putri, Rina, Ayu, Indah',
    male: 'Budi, Agus, Andi, Rizky, Eko, Hendra',
    family: 'Santoso, Wijaya, Pratama, Hidayat, Saputra, Kusuma, Nugroho, Siregar',
    idnDomains: [],
  }),
  filipino: style({
    female: 'Maria Cristina, Ana Liza, Jasmine, Patricia, Rowena',
    male: 'Jose Miguel, Mark Anthony, Rafael, Paolo, Carlo',
    family: 'Santos, Reyes, Cruz, Bautista, Dela Cruz, Mendoza, Villanueva, Ocampo, Peñaflor',
    idnDomains: [],
  }),
  kazakh: style({
    female: 'Айгерим:Aigerim, Динара:Dinara, Гульнара:Gulnara, Асель:Assel, Жанар:Zhanar, Әсем:Assem',
    male: 'Нурлан:Nurlan, Ержан:Yerzhan, Асхат:Askhat, Данияр:Daniyar, Берик:Berik',
    family: 'Абенов:Abenov, Жумабаев:Zhumabayev, Сейткали:Seitkali, Омаров:Omarov, Касымов:Kassymov, Бекмуханбетов:Bekmukhanbetov, Тулегенов:Tulegenov',
    slavicFeminine: true,
    idnDomains: ['пример.испытание'],
  }),
  russian: style({
    female: 'Анна:Anna, Екатерина:Ekaterina, Ольга:Olga, Мария:Maria, Наталья:Natalya, Татьяна:Tatiana, Ксения:Ksenia',
    male: 'Алексей:Alexey, Дмитрий:Dmitry, Сергей:Sergey, Андрей:Andrey, Михаил:Mikhail, Иван:Ivan, Павел:Pavel',
    family:
      'Иванов:Ivanov, Смирнов:Smirnov, Кузнецов:Kuznetsov, Попов:Popov, Соколов:Sokolov, Лебедев:Lebedev, Новиков:Novikov, Морозов:Morozov, Волков:Volkov, Белов:Belov',
    slavicFeminine: true,
    idnDomains: ['пример.испытание', 'мид.испытание'],
  }),
  ukrainian: style({
    female: 'Олена:Olena, Оксана:Oksana, Ірина:Iryna, Юлія:Yuliia, Наталія:Nataliia, Марія:Mariia',
    male: 'Олександр:Oleksandr, Андрій:Andrii, Тарас:Taras, Богдан:Bohdan, Дмитро:Dmytro, Сергій:Serhii',
    family:
      'Коваленко:Kovalenko, Бондаренко:Bondarenko, Гончаренко:Honcharenko, Кравець:Kravets, Кравчук:Kravchuk, Поліщук:Polishchuk, Савченко:Savchenko, Гнатюк:Hnatiuk',
    idnDomains: ['приклад.example'],
  }),
  bulgarian: style({
    female: 'Мария:Maria, Елена:Elena, Десислава:Desislava, Цветелина:Tsvetelina, Радостина:Radostina',
    male: 'Георги:Georgi, Иван:Ivan, Димитър:Dimitar, Николай:Nikolay, Стоян:Stoyan',
    family: 'Петров:Petrov, Георгиев:Georgiev, Ангелов:Angelov, Стоянов:Stoyanov, Тодоров:Todorov, Христов:Hristov',
    slavicFeminine: true,
    idnDomains: ['пример.испытание'],
  }),
  serbian: style({
    female: 'Јелена:Jelena, Милица:Milica, Ана:Ana, Драгана:Dragana, Тијана:Tijana',
    male: 'Марко:Marko, Никола:Nikola, Стефан:Stefan, Милош:Miloš, Немања:Nemanja',
    family: 'Јовановић:Jovanović, Петровић:Petrović, Николић:Nikolić, Ђорђевић:Đorđević, Илић:Ilić, Павловић:Pavlović, Стојановић:Stojanović',
    idnDomains: ['пример.испытание'],
  }),
  armenian: style({
    female: 'Անի:Ani, Նարե:Nare, Լուսինե:Lusine, Մարիամ:Mariam, Գայանե:Gayane',
    male: 'Արմեն:Armen, Դավիթ:Davit, Տիգրան:Tigran, Վահե:Vahe, Հայկ:Hayk',
    family: 'Հովհաննիսյան:Hovhannisyan, Խաչատրյան:Khachatryan, Սահակյան:Sahakyan, Գրիգորյան:Grigoryan, Մկրտչյան:Mkrtchyan, Ավետիսյան:Avetisyan',
    idnDomains: ['օրինակ.example'],
  }),
  georgian: style({
    female: 'ნინო:Nino, თამარ:Tamar, მარიამ:Mariam, ეკატერინე:Ekaterine, ანა:Ana',
    male: 'გიორგი:Giorgi, დავით:Davit, ლევან:Levan, ირაკლი:Irakli, ნიკოლოზ:Nikoloz',
    family: 'ბერიძე:Beridze, კაპანაძე:Kapanadze, გელაშვილი:Gelashvili, მაისურაძე:Maisuradze, ლომიძე:Lomidze, ჯაფარიძე:Japaridze',
    idnDomains: ['მაგალითი.example'],
  }),
  azerbaijani: style({
    female: 'Leyla, Aynur, Günel, Nigar, Səbinə',
    male: 'Elvin, Rəşad, Tural, Orxan, Kamran',
    family: 'Məmmədov, Rzayev, Hüseynov, Quliyev, Həsənov, İsmayılov',
    slavicFeminine: true,
    idnDomains: ['nümunə.example'],
  }),
  polish: style({
    female: 'Agnieszka, Małgorzata, Katarzyna, Zofia, Joanna',
    male: 'Piotr, Tomasz, Paweł, Krzysztof, Michał',
    family: 'Nowak, Kowalski, Wiśniewski, Wójcik, Kamiński, Lewandowski, Zieliński, Szymański',
    slavicFeminine: true,
    idnDomains: ['przykład.example'],
  }),
  czech: style({
    female: 'Lucie, Tereza, Veronika, Kateřina, Hana',
    male: 'Jan, Jiří, Petr, Tomáš, Ondřej',
    family: 'Novák, Svoboda, Dvořák, Černý, Procházka, Kučera',
    familyFemale: 'Nováková, Svobodová, Dvořáková, Černá, Procházková, Kučerová',
    idnDomains: ['příklad.example'],
  }),
  romanian: style({
    female: 'Ioana, Andreea, Mihaela, Elena, Cristina, Oana',
    male: 'Andrei, Mihai, Ștefan, Alexandru, Ion, Radu',
    family: 'Popescu, Ionescu, Dumitrescu, Constantinescu, Munteanu, Țurcanu, Rusu, Ciobanu',
    idnDomains: ['știință.example'],
  }),
  croatian: style({
    female: 'Ivana, Petra, Ana, Marija, Lucija',
    male: 'Ivan, Luka, Marko, Tomislav, Josip',
    family: 'Horvat, Kovačević, Babić, Marić, Jurić, Knežević, Šimić',
    idnDomains: ['računalo.example'],
  }),
  estonian: style({
    female: 'Kadri, Liis, Mari, Triin, Kärt',
    male: 'Märt, Tõnis, Andres, Rasmus, Jüri',
    family: 'Tamm, Saar, Sepp, Mägi, Kask, Kukk, Rebane, Õunapuu',
    idnDomains: ['näide.example'],
  }),
  lithuanian: style({
    female: 'Rūta, Eglė, Jurgita, Ieva, Aistė',
    male: 'Tomas, Mindaugas, Darius, Žygimantas, Paulius',
    family: 'Kazlauskas, Petrauskas, Jankauskas, Stankevičius, Vasiliauskas, Žukauskas',
    familyFemale: 'Kazlauskienė, Petrauskaitė, Jankauskienė, Stankevičiūtė, Vasiliauskienė, Žukauskaitė',
    idnDomains: ['pavyzdžiai.example'],
  }),
  spanish: style({
    female: 'María José, Ana Lucía, Valentina, Camila, Daniela, Lucía, Gabriela, Fernanda, Carmen, Paula',
    male: 'José Luis, Juan Pablo, Carlos, Andrés, Diego, Santiago, Javier, Alejandro, Mateo, Sebastián',
    family: 'García, Rodríguez, Martínez, López, González, Hernández, Pérez, Sánchez, Ramírez, Torres, Flores, Castillo, Muñoz, Ortiz, Núñez, Peña',
    doubleFamily: 0.35,
    idnDomains: ['ejemplo.example', 'cancillería.example'],
  }),
  portuguese: style({
    female: 'Ana Carolina, Mariana, Beatriz, Juliana, Fernanda, Letícia, Conceição',
    male: 'João, Pedro, Lucas, Gabriel, Rafael, Thiago, Sebastião',
    family: 'Silva, Santos, Oliveira, Souza, Pereira, Costa, Rodrigues, Almeida, Carvalho, Gonçalves, Araújo',
    doubleFamily: 0.3,
    idnDomains: ['exemplo.example', 'educação.example'],
  }),
  caribbean: style({
    female: 'Shanice, Keisha, Aaliyah, Simone, Natalie, Tricia',
    male: 'Andre, Devon, Marlon, Kemar, Ravi, Nigel',
    family: 'Campbell, Brown, Williams, Thompson, Ramdial, Persad, Charles, Joseph, Maharaj',
    idnDomains: [],
  }),
  haitian: style({
    female: 'Nadège, Marie-Claude, Widline, Roseline, Fabienne',
    male: 'Jean-Baptiste, Wilner, Frantz, Jean-Robert, Ricardo',
    family: 'Pierre, Jean-Louis, Joseph, Desrosiers, Saint-Fleur, Célestin, Augustin, Étienne',
    idnDomains: ['exemple.example'],
  }),
  french: style({
    female: 'Camille, Claire, Élodie, Hélène, Chloé, Margaux, Anaïs',
    male: 'Julien, François, Mathieu, Thibault, Jérôme, Grégoire, Loïc',
    family: 'Martin, Bernard, Dubois, Lefèvre, Moreau, Girard, Rousseau, Fontaine, Chevalier, Mercier',
    idnDomains: ['exemple.example', 'société.example'],
  }),
  german: style({
    female: 'Anna, Katharina, Julia, Lena, Sophie, Jana',
    male: 'Jürgen, Matthias, Stefan, Lukas, Jörg, Tobias',
    family: 'Müller, Schmidt, Schneider, Fischer, Weber, Wagner, Becker, Schäfer, Hoffmann, Krüger',
    idnDomains: ['beispiel.example', 'behörde.example'],
  }),
  italian: style({
    female: 'Giulia, Francesca, Chiara, Alessia, Federica',
    male: 'Marco, Luca, Giuseppe, Alessandro, Niccolò',
    family: 'Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, De Luca',
    idnDomains: ['città.example'],
  }),
  dutch: style({
    female: 'Anouk, Femke, Sanne, Lotte, Eva',
    male: 'Daan, Bram, Joost, Pieter, Thijs',
    family: 'de Jong, Jansen, de Vries, van den Berg, Bakker, Visser, van Dijk, Smit',
    idnDomains: [],
  }),
  swedish: style({
    female: 'Ingrid, Astrid, Elin, Maja, Sofia',
    male: 'Björn, Erik, Lars, Oskar, Anders',
    family: 'Andersson, Johansson, Karlsson, Nilsson, Eriksson, Lindqvist, Åberg, Öberg',
    idnDomains: ['exempel.example', 'företag.example'],
  }),
  english: style({
    female: 'Sarah, Emily, Jessica, Rachel, Hannah, Megan, Olivia, Grace',
    male: 'James, Michael, Daniel, Thomas, Christopher, Benjamin, Ryan, Andrew',
    family: 'Smith, Bennett, Taylor, Walker, Robinson, Clarke, Wright, Mitchell, Harris, Turner, Evans, Hughes',
    idnDomains: [],
  }),
  greek: style({
    female: 'Μαρία:Maria, Ελένη:Eleni, Κατερίνα:Katerina, Σοφία:Sofia, Δέσποινα:Despoina',
    male: 'Γιώργος:Giorgos, Δημήτρης:Dimitris, Νίκος:Nikos, Κώστας:Kostas, Παναγιώτης:Panagiotis',
    family: 'Αντωνίου:Antoniou, Οικονόμου:Oikonomou, Γεωργίου:Georgiou, Νικολαΐδης:Nikolaidis, Καραγιάννης:Karagiannis, Βασιλείου:Vasileiou',
    familyFemale: 'Αντωνίου:Antoniou, Οικονόμου:Oikonomou, Γεωργίου:Georgiou, Νικολαΐδου:Nikolaidou, Καραγιάννη:Karagianni, Βασιλείου:Vasileiou',
    idnDomains: ['παράδειγμα.δοκιμή'],
  }),
  hebrew: style({
    female: 'נועה:Noa, מיכל:Michal, תמר:Tamar, שירה:Shira, יעל:Yael',
    male: 'רועי:Roy, אבי:Avi, דניאל:Daniel, עומר:Omer, איתי:Itai',
    family: 'כהן:Cohen, לוי:Levi, מזרחי:Mizrahi, פרץ:Peretz, ביטון:Biton, אברהם:Avraham, פרידמן:Friedman, שפירא:Shapira',
    idnDomains: ['דוגמה.טעסט'],
  }),
  turkish: style({
    female: 'Ayşe, Elif, Zeynep, Gülşen, Özlem, Büşra',
    male: 'Mehmet, Mustafa, Emre, Burak, Çağlar, Oğuz',
    family: 'Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Öztürk, Aydın',
    idnDomains: ['örnek.example'],
  }),
  amharic: style({
    female: 'ሄለን:Helen, መሰረት:Meseret, ትዕግስት:Tigist, ሰላም:Selam, ብርቱካን:Birtukan, ማርታ:Marta',
    male: 'ዳዊት:Dawit, ሳሙኤል:Samuel, ተስፋዬ:Tesfaye, ዮናስ:Yonas, ብርሃኑ:Berhanu, ሄኖክ:Henok',
    family: 'ገብረሚካኤል:Gebremichael, ተክሌ:Tekle, ኃይሉ:Hailu, በቀለ:Bekele, ወልደማርያም:Woldemariam, ታደሰ:Tadesse, አለሙ:Alemu',
    idnDomains: ['ምሳሌ.example'],
  }),
  eastAfrican: style({
    female: 'Wanjiru, Achieng, Neema, Amina, Zawadi, Faith, Nasimiyu',
    male: 'Brian, Baraka, Juma, Emmanuel, Kevin, Dennis, Musa',
    family: 'Kamau, Odhiambo, Mutua, Njoroge, Mwakyusa, Okello, Mwangi, Otieno, Ssemakula, Kiprono',
    idnDomains: [],
  }),
  westAfrican: style({
    female: 'Chiamaka, Ngozi, Funmilayo, Abena, Efua, Aisha, Blessing',
    male: 'Chukwuemeka, Oluwaseun, Ibrahim, Kwame, Kofi, Tunde, Yaw',
    family: 'Okafor, Adeyemi, Okonkwo, Balogun, Mensah, Owusu, Boateng, Asante, Bello, Eze, Adébáyọ̀',
    idnDomains: [],
  }),
  francophoneAfrican: style({
    female: 'Aminata, Fatou, Awa, Mariame, Adjoua, Clarisse, Solange',
    male: 'Moussa, Ousmane, Mamadou, Abdoulaye, Serge, Yves, Koffi',
    family: 'Diop, Ndiaye, Fall, Sow, Diallo, Koné, Coulibaly, Kouassi, Mbarga, Fotso, Ngono, Bamba',
    idnDomains: ['exemple.example'],
  }),
  rwandan: style({
    female: 'Aline, Diane, Claudine, Grace, Josiane',
    male: 'Eric, Jean Claude, Patrick, Olivier, Emmanuel',
    family: 'Uwimana, Mukamana, Habimana, Niyonzima, Nsengiyumva, Mugisha, Ingabire, Ndayisaba',
    idnDomains: [],
  }),
  southAfrican: style({
    female: 'Thandiwe, Nomvula, Lerato, Zanele, Anika',
    male: 'Sipho, Thabo, Mandla, Pieter, Lwazi',
    family: 'Nkosi, Dlamini, Mokoena, Naidoo, van der Merwe, Pillay, Khumalo, Mahlangu',
    idnDomains: [],
  }),
  mauritian: style({
    female: 'Priya, Anjali, Marie-Noëlle, Nadia, Shalini',
    male: 'Vikash, Ravi, Jean-Marc, Yusuf, Kevin',
    family: 'Ramdhun, Lutchmun, Bholah, Dookhun, Li Wan Po, Lagesse, Ramsamy, Bégué',
    idnDomains: ['exemple.example'],
  }),
} satisfies Record<string, NameStyle>;

type StyleId = keyof typeof nameStyles;

// ---------------------------------------------------------------------------------------------
// The 78 member states, 15 or 16 per regional group. `weight` is a state's relative share of its
// group's members. `of` is the state as organisation names in each language need it:
// en "Permanent Mission of {the United States}", es "Misión Permanente {de México}",
// fr "Mission permanente {du Sénégal}", ar "البعثة الدائمة {لدولة قطر}", ru (genitive), zh.

interface DemoState {
  code: string;
  weight: number;
  languages: Partial<Record<Locale, number>>;
  styles: Partial<Record<StyleId, number>>;
  /** A member writing in this language takes this name style (bilingual states). */
  styleByLanguage?: Partial<Record<Locale, StyleId>>;
  /** Share of members with a non-Latin name style who write their name in Latin letters. */
  latinNames?: number;
  of: { en: string } & Partial<Record<Locale, string>>;
}

const demoStates: DemoState[] = [
  // African Group: 16 states
  { code: 'EG', weight: 3, languages: { ar: 7, en: 3 }, styles: { arabic: 1 }, latinNames: 0.35, of: { en: 'Egypt', ar: 'لجمهورية مصر العربية' } },
  {
    code: 'MA',
    weight: 2,
    languages: { ar: 5, fr: 4, en: 1 },
    styles: { arabicMaghreb: 1 },
    latinNames: 0.5,
    of: { en: 'Morocco', ar: 'للمملكة المغربية', fr: 'du Royaume du Maroc' },
  },
  {
    code: 'DZ',
    weight: 2,
    languages: { ar: 5, fr: 4, en: 1 },
    styles: { arabicMaghreb: 1 },
    latinNames: 0.5,
    of: { en: 'Algeria', ar: 'للجمهورية الجزائرية الديمقراطية الشعبية', fr: "de l'Algérie" },
  },
  {
    code: 'TN',
    weight: 2,
    languages: { ar: 4, fr: 5, en: 1 },
    styles: { arabicMaghreb: 1 },
    latinNames: 0.5,
    of: { en: 'Tunisia', ar: 'للجمهورية التونسية', fr: 'de la Tunisie' },
  },
  { code: 'ET', weight: 2, languages: { en: 1 }, styles: { amharic: 1 }, latinNames: 0.4, of: { en: 'Ethiopia' } },
  { code: 'KE', weight: 3, languages: { en: 1 }, styles: { eastAfrican: 1 }, of: { en: 'Kenya' } },
  { code: 'NG', weight: 3, languages: { en: 1 }, styles: { westAfrican: 1 }, of: { en: 'Nigeria' } },
  { code: 'GH', weight: 2, languages: { en: 1 }, styles: { westAfrican: 1 }, of: { en: 'Ghana' } },
  { code: 'SN', weight: 2, languages: { fr: 9, en: 1 }, styles: { francophoneAfrican: 1 }, of: { en: 'Senegal', fr: 'du Sénégal' } },
  { code: 'CI', weight: 2, languages: { fr: 1 }, styles: { francophoneAfrican: 1 }, of: { en: "Côte d'Ivoire", fr: "de Côte d'Ivoire" } },
  { code: 'CM', weight: 2, languages: { fr: 6, en: 4 }, styles: { francophoneAfrican: 1 }, of: { en: 'Cameroon', fr: 'du Cameroun' } },
  { code: 'RW', weight: 2, languages: { en: 6, fr: 4 }, styles: { rwandan: 1 }, of: { en: 'Rwanda', fr: 'du Rwanda' } },
  { code: 'ZA', weight: 3, languages: { en: 1 }, styles: { southAfrican: 1 }, of: { en: 'South Africa' } },
  { code: 'TZ', weight: 1, languages: { en: 1 }, styles: { eastAfrican: 1 }, of: { en: 'the United Republic of Tanzania' } },
  { code: 'UG', weight: 1, languages: { en: 1 }, styles: { eastAfrican: 1 }, of: { en: 'Uganda' } },
  { code: 'MU', weight: 1, languages: { en: 5, fr: 5 }, styles: { mauritian: 1 }, of: { en: 'Mauritius', fr: 'de Maurice' } },

  // Asia-Pacific Group: 16 states
  { code: 'CN', weight: 3, languages: { zh: 9, en: 1 }, styles: { chinese: 1 }, latinNames: 0.2, of: { en: 'China', zh: '中国' } },
  { code: 'IN', weight: 3, languages: { en: 1 }, styles: { hindi: 3, tamil: 1 }, latinNames: 0.5, of: { en: 'India' } },
  { code: 'JP', weight: 2, languages: { en: 1 }, styles: { japanese: 1 }, latinNames: 0.3, of: { en: 'Japan' } },
  { code: 'KR', weight: 2, languages: { en: 1 }, styles: { korean: 1 }, latinNames: 0.3, of: { en: 'the Republic of Korea' } },
  {
    code: 'SA',
    weight: 2,
    languages: { ar: 8, en: 2 },
    styles: { arabicGulf: 1 },
    latinNames: 0.3,
    of: { en: 'Saudi Arabia', ar: 'للمملكة العربية السعودية' },
  },
  {
    code: 'AE',
    weight: 2,
    languages: { ar: 6, en: 4 },
    styles: { arabicGulf: 1 },
    latinNames: 0.35,
    of: { en: 'the United Arab Emirates', ar: 'لدولة الإمارات العربية المتحدة' },
  },
  { code: 'QA', weight: 1, languages: { ar: 7, en: 3 }, styles: { arabicGulf: 1 }, latinNames: 0.3, of: { en: 'Qatar', ar: 'لدولة قطر' } },
  {
    code: 'JO',
    weight: 1,
    languages: { ar: 7, en: 3 },
    styles: { arabic: 1 },
    latinNames: 0.35,
    of: { en: 'Jordan', ar: 'للمملكة الأردنية الهاشمية' },
  },
  { code: 'ID', weight: 2, languages: { en: 1 }, styles: { indonesian: 1 }, of: { en: 'Indonesia' } },
  { code: 'TH', weight: 2, languages: { en: 1 }, styles: { thai: 1 }, latinNames: 0.3, of: { en: 'Thailand' } },
  { code: 'NP', weight: 1, languages: { en: 1 }, styles: { nepali: 1 }, latinNames: 0.4, of: { en: 'Nepal' } },
  { code: 'KZ', weight: 2, languages: { ru: 7, en: 3 }, styles: { kazakh: 1 }, latinNames: 0.3, of: { en: 'Kazakhstan', ru: 'Республики Казахстан' } },
  { code: 'PK', weight: 2, languages: { en: 1 }, styles: { urdu: 1 }, latinNames: 0.5, of: { en: 'Pakistan' } },
  { code: 'BD', weight: 2, languages: { en: 1 }, styles: { bengali: 1 }, latinNames: 0.4, of: { en: 'Bangladesh' } },
  { code: 'VN', weight: 1, languages: { en: 8, fr: 2 }, styles: { vietnamese: 1 }, of: { en: 'Viet Nam', fr: 'du Viet Nam' } },
  { code: 'PH', weight: 2, languages: { en: 1 }, styles: { filipino: 1 }, of: { en: 'the Philippines' } },

  // Eastern European Group: 15 states
  {
    code: 'RU',
    weight: 3,
    languages: { ru: 9, en: 1 },
    styles: { russian: 1 },
    latinNames: 0.2,
    of: { en: 'the Russian Federation', ru: 'Российской Федерации' },
  },
  { code: 'UA', weight: 2, languages: { en: 1 }, styles: { ukrainian: 1 }, latinNames: 0.3, of: { en: 'Ukraine' } },
  { code: 'BY', weight: 1, languages: { ru: 1 }, styles: { russian: 1 }, latinNames: 0.2, of: { en: 'Belarus', ru: 'Республики Беларусь' } },
  { code: 'AM', weight: 2, languages: { en: 6, ru: 4 }, styles: { armenian: 1 }, latinNames: 0.35, of: { en: 'Armenia', ru: 'Республики Армения' } },
  { code: 'GE', weight: 2, languages: { en: 9, fr: 1 }, styles: { georgian: 1 }, latinNames: 0.35, of: { en: 'Georgia', fr: 'de la Géorgie' } },
  { code: 'AZ', weight: 1, languages: { en: 7, ru: 3 }, styles: { azerbaijani: 1 }, of: { en: 'Azerbaijan', ru: 'Азербайджанской Республики' } },
  { code: 'PL', weight: 2, languages: { en: 9, fr: 1 }, styles: { polish: 1 }, of: { en: 'Poland', fr: 'de la Pologne' } },
  { code: 'CZ', weight: 2, languages: { en: 1 }, styles: { czech: 1 }, of: { en: 'Czechia' } },
  { code: 'RO', weight: 2, languages: { en: 7, fr: 3 }, styles: { romanian: 1 }, of: { en: 'Romania', fr: 'de la Roumanie' } },
  { code: 'BG', weight: 1, languages: { en: 8, fr: 2 }, styles: { bulgarian: 1 }, latinNames: 0.3, of: { en: 'Bulgaria', fr: 'de la Bulgarie' } },
  { code: 'RS', weight: 2, languages: { en: 8, ru: 2 }, styles: { serbian: 1 }, latinNames: 0.4, of: { en: 'Serbia', ru: 'Республики Сербия' } },
  { code: 'HR', weight: 1, languages: { en: 1 }, styles: { croatian: 1 }, of: { en: 'Croatia' } },
  { code: 'EE', weight: 2, languages: { en: 1 }, styles: { estonian: 1 }, of: { en: 'Estonia' } },
  { code: 'LT', weight: 1, languages: { en: 1 }, styles: { lithuanian: 1 }, of: { en: 'Lithuania' } },
  {
    code: 'MD',
    weight: 1,
    languages: { en: 5, ru: 3, fr: 2 },
    styles: { romanian: 1 },
    of: { en: 'the Republic of Moldova', ru: 'Республики Молдова', fr: 'de la République de Moldova' },
  },

  // Latin American and Caribbean Group: 16 states
  { code: 'BR', weight: 3, languages: { en: 6, es: 4 }, styles: { portuguese: 1 }, of: { en: 'Brazil', es: 'de Brasil' } },
  { code: 'MX', weight: 3, languages: { es: 9, en: 1 }, styles: { spanish: 1 }, of: { en: 'Mexico', es: 'de México' } },
  { code: 'AR', weight: 2, languages: { es: 9, en: 1 }, styles: { spanish: 1 }, of: { en: 'Argentina', es: 'de la República Argentina' } },
  { code: 'CL', weight: 2, languages: { es: 9, en: 1 }, styles: { spanish: 1 }, of: { en: 'Chile', es: 'de Chile' } },
  { code: 'CO', weight: 2, languages: { es: 9, en: 1 }, styles: { spanish: 1 }, of: { en: 'Colombia', es: 'de Colombia' } },
  { code: 'PE', weight: 1, languages: { es: 1 }, styles: { spanish: 1 }, of: { en: 'Peru', es: 'del Perú' } },
  { code: 'CU', weight: 1, languages: { es: 1 }, styles: { spanish: 1 }, of: { en: 'Cuba', es: 'de Cuba' } },
  { code: 'EC', weight: 1, languages: { es: 1 }, styles: { spanish: 1 }, of: { en: 'Ecuador', es: 'del Ecuador' } },
  { code: 'UY', weight: 1, languages: { es: 1 }, styles: { spanish: 1 }, of: { en: 'Uruguay', es: 'del Uruguay' } },
  { code: 'CR', weight: 1, languages: { es: 9, en: 1 }, styles: { spanish: 1 }, of: { en: 'Costa Rica', es: 'de Costa Rica' } },
  { code: 'DO', weight: 1, languages: { es: 1 }, styles: { spanish: 1 }, of: { en: 'the Dominican Republic', es: 'de la República Dominicana' } },
  { code: 'GT', weight: 1, languages: { es: 1 }, styles: { spanish: 1 }, of: { en: 'Guatemala', es: 'de Guatemala' } },
  { code: 'PA', weight: 1, languages: { es: 9, en: 1 }, styles: { spanish: 1 }, of: { en: 'Panama', es: 'de Panamá' } },
  { code: 'HT', weight: 1, languages: { fr: 9, en: 1 }, styles: { haitian: 1 }, of: { en: 'Haiti', fr: "d'Haïti" } },
  { code: 'JM', weight: 1, languages: { en: 1 }, styles: { caribbean: 1 }, of: { en: 'Jamaica' } },
  { code: 'TT', weight: 1, languages: { en: 1 }, styles: { caribbean: 1 }, of: { en: 'Trinidad and Tobago' } },

  // Western European and Others Group: 15 states
  {
    code: 'US',
    weight: 3,
    languages: { en: 9, es: 1 },
    styles: { english: 5, spanish: 1 },
    styleByLanguage: { es: 'spanish' },
    of: { en: 'the United States of America', es: 'de los Estados Unidos de América' },
  },
  { code: 'GB', weight: 2, languages: { en: 1 }, styles: { english: 6, hindi: 1 }, latinNames: 1, of: { en: 'the United Kingdom' } },
  { code: 'FR', weight: 2, languages: { fr: 9, en: 1 }, styles: { french: 1 }, of: { en: 'France', fr: 'de la France' } },
  { code: 'DE', weight: 2, languages: { en: 9, fr: 1 }, styles: { german: 1 }, of: { en: 'Germany', fr: "de l'Allemagne" } },
  { code: 'IT', weight: 1, languages: { en: 8, fr: 2 }, styles: { italian: 1 }, of: { en: 'Italy', fr: "de l'Italie" } },
  { code: 'ES', weight: 2, languages: { es: 9, en: 1 }, styles: { spanish: 1 }, of: { en: 'Spain', es: 'de España' } },
  { code: 'PT', weight: 1, languages: { en: 6, fr: 2, es: 2 }, styles: { portuguese: 1 }, of: { en: 'Portugal', fr: 'du Portugal', es: 'de Portugal' } },
  { code: 'NL', weight: 1, languages: { en: 1 }, styles: { dutch: 1 }, of: { en: 'the Kingdom of the Netherlands' } },
  {
    code: 'CH',
    weight: 2,
    languages: { fr: 5, en: 5 },
    styles: { french: 1, german: 1 },
    styleByLanguage: { fr: 'french', en: 'german' },
    of: { en: 'Switzerland', fr: 'de la Suisse' },
  },
  { code: 'SE', weight: 1, languages: { en: 1 }, styles: { swedish: 1 }, of: { en: 'Sweden' } },
  {
    code: 'CA',
    weight: 2,
    languages: { en: 7, fr: 3 },
    styles: { english: 1 },
    styleByLanguage: { fr: 'french' },
    of: { en: 'Canada', fr: 'du Canada' },
  },
  { code: 'AU', weight: 1, languages: { en: 1 }, styles: { english: 5, chinese: 1 }, latinNames: 1, of: { en: 'Australia' } },
  { code: 'GR', weight: 1, languages: { en: 9, fr: 1 }, styles: { greek: 1 }, latinNames: 0.3, of: { en: 'Greece', fr: 'de la Grèce' } },
  { code: 'IL', weight: 1, languages: { en: 9, ru: 1 }, styles: { hebrew: 1 }, latinNames: 0.4, of: { en: 'Israel', ru: 'Государства Израиль' } },
  { code: 'TR', weight: 1, languages: { en: 9, fr: 1 }, styles: { turkish: 1 }, of: { en: 'Türkiye', fr: 'de la Türkiye' } },
];

/** 451 = 5 × 90 + 1: the Asia-Pacific Group, the largest, takes the extra member. */
const membersPerGroup: Record<RegionalGroup, number> = {
  african: 90,
  asia_pacific: 91,
  eastern_european: 90,
  latin_american_caribbean: 90,
  western_european_others: 90,
};

// ---------------------------------------------------------------------------------------------
// Organisations and job titles, by stakeholder group, in each UN language. An organisation is
// written in the member's language when its state has a form for it, otherwise in English.
// "{of}" is the state's form above, "{cc}" its country-code top-level domain.

type Texts = Record<Locale, string>;

interface OrganisationKind {
  /** The ASCII domain of its staff's addresses, at a reserved name. */
  domain: string;
  weight: number;
  name: Texts;
}

const organisations: Record<StakeholderGroup, OrganisationKind[]> = {
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
      domain: 'regulator-{cc}.test',
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
      domain: 'iir-{cc}.test',
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
      domain: 'ixp-{cc}.test',
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
const jobTitles: Record<StakeholderGroup, Texts[]> = {
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

const stakeholderWeights: Record<StakeholderGroup, number> = {
  government: 40,
  civil_society: 18,
  technical_community: 14,
  academia: 12,
  private_sector: 10,
  igo: 6,
};

// Where members came from: the events where the team showed a QR code (days before "now"), then
// the website and members added without a source.
const bursts: { tag: (typeof demoSourceTags)[number]; daysAgo: number; weight: number }[] = [
  { tag: 'hlgm-2024', daysAgo: 470, weight: 22 },
  { tag: 'igf-2025-riyadh', daysAgo: 385, weight: 28 },
  { tag: 'wsis-forum-2025', daysAgo: 180, weight: 30 },
  { tag: 'webinar-zero-draft', daysAgo: 95, weight: 20 },
];

// ---------------------------------------------------------------------------------------------

interface Person {
  name: string;
  female: boolean;
  given: NamePart;
  /** The (first) family name, which addresses are made of ("Dela Cruz" is one name, "García Peña" two). */
  family: NamePart;
  /** True when the name is shown in a non-Latin script. */
  nativeScript: boolean;
}

function slavicFeminine(name: string): string {
  if (/(ский|цкий)$/.test(name)) return name.replace(/ий$/, 'ая');
  if (/(ов|ев|ёв|ин)$/.test(name)) return `${name}а`;
  if (/(sky|skiy)$/.test(name)) return name.replace(/(sky|skiy)$/, 'skaya');
  if (/ski$/.test(name)) return name.replace(/ski$/, 'ska');
  if (/(ov|ev|in)$/.test(name)) return `${name}a`;
  return name;
}

function joinName(given: string, family: string, order: NameOrder): string {
  if (order === 'family-given-joined') return `${family}${given}`;
  return order === 'family-given' ? `${family} ${given}` : `${given} ${family}`;
}

function makePerson(random: Random, s: NameStyle, latinNames: number): Person {
  const female = random() < 0.5;
  const given = pick(random, female ? s.female : s.male);
  const index = Math.floor(random() * s.family.length);
  let family = (female ? s.familyFemale?.[index] : undefined) ?? s.family[index]!;
  if (female && s.slavicFeminine) family = { native: slavicFeminine(family.native), latin: slavicFeminine(family.latin) };
  let shown = family;
  if (s.doubleFamily && random() < s.doubleFamily) {
    const second = pick(random, s.family);
    if (second !== family) shown = { native: `${family.native} ${second.native}`, latin: `${family.latin} ${second.latin}` };
  }
  const nativeScript = Boolean(s.nonLatin) && random() >= latinNames;
  const name = nativeScript
    ? joinName(given.native, shown.native, s.order ?? 'given-family')
    : joinName(given.latin, shown.latin, s.latinOrder ?? (s.order === 'family-given' ? 'family-given' : 'given-family'));
  return { name, female, given, family, nativeScript };
}

const extraLatin: Record<string, string> = { ı: 'i', ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ə: 'e' };

/** The ASCII form of a name for an address: no diacritics, lower case, letters and digits only. */
function asciiSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ıłøßæœđə]/g, (c) => extraLatin[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9-]+/g, '');
}

/** A name as an internationalised local part: kept in its script, spaces removed. */
function unicodeSlug(text: string): string {
  return text.toLocaleLowerCase('und').replace(/[\s'’]+/g, '');
}

function asciiLocalPart(random: Random, person: Person): string {
  const given = asciiSlug(person.given.latin);
  const family = asciiSlug(person.family.latin);
  const r = random();
  if (r < 0.55) return `${given}.${family}`;
  if (r < 0.75) return `${given[0]}.${family}`;
  if (r < 0.9) return `${family}.${given}`;
  return `${given}${family}`;
}

/**
 * About one address in ten is internationalised: people with a name in a non-Latin script at an
 * IDN test domain (mostly with the name as the local part), and some with a Latin name with diacritics.
 */
function internationalisedAddress(random: Random, person: Person, s: NameStyle, organisationDomain: string): string | null {
  if (s.idnDomains.length === 0) return null;
  const domain = pick(random, s.idnDomains);
  if (person.nativeScript) {
    if (random() >= 0.35) return null;
    if (random() < 0.25) return `${asciiLocalPart(random, person)}@${domain}`;
    const given = unicodeSlug(person.given.native);
    if (s.order === 'family-given-joined') return `${random() < 0.5 ? given : unicodeSlug(person.family.native) + given}@${domain}`;
    return `${random() < 0.5 ? given : `${given}.${unicodeSlug(person.family.native)}`}@${domain}`;
  }
  if (s.nonLatin || random() >= 0.1) return null;
  // A name with diacritics as the local part, at the organisation's own domain or at an IDN one.
  return `${unicodeSlug(person.given.latin)}.${unicodeSlug(person.family.latin)}@${random() < 0.5 ? organisationDomain : domain}`;
}

function fill(template: string, values: { of: string; cc: string }): string {
  return template.replace('{of}', values.of).replaceAll('{cc}', values.cc);
}

function gendered(title: string, female: boolean): string {
  const [masculine, feminine] = title.split('|') as [string, string | undefined];
  return female ? (feminine ?? masculine) : masculine;
}

/** When a member joined and where from: bursts after the events where a QR code was shown, and a steady, growing trickle. */
function joining(random: Random): { daysAgo: number; source: string | null } {
  if (random() < 0.45) {
    const burst = weightedItem(random, bursts);
    return { daysAgo: burst.daysAgo - 20 * random() ** 2, source: burst.tag };
  }
  // 1 − √u puts more joins near "now": a network that grows faster as the review approaches.
  const daysAgo = spanDays * (1 - Math.sqrt(random()));
  const r = random();
  if (r < 0.45) return { daysAgo, source: 'website' };
  if (r < 0.85) return { daysAgo, source: null };
  const past = bursts.filter((b) => b.daysAgo >= daysAgo);
  return { daysAgo, source: past.length ? pick(random, past).tag : 'website' };
}

const groupOf = new Map(memberStates.map((s) => [s.code, s.regionalGroup]));

/** The demo members' rows for `networkId`, oldest first: the same people every time, dated back from `now`. */
export function demoMemberRows(networkId: number, now: Date) {
  const random = mulberry32(seed);
  const keys = new Set<string>();
  const names = new Set<string>();
  const drafts: { columns: MemberColumns; joinedAt: Date }[] = [];
  for (const group of regionalGroups) {
    const states = demoStates.filter((s) => groupOf.get(s.code) === group);
    const counts = apportion(
      membersPerGroup[group],
      states.map((s) => s.weight),
    );
    states.forEach((state, i) => {
      const cc = state.code === 'GB' ? 'uk' : state.code.toLowerCase();
      for (let n = 0; n < counts[i]!; n++) {
        const language = weighted(random, state.languages);
        const s: NameStyle = nameStyles[state.styleByLanguage?.[language] ?? weighted(random, state.styles)];
        let person = makePerson(random, s, state.latinNames ?? 0);
        for (let tries = 0; names.has(person.name) && tries < 8; tries++) person = makePerson(random, s, state.latinNames ?? 0);
        names.add(person.name);
        const stakeholderGroup = weighted(random, stakeholderWeights);
        const orgLanguage: Locale = state.of[language] ? language : 'en';
        const kind = weightedItem(random, organisations[stakeholderGroup]);
        const values = { of: state.of[orgLanguage] ?? state.of.en, cc };
        const domain = fill(kind.domain, values);
        const email = internationalisedAddress(random, person, s, domain) ?? `${asciiLocalPart(random, person)}@${domain}`;
        const { daysAgo, source } = joining(random);
        const fields = {
          name: person.name,
          memberState: state.code,
          stakeholderGroup,
          organisation: fill(kind.name[orgLanguage], values),
          jobTitle: gendered(pick(random, jobTitles[stakeholderGroup])[orgLanguage], person.female),
          language,
          source: source ?? undefined,
        };
        let columns = memberColumns({ ...fields, email });
        // Two people may share a common name and a domain: number the second, as mailbox providers do.
        for (let k = 2; keys.has(columns.email_key); k++) {
          const at = email.lastIndexOf('@');
          columns = memberColumns({ ...fields, email: `${email.slice(0, at)}${k}${email.slice(at)}` });
        }
        keys.add(columns.email_key);
        const joinedAt = new Date(Math.floor((now.getTime() - Math.max(daysAgo, 0.02) * dayMs) / 1000) * 1000);
        drafts.push({ columns, joinedAt });
      }
    });
  }
  return drafts
    .map((d, order) => ({ ...d, order }))
    .sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || a.order - b.order)
    .map((d) => newMemberRow(networkId, d.columns, 'subscribed', d.joinedAt, demoConsent));
}

/**
 * Seeds the demo network's 451 subscribed members (staff consent, "Synthetic demo data") in one
 * transaction, with a `demo_seeded` event each. Does nothing if the network has members. Returns how many it inserted.
 */
export async function seedDemoMembers(deps: { db: Db; clock: Clock }, networkId: number): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('members').select('id').where('network_id', '=', networkId).limit(1).executeTakeFirst();
    if (existing) return 0;
    const rows = demoMemberRows(networkId, deps.clock.now());
    for (let start = 0; start < rows.length; start += batchSize) {
      const inserted = await trx
        .insertInto('members')
        .values(rows.slice(start, start + batchSize))
        .returning(['id', 'created_at', 'source'])
        .execute();
      await trx
        .insertInto('member_events')
        .values(
          inserted.map((m) => ({
            member_id: m.id,
            at: m.created_at,
            kind: 'demo_seeded',
            from_status: null,
            to_status: 'subscribed' as const,
            actor_label: 'demo',
            details: m.source ? JSON.stringify({ source: m.source }) : null,
          })),
        )
        .execute();
    }
    return rows.length;
  });
}
