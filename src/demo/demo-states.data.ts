import type { RegionalGroup } from '../domains/members/member-states.data.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { StyleId } from './demo-names.data.ts';

// ---------------------------------------------------------------------------------------------
// The 78 member states, 15 or 16 per regional group. `weight` is a state's relative share of its
// group's members. `of` is the state as organisation names in each language need it:
// en "Permanent Mission of {the United States}", es "Misión Permanente {de México}",
// fr "Mission permanente {du Sénégal}", ar "البعثة الدائمة {لدولة قطر}", ru (genitive), zh.

export interface DemoState {
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

export const demoStates: DemoState[] = [
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
export const membersPerGroup: Record<RegionalGroup, number> = {
  african: 90,
  asia_pacific: 91,
  eastern_european: 90,
  latin_american_caribbean: 90,
  western_european_others: 90,
};
