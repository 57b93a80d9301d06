// The demo's name styles: common given and family names of each place (not public figures), with the Latin
// form each person writes, and the IDN domains their internationalised addresses use.

// ---------------------------------------------------------------------------------------------
// Names. Each entry is "native:Latin" (the Latin form is how the person writes it in Latin letters,
// and what their ASCII address is made of); entries in Latin script are written once.

export interface NamePart {
  native: string;
  latin: string;
}

export type NameOrder = 'given-family' | 'family-given' | 'family-given-joined';

export interface NameStyle {
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

export const nameStyles = {
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

export type StyleId = keyof typeof nameStyles;
