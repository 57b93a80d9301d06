// UN Member States and observer states with their UN regional group.
// Source: United Nations Department for General Assembly and Conference Management (DGACM),
// "United Nations Regional Groups of Member States".
//
// Counts (193 Member States + 2 observer states):
//   African 54 · Asia-Pacific 54 · Eastern European 23 · Latin American and Caribbean 33 ·
//   Western European and Others 29 = 193
// - Asia-Pacific 54 includes Cyprus and Kiribati. Older lists quoting 53 (and "192 of 193 in a group")
//   leave Kiribati outside every group. 54/53/23/33/28 (without Kiribati and the United States)
//   accounts for only 191 of the 193 Member States.
// - Western European and Others 29 = 28 members + the United States, which attends the group as an
//   observer but is counted in it for voting purposes; we list it here so every Member State has a group.
// - Türkiye takes part in both WEOG and Asia-Pacific, and is counted in WEOG for elections: listed as WEOG.
// - Israel is a full WEOG member (in New York).
// Observer states (Holy See, State of Palestine) are not counted in any group for elections, so their
// regionalGroup is null, even though Palestine takes part in Asia-Pacific group meetings.

export const regionalGroups = ['african', 'asia_pacific', 'eastern_european', 'latin_american_caribbean', 'western_european_others'] as const;

export type RegionalGroup = (typeof regionalGroups)[number];

export interface MemberStateEntry {
  /** ISO 3166-1 alpha-2 */
  code: string;
  status: 'member' | 'observer';
  regionalGroup: RegionalGroup | null;
}

const african = 'african';
const asiaPacific = 'asia_pacific';
const easternEuropean = 'eastern_european';
const grulac = 'latin_american_caribbean';
const weog = 'western_european_others';

/** Every UN Member State (193) and observer state (2), sorted by code within each group. */
export const memberStates: readonly MemberStateEntry[] = [
  // African Group (54)
  { code: 'AO', status: 'member', regionalGroup: african }, // Angola
  { code: 'BF', status: 'member', regionalGroup: african }, // Burkina Faso
  { code: 'BI', status: 'member', regionalGroup: african }, // Burundi
  { code: 'BJ', status: 'member', regionalGroup: african }, // Benin
  { code: 'BW', status: 'member', regionalGroup: african }, // Botswana
  { code: 'CD', status: 'member', regionalGroup: african }, // Democratic Republic of the Congo
  { code: 'CF', status: 'member', regionalGroup: african }, // Central African Republic
  { code: 'CG', status: 'member', regionalGroup: african }, // Congo
  { code: 'CI', status: 'member', regionalGroup: african }, // Côte d'Ivoire
  { code: 'CM', status: 'member', regionalGroup: african }, // Cameroon
  { code: 'CV', status: 'member', regionalGroup: african }, // Cabo Verde
  { code: 'DJ', status: 'member', regionalGroup: african }, // Djibouti
  { code: 'DZ', status: 'member', regionalGroup: african }, // Algeria
  { code: 'EG', status: 'member', regionalGroup: african }, // Egypt
  { code: 'ER', status: 'member', regionalGroup: african }, // Eritrea
  { code: 'ET', status: 'member', regionalGroup: african }, // Ethiopia
  { code: 'GA', status: 'member', regionalGroup: african }, // Gabon
  { code: 'GH', status: 'member', regionalGroup: african }, // Ghana
  { code: 'GM', status: 'member', regionalGroup: african }, // Gambia
  { code: 'GN', status: 'member', regionalGroup: african }, // Guinea
  { code: 'GQ', status: 'member', regionalGroup: african }, // Equatorial Guinea
  { code: 'GW', status: 'member', regionalGroup: african }, // Guinea-Bissau
  { code: 'KE', status: 'member', regionalGroup: african }, // Kenya
  { code: 'KM', status: 'member', regionalGroup: african }, // Comoros
  { code: 'LR', status: 'member', regionalGroup: african }, // Liberia
  { code: 'LS', status: 'member', regionalGroup: african }, // Lesotho
  { code: 'LY', status: 'member', regionalGroup: african }, // Libya
  { code: 'MA', status: 'member', regionalGroup: african }, // Morocco
  { code: 'MG', status: 'member', regionalGroup: african }, // Madagascar
  { code: 'ML', status: 'member', regionalGroup: african }, // Mali
  { code: 'MR', status: 'member', regionalGroup: african }, // Mauritania
  { code: 'MU', status: 'member', regionalGroup: african }, // Mauritius
  { code: 'MW', status: 'member', regionalGroup: african }, // Malawi
  { code: 'MZ', status: 'member', regionalGroup: african }, // Mozambique
  { code: 'NA', status: 'member', regionalGroup: african }, // Namibia
  { code: 'NE', status: 'member', regionalGroup: african }, // Niger
  { code: 'NG', status: 'member', regionalGroup: african }, // Nigeria
  { code: 'RW', status: 'member', regionalGroup: african }, // Rwanda
  { code: 'SC', status: 'member', regionalGroup: african }, // Seychelles
  { code: 'SD', status: 'member', regionalGroup: african }, // Sudan
  { code: 'SL', status: 'member', regionalGroup: african }, // Sierra Leone
  { code: 'SN', status: 'member', regionalGroup: african }, // Senegal
  { code: 'SO', status: 'member', regionalGroup: african }, // Somalia
  { code: 'SS', status: 'member', regionalGroup: african }, // South Sudan
  { code: 'ST', status: 'member', regionalGroup: african }, // Sao Tome and Principe
  { code: 'SZ', status: 'member', regionalGroup: african }, // Eswatini
  { code: 'TD', status: 'member', regionalGroup: african }, // Chad
  { code: 'TG', status: 'member', regionalGroup: african }, // Togo
  { code: 'TN', status: 'member', regionalGroup: african }, // Tunisia
  { code: 'TZ', status: 'member', regionalGroup: african }, // United Republic of Tanzania
  { code: 'UG', status: 'member', regionalGroup: african }, // Uganda
  { code: 'ZA', status: 'member', regionalGroup: african }, // South Africa
  { code: 'ZM', status: 'member', regionalGroup: african }, // Zambia
  { code: 'ZW', status: 'member', regionalGroup: african }, // Zimbabwe

  // Asia-Pacific Group (54, including Cyprus and Kiribati)
  { code: 'AE', status: 'member', regionalGroup: asiaPacific }, // United Arab Emirates
  { code: 'AF', status: 'member', regionalGroup: asiaPacific }, // Afghanistan
  { code: 'BD', status: 'member', regionalGroup: asiaPacific }, // Bangladesh
  { code: 'BH', status: 'member', regionalGroup: asiaPacific }, // Bahrain
  { code: 'BN', status: 'member', regionalGroup: asiaPacific }, // Brunei Darussalam
  { code: 'BT', status: 'member', regionalGroup: asiaPacific }, // Bhutan
  { code: 'CN', status: 'member', regionalGroup: asiaPacific }, // China
  { code: 'CY', status: 'member', regionalGroup: asiaPacific }, // Cyprus
  { code: 'FJ', status: 'member', regionalGroup: asiaPacific }, // Fiji
  { code: 'FM', status: 'member', regionalGroup: asiaPacific }, // Micronesia (Federated States of)
  { code: 'ID', status: 'member', regionalGroup: asiaPacific }, // Indonesia
  { code: 'IN', status: 'member', regionalGroup: asiaPacific }, // India
  { code: 'IQ', status: 'member', regionalGroup: asiaPacific }, // Iraq
  { code: 'IR', status: 'member', regionalGroup: asiaPacific }, // Iran (Islamic Republic of)
  { code: 'JO', status: 'member', regionalGroup: asiaPacific }, // Jordan
  { code: 'JP', status: 'member', regionalGroup: asiaPacific }, // Japan
  { code: 'KG', status: 'member', regionalGroup: asiaPacific }, // Kyrgyzstan
  { code: 'KH', status: 'member', regionalGroup: asiaPacific }, // Cambodia
  { code: 'KI', status: 'member', regionalGroup: asiaPacific }, // Kiribati
  { code: 'KP', status: 'member', regionalGroup: asiaPacific }, // Democratic People's Republic of Korea
  { code: 'KR', status: 'member', regionalGroup: asiaPacific }, // Republic of Korea
  { code: 'KW', status: 'member', regionalGroup: asiaPacific }, // Kuwait
  { code: 'KZ', status: 'member', regionalGroup: asiaPacific }, // Kazakhstan
  { code: 'LA', status: 'member', regionalGroup: asiaPacific }, // Lao People's Democratic Republic
  { code: 'LB', status: 'member', regionalGroup: asiaPacific }, // Lebanon
  { code: 'LK', status: 'member', regionalGroup: asiaPacific }, // Sri Lanka
  { code: 'MH', status: 'member', regionalGroup: asiaPacific }, // Marshall Islands
  { code: 'MM', status: 'member', regionalGroup: asiaPacific }, // Myanmar
  { code: 'MN', status: 'member', regionalGroup: asiaPacific }, // Mongolia
  { code: 'MV', status: 'member', regionalGroup: asiaPacific }, // Maldives
  { code: 'MY', status: 'member', regionalGroup: asiaPacific }, // Malaysia
  { code: 'NP', status: 'member', regionalGroup: asiaPacific }, // Nepal
  { code: 'NR', status: 'member', regionalGroup: asiaPacific }, // Nauru
  { code: 'OM', status: 'member', regionalGroup: asiaPacific }, // Oman
  { code: 'PG', status: 'member', regionalGroup: asiaPacific }, // Papua New Guinea
  { code: 'PH', status: 'member', regionalGroup: asiaPacific }, // Philippines
  { code: 'PK', status: 'member', regionalGroup: asiaPacific }, // Pakistan
  { code: 'PW', status: 'member', regionalGroup: asiaPacific }, // Palau
  { code: 'QA', status: 'member', regionalGroup: asiaPacific }, // Qatar
  { code: 'SA', status: 'member', regionalGroup: asiaPacific }, // Saudi Arabia
  { code: 'SB', status: 'member', regionalGroup: asiaPacific }, // Solomon Islands
  { code: 'SG', status: 'member', regionalGroup: asiaPacific }, // Singapore
  { code: 'SY', status: 'member', regionalGroup: asiaPacific }, // Syrian Arab Republic
  { code: 'TH', status: 'member', regionalGroup: asiaPacific }, // Thailand
  { code: 'TJ', status: 'member', regionalGroup: asiaPacific }, // Tajikistan
  { code: 'TL', status: 'member', regionalGroup: asiaPacific }, // Timor-Leste
  { code: 'TM', status: 'member', regionalGroup: asiaPacific }, // Turkmenistan
  { code: 'TO', status: 'member', regionalGroup: asiaPacific }, // Tonga
  { code: 'TV', status: 'member', regionalGroup: asiaPacific }, // Tuvalu
  { code: 'UZ', status: 'member', regionalGroup: asiaPacific }, // Uzbekistan
  { code: 'VN', status: 'member', regionalGroup: asiaPacific }, // Viet Nam
  { code: 'VU', status: 'member', regionalGroup: asiaPacific }, // Vanuatu
  { code: 'WS', status: 'member', regionalGroup: asiaPacific }, // Samoa
  { code: 'YE', status: 'member', regionalGroup: asiaPacific }, // Yemen

  // Eastern European Group (23)
  { code: 'AL', status: 'member', regionalGroup: easternEuropean }, // Albania
  { code: 'AM', status: 'member', regionalGroup: easternEuropean }, // Armenia
  { code: 'AZ', status: 'member', regionalGroup: easternEuropean }, // Azerbaijan
  { code: 'BA', status: 'member', regionalGroup: easternEuropean }, // Bosnia and Herzegovina
  { code: 'BG', status: 'member', regionalGroup: easternEuropean }, // Bulgaria
  { code: 'BY', status: 'member', regionalGroup: easternEuropean }, // Belarus
  { code: 'CZ', status: 'member', regionalGroup: easternEuropean }, // Czechia
  { code: 'EE', status: 'member', regionalGroup: easternEuropean }, // Estonia
  { code: 'GE', status: 'member', regionalGroup: easternEuropean }, // Georgia
  { code: 'HR', status: 'member', regionalGroup: easternEuropean }, // Croatia
  { code: 'HU', status: 'member', regionalGroup: easternEuropean }, // Hungary
  { code: 'LT', status: 'member', regionalGroup: easternEuropean }, // Lithuania
  { code: 'LV', status: 'member', regionalGroup: easternEuropean }, // Latvia
  { code: 'MD', status: 'member', regionalGroup: easternEuropean }, // Republic of Moldova
  { code: 'ME', status: 'member', regionalGroup: easternEuropean }, // Montenegro
  { code: 'MK', status: 'member', regionalGroup: easternEuropean }, // North Macedonia
  { code: 'PL', status: 'member', regionalGroup: easternEuropean }, // Poland
  { code: 'RO', status: 'member', regionalGroup: easternEuropean }, // Romania
  { code: 'RS', status: 'member', regionalGroup: easternEuropean }, // Serbia
  { code: 'RU', status: 'member', regionalGroup: easternEuropean }, // Russian Federation
  { code: 'SI', status: 'member', regionalGroup: easternEuropean }, // Slovenia
  { code: 'SK', status: 'member', regionalGroup: easternEuropean }, // Slovakia
  { code: 'UA', status: 'member', regionalGroup: easternEuropean }, // Ukraine

  // Latin American and Caribbean Group, GRULAC (33)
  { code: 'AG', status: 'member', regionalGroup: grulac }, // Antigua and Barbuda
  { code: 'AR', status: 'member', regionalGroup: grulac }, // Argentina
  { code: 'BB', status: 'member', regionalGroup: grulac }, // Barbados
  { code: 'BO', status: 'member', regionalGroup: grulac }, // Bolivia (Plurinational State of)
  { code: 'BR', status: 'member', regionalGroup: grulac }, // Brazil
  { code: 'BS', status: 'member', regionalGroup: grulac }, // Bahamas
  { code: 'BZ', status: 'member', regionalGroup: grulac }, // Belize
  { code: 'CL', status: 'member', regionalGroup: grulac }, // Chile
  { code: 'CO', status: 'member', regionalGroup: grulac }, // Colombia
  { code: 'CR', status: 'member', regionalGroup: grulac }, // Costa Rica
  { code: 'CU', status: 'member', regionalGroup: grulac }, // Cuba
  { code: 'DM', status: 'member', regionalGroup: grulac }, // Dominica
  { code: 'DO', status: 'member', regionalGroup: grulac }, // Dominican Republic
  { code: 'EC', status: 'member', regionalGroup: grulac }, // Ecuador
  { code: 'GD', status: 'member', regionalGroup: grulac }, // Grenada
  { code: 'GT', status: 'member', regionalGroup: grulac }, // Guatemala
  { code: 'GY', status: 'member', regionalGroup: grulac }, // Guyana
  { code: 'HN', status: 'member', regionalGroup: grulac }, // Honduras
  { code: 'HT', status: 'member', regionalGroup: grulac }, // Haiti
  { code: 'JM', status: 'member', regionalGroup: grulac }, // Jamaica
  { code: 'KN', status: 'member', regionalGroup: grulac }, // Saint Kitts and Nevis
  { code: 'LC', status: 'member', regionalGroup: grulac }, // Saint Lucia
  { code: 'MX', status: 'member', regionalGroup: grulac }, // Mexico
  { code: 'NI', status: 'member', regionalGroup: grulac }, // Nicaragua
  { code: 'PA', status: 'member', regionalGroup: grulac }, // Panama
  { code: 'PE', status: 'member', regionalGroup: grulac }, // Peru
  { code: 'PY', status: 'member', regionalGroup: grulac }, // Paraguay
  { code: 'SR', status: 'member', regionalGroup: grulac }, // Suriname
  { code: 'SV', status: 'member', regionalGroup: grulac }, // El Salvador
  { code: 'TT', status: 'member', regionalGroup: grulac }, // Trinidad and Tobago
  { code: 'UY', status: 'member', regionalGroup: grulac }, // Uruguay
  { code: 'VC', status: 'member', regionalGroup: grulac }, // Saint Vincent and the Grenadines
  { code: 'VE', status: 'member', regionalGroup: grulac }, // Venezuela (Bolivarian Republic of)

  // Western European and Others Group, WEOG (28 + the United States)
  { code: 'AD', status: 'member', regionalGroup: weog }, // Andorra
  { code: 'AT', status: 'member', regionalGroup: weog }, // Austria
  { code: 'AU', status: 'member', regionalGroup: weog }, // Australia
  { code: 'BE', status: 'member', regionalGroup: weog }, // Belgium
  { code: 'CA', status: 'member', regionalGroup: weog }, // Canada
  { code: 'CH', status: 'member', regionalGroup: weog }, // Switzerland
  { code: 'DE', status: 'member', regionalGroup: weog }, // Germany
  { code: 'DK', status: 'member', regionalGroup: weog }, // Denmark
  { code: 'ES', status: 'member', regionalGroup: weog }, // Spain
  { code: 'FI', status: 'member', regionalGroup: weog }, // Finland
  { code: 'FR', status: 'member', regionalGroup: weog }, // France
  { code: 'GB', status: 'member', regionalGroup: weog }, // United Kingdom
  { code: 'GR', status: 'member', regionalGroup: weog }, // Greece
  { code: 'IE', status: 'member', regionalGroup: weog }, // Ireland
  { code: 'IL', status: 'member', regionalGroup: weog }, // Israel
  { code: 'IS', status: 'member', regionalGroup: weog }, // Iceland
  { code: 'IT', status: 'member', regionalGroup: weog }, // Italy
  { code: 'LI', status: 'member', regionalGroup: weog }, // Liechtenstein
  { code: 'LU', status: 'member', regionalGroup: weog }, // Luxembourg
  { code: 'MC', status: 'member', regionalGroup: weog }, // Monaco
  { code: 'MT', status: 'member', regionalGroup: weog }, // Malta
  { code: 'NL', status: 'member', regionalGroup: weog }, // Netherlands (Kingdom of the)
  { code: 'NO', status: 'member', regionalGroup: weog }, // Norway
  { code: 'NZ', status: 'member', regionalGroup: weog }, // New Zealand
  { code: 'PT', status: 'member', regionalGroup: weog }, // Portugal
  { code: 'SE', status: 'member', regionalGroup: weog }, // Sweden
  { code: 'SM', status: 'member', regionalGroup: weog }, // San Marino
  { code: 'TR', status: 'member', regionalGroup: weog }, // Türkiye (also takes part in Asia-Pacific)
  { code: 'US', status: 'member', regionalGroup: weog }, // United States (WEOG observer, counted for voting)

  // Non-member observer states: in no regional group for elections (see header)
  { code: 'PS', status: 'observer', regionalGroup: null }, // State of Palestine
  { code: 'VA', status: 'observer', regionalGroup: null }, // Holy See
];
