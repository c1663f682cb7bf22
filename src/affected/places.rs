//! Places and phone numbers: ISO 3166-1 countries (names, codes, calling codes), US states and
//! territories, Canadian provinces, and E.164 phone normalisation. Lookups are case-, accent-,
//! punctuation- and whitespace-insensitive and built once.
//!
//! Every lookup goes through the same key: [`fold`], then with the remaining spaces removed, so
//! "Cote d Ivoire" (space where the apostrophe was) and "Côte d'Ivoire" (apostrophe dropped) meet,
//! as do "U. S. A." and "USA". `COUNTRIES` is printed by `scripts/gen-places` from ISO 3166-1
//! (pycountry) and libphonenumber's region metadata (phonenumbers), and `--check` holds it
//! against them; the US and Canadian tables (USPS and Canada Post codes) and every alias list
//! are written by hand.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One ISO 3166-1 entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Country {
    alpha2: &'static str,
    alpha3: &'static str,
    /// ISO English short name, e.g. "Korea, Republic of" rather than "South Korea".
    name: &'static str,
    /// International calling code without '+'; shared codes (NANP "1", "7", "44", ...) repeat.
    calling_code: &'static str,
}

// Keeps each table row on one short line.
const fn c(
    alpha2: &'static str,
    alpha3: &'static str,
    name: &'static str,
    calling_code: &'static str,
) -> Country {
    Country {
        alpha2,
        alpha3,
        name,
        calling_code,
    }
}

/// All 249 ISO 3166-1 entries, sorted by alpha-2 so code look-ups can binary-search.
///
/// Calling codes come from libphonenumber; the uninhabited or dependent territories it has no
/// metadata for (AQ, BV, GS, HM, PN, TF, UM) carry the code of the network that serves them.
static COUNTRIES: &[Country] = &[
    c("AD", "AND", "Andorra", "376"),
    c("AE", "ARE", "United Arab Emirates", "971"),
    c("AF", "AFG", "Afghanistan", "93"),
    c("AG", "ATG", "Antigua and Barbuda", "1"),
    c("AI", "AIA", "Anguilla", "1"),
    c("AL", "ALB", "Albania", "355"),
    c("AM", "ARM", "Armenia", "374"),
    c("AO", "AGO", "Angola", "244"),
    c("AQ", "ATA", "Antarctica", "672"),
    c("AR", "ARG", "Argentina", "54"),
    c("AS", "ASM", "American Samoa", "1"),
    c("AT", "AUT", "Austria", "43"),
    c("AU", "AUS", "Australia", "61"),
    c("AW", "ABW", "Aruba", "297"),
    c("AX", "ALA", "Åland Islands", "358"),
    c("AZ", "AZE", "Azerbaijan", "994"),
    c("BA", "BIH", "Bosnia and Herzegovina", "387"),
    c("BB", "BRB", "Barbados", "1"),
    c("BD", "BGD", "Bangladesh", "880"),
    c("BE", "BEL", "Belgium", "32"),
    c("BF", "BFA", "Burkina Faso", "226"),
    c("BG", "BGR", "Bulgaria", "359"),
    c("BH", "BHR", "Bahrain", "973"),
    c("BI", "BDI", "Burundi", "257"),
    c("BJ", "BEN", "Benin", "229"),
    c("BL", "BLM", "Saint Barthélemy", "590"),
    c("BM", "BMU", "Bermuda", "1"),
    c("BN", "BRN", "Brunei Darussalam", "673"),
    c("BO", "BOL", "Bolivia, Plurinational State of", "591"),
    c("BQ", "BES", "Bonaire, Sint Eustatius and Saba", "599"),
    c("BR", "BRA", "Brazil", "55"),
    c("BS", "BHS", "Bahamas", "1"),
    c("BT", "BTN", "Bhutan", "975"),
    c("BV", "BVT", "Bouvet Island", "47"),
    c("BW", "BWA", "Botswana", "267"),
    c("BY", "BLR", "Belarus", "375"),
    c("BZ", "BLZ", "Belize", "501"),
    c("CA", "CAN", "Canada", "1"),
    c("CC", "CCK", "Cocos (Keeling) Islands", "61"),
    c("CD", "COD", "Congo, The Democratic Republic of the", "243"),
    c("CF", "CAF", "Central African Republic", "236"),
    c("CG", "COG", "Congo", "242"),
    c("CH", "CHE", "Switzerland", "41"),
    c("CI", "CIV", "Côte d'Ivoire", "225"),
    c("CK", "COK", "Cook Islands", "682"),
    c("CL", "CHL", "Chile", "56"),
    c("CM", "CMR", "Cameroon", "237"),
    c("CN", "CHN", "China", "86"),
    c("CO", "COL", "Colombia", "57"),
    c("CR", "CRI", "Costa Rica", "506"),
    c("CU", "CUB", "Cuba", "53"),
    c("CV", "CPV", "Cabo Verde", "238"),
    c("CW", "CUW", "Curaçao", "599"),
    c("CX", "CXR", "Christmas Island", "61"),
    c("CY", "CYP", "Cyprus", "357"),
    c("CZ", "CZE", "Czechia", "420"),
    c("DE", "DEU", "Germany", "49"),
    c("DJ", "DJI", "Djibouti", "253"),
    c("DK", "DNK", "Denmark", "45"),
    c("DM", "DMA", "Dominica", "1"),
    c("DO", "DOM", "Dominican Republic", "1"),
    c("DZ", "DZA", "Algeria", "213"),
    c("EC", "ECU", "Ecuador", "593"),
    c("EE", "EST", "Estonia", "372"),
    c("EG", "EGY", "Egypt", "20"),
    c("EH", "ESH", "Western Sahara", "212"),
    c("ER", "ERI", "Eritrea", "291"),
    c("ES", "ESP", "Spain", "34"),
    c("ET", "ETH", "Ethiopia", "251"),
    c("FI", "FIN", "Finland", "358"),
    c("FJ", "FJI", "Fiji", "679"),
    c("FK", "FLK", "Falkland Islands (Malvinas)", "500"),
    c("FM", "FSM", "Micronesia, Federated States of", "691"),
    c("FO", "FRO", "Faroe Islands", "298"),
    c("FR", "FRA", "France", "33"),
    c("GA", "GAB", "Gabon", "241"),
    c("GB", "GBR", "United Kingdom", "44"),
    c("GD", "GRD", "Grenada", "1"),
    c("GE", "GEO", "Georgia", "995"),
    c("GF", "GUF", "French Guiana", "594"),
    c("GG", "GGY", "Guernsey", "44"),
    c("GH", "GHA", "Ghana", "233"),
    c("GI", "GIB", "Gibraltar", "350"),
    c("GL", "GRL", "Greenland", "299"),
    c("GM", "GMB", "Gambia", "220"),
    c("GN", "GIN", "Guinea", "224"),
    c("GP", "GLP", "Guadeloupe", "590"),
    c("GQ", "GNQ", "Equatorial Guinea", "240"),
    c("GR", "GRC", "Greece", "30"),
    c(
        "GS",
        "SGS",
        "South Georgia and the South Sandwich Islands",
        "500",
    ),
    c("GT", "GTM", "Guatemala", "502"),
    c("GU", "GUM", "Guam", "1"),
    c("GW", "GNB", "Guinea-Bissau", "245"),
    c("GY", "GUY", "Guyana", "592"),
    c("HK", "HKG", "Hong Kong", "852"),
    c("HM", "HMD", "Heard Island and McDonald Islands", "672"),
    c("HN", "HND", "Honduras", "504"),
    c("HR", "HRV", "Croatia", "385"),
    c("HT", "HTI", "Haiti", "509"),
    c("HU", "HUN", "Hungary", "36"),
    c("ID", "IDN", "Indonesia", "62"),
    c("IE", "IRL", "Ireland", "353"),
    c("IL", "ISR", "Israel", "972"),
    c("IM", "IMN", "Isle of Man", "44"),
    c("IN", "IND", "India", "91"),
    c("IO", "IOT", "British Indian Ocean Territory", "246"),
    c("IQ", "IRQ", "Iraq", "964"),
    c("IR", "IRN", "Iran, Islamic Republic of", "98"),
    c("IS", "ISL", "Iceland", "354"),
    c("IT", "ITA", "Italy", "39"),
    c("JE", "JEY", "Jersey", "44"),
    c("JM", "JAM", "Jamaica", "1"),
    c("JO", "JOR", "Jordan", "962"),
    c("JP", "JPN", "Japan", "81"),
    c("KE", "KEN", "Kenya", "254"),
    c("KG", "KGZ", "Kyrgyzstan", "996"),
    c("KH", "KHM", "Cambodia", "855"),
    c("KI", "KIR", "Kiribati", "686"),
    c("KM", "COM", "Comoros", "269"),
    c("KN", "KNA", "Saint Kitts and Nevis", "1"),
    c("KP", "PRK", "Korea, Democratic People's Republic of", "850"),
    c("KR", "KOR", "Korea, Republic of", "82"),
    c("KW", "KWT", "Kuwait", "965"),
    c("KY", "CYM", "Cayman Islands", "1"),
    c("KZ", "KAZ", "Kazakhstan", "7"),
    c("LA", "LAO", "Lao People's Democratic Republic", "856"),
    c("LB", "LBN", "Lebanon", "961"),
    c("LC", "LCA", "Saint Lucia", "1"),
    c("LI", "LIE", "Liechtenstein", "423"),
    c("LK", "LKA", "Sri Lanka", "94"),
    c("LR", "LBR", "Liberia", "231"),
    c("LS", "LSO", "Lesotho", "266"),
    c("LT", "LTU", "Lithuania", "370"),
    c("LU", "LUX", "Luxembourg", "352"),
    c("LV", "LVA", "Latvia", "371"),
    c("LY", "LBY", "Libya", "218"),
    c("MA", "MAR", "Morocco", "212"),
    c("MC", "MCO", "Monaco", "377"),
    c("MD", "MDA", "Moldova, Republic of", "373"),
    c("ME", "MNE", "Montenegro", "382"),
    c("MF", "MAF", "Saint Martin (French part)", "590"),
    c("MG", "MDG", "Madagascar", "261"),
    c("MH", "MHL", "Marshall Islands", "692"),
    c("MK", "MKD", "North Macedonia", "389"),
    c("ML", "MLI", "Mali", "223"),
    c("MM", "MMR", "Myanmar", "95"),
    c("MN", "MNG", "Mongolia", "976"),
    c("MO", "MAC", "Macao", "853"),
    c("MP", "MNP", "Northern Mariana Islands", "1"),
    c("MQ", "MTQ", "Martinique", "596"),
    c("MR", "MRT", "Mauritania", "222"),
    c("MS", "MSR", "Montserrat", "1"),
    c("MT", "MLT", "Malta", "356"),
    c("MU", "MUS", "Mauritius", "230"),
    c("MV", "MDV", "Maldives", "960"),
    c("MW", "MWI", "Malawi", "265"),
    c("MX", "MEX", "Mexico", "52"),
    c("MY", "MYS", "Malaysia", "60"),
    c("MZ", "MOZ", "Mozambique", "258"),
    c("NA", "NAM", "Namibia", "264"),
    c("NC", "NCL", "New Caledonia", "687"),
    c("NE", "NER", "Niger", "227"),
    c("NF", "NFK", "Norfolk Island", "672"),
    c("NG", "NGA", "Nigeria", "234"),
    c("NI", "NIC", "Nicaragua", "505"),
    c("NL", "NLD", "Netherlands", "31"),
    c("NO", "NOR", "Norway", "47"),
    c("NP", "NPL", "Nepal", "977"),
    c("NR", "NRU", "Nauru", "674"),
    c("NU", "NIU", "Niue", "683"),
    c("NZ", "NZL", "New Zealand", "64"),
    c("OM", "OMN", "Oman", "968"),
    c("PA", "PAN", "Panama", "507"),
    c("PE", "PER", "Peru", "51"),
    c("PF", "PYF", "French Polynesia", "689"),
    c("PG", "PNG", "Papua New Guinea", "675"),
    c("PH", "PHL", "Philippines", "63"),
    c("PK", "PAK", "Pakistan", "92"),
    c("PL", "POL", "Poland", "48"),
    c("PM", "SPM", "Saint Pierre and Miquelon", "508"),
    c("PN", "PCN", "Pitcairn", "64"),
    c("PR", "PRI", "Puerto Rico", "1"),
    c("PS", "PSE", "Palestine, State of", "970"),
    c("PT", "PRT", "Portugal", "351"),
    c("PW", "PLW", "Palau", "680"),
    c("PY", "PRY", "Paraguay", "595"),
    c("QA", "QAT", "Qatar", "974"),
    c("RE", "REU", "Réunion", "262"),
    c("RO", "ROU", "Romania", "40"),
    c("RS", "SRB", "Serbia", "381"),
    c("RU", "RUS", "Russian Federation", "7"),
    c("RW", "RWA", "Rwanda", "250"),
    c("SA", "SAU", "Saudi Arabia", "966"),
    c("SB", "SLB", "Solomon Islands", "677"),
    c("SC", "SYC", "Seychelles", "248"),
    c("SD", "SDN", "Sudan", "249"),
    c("SE", "SWE", "Sweden", "46"),
    c("SG", "SGP", "Singapore", "65"),
    c(
        "SH",
        "SHN",
        "Saint Helena, Ascension and Tristan da Cunha",
        "290",
    ),
    c("SI", "SVN", "Slovenia", "386"),
    c("SJ", "SJM", "Svalbard and Jan Mayen", "47"),
    c("SK", "SVK", "Slovakia", "421"),
    c("SL", "SLE", "Sierra Leone", "232"),
    c("SM", "SMR", "San Marino", "378"),
    c("SN", "SEN", "Senegal", "221"),
    c("SO", "SOM", "Somalia", "252"),
    c("SR", "SUR", "Suriname", "597"),
    c("SS", "SSD", "South Sudan", "211"),
    c("ST", "STP", "Sao Tome and Principe", "239"),
    c("SV", "SLV", "El Salvador", "503"),
    c("SX", "SXM", "Sint Maarten (Dutch part)", "1"),
    c("SY", "SYR", "Syrian Arab Republic", "963"),
    c("SZ", "SWZ", "Eswatini", "268"),
    c("TC", "TCA", "Turks and Caicos Islands", "1"),
    c("TD", "TCD", "Chad", "235"),
    c("TF", "ATF", "French Southern Territories", "262"),
    c("TG", "TGO", "Togo", "228"),
    c("TH", "THA", "Thailand", "66"),
    c("TJ", "TJK", "Tajikistan", "992"),
    c("TK", "TKL", "Tokelau", "690"),
    c("TL", "TLS", "Timor-Leste", "670"),
    c("TM", "TKM", "Turkmenistan", "993"),
    c("TN", "TUN", "Tunisia", "216"),
    c("TO", "TON", "Tonga", "676"),
    c("TR", "TUR", "Türkiye", "90"),
    c("TT", "TTO", "Trinidad and Tobago", "1"),
    c("TV", "TUV", "Tuvalu", "688"),
    c("TW", "TWN", "Taiwan, Province of China", "886"),
    c("TZ", "TZA", "Tanzania, United Republic of", "255"),
    c("UA", "UKR", "Ukraine", "380"),
    c("UG", "UGA", "Uganda", "256"),
    c("UM", "UMI", "United States Minor Outlying Islands", "1"),
    c("US", "USA", "United States", "1"),
    c("UY", "URY", "Uruguay", "598"),
    c("UZ", "UZB", "Uzbekistan", "998"),
    c("VA", "VAT", "Holy See (Vatican City State)", "39"),
    c("VC", "VCT", "Saint Vincent and the Grenadines", "1"),
    c("VE", "VEN", "Venezuela, Bolivarian Republic of", "58"),
    c("VG", "VGB", "Virgin Islands, British", "1"),
    c("VI", "VIR", "Virgin Islands, U.S.", "1"),
    c("VN", "VNM", "Viet Nam", "84"),
    c("VU", "VUT", "Vanuatu", "678"),
    c("WF", "WLF", "Wallis and Futuna", "681"),
    c("WS", "WSM", "Samoa", "685"),
    c("YE", "YEM", "Yemen", "967"),
    c("YT", "MYT", "Mayotte", "262"),
    c("ZA", "ZAF", "South Africa", "27"),
    c("ZM", "ZMB", "Zambia", "260"),
    c("ZW", "ZWE", "Zimbabwe", "263"),
];

/// Spellings beyond each country's codes and ISO short name: ISO official names, inverted
/// "X, Republic of" forms, usual English names, former names and local or foreign names seen in
/// customer exports. Spellings that fold to the same key as the ISO short name are left out.
static COUNTRY_ALIASES: &[(&str, &str)] = &[
    ("Principality of Andorra", "AD"),
    ("Emirates", "AE"),
    ("UAE", "AE"),
    ("الإمارات", "AE"),
    ("الإمارات العربية المتحدة", "AE"),
    ("Islamic Republic of Afghanistan", "AF"),
    ("Antigua", "AG"),
    ("Republic of Albania", "AL"),
    ("Republic of Armenia", "AM"),
    ("Republic of Angola", "AO"),
    ("Argentine Republic", "AR"),
    ("Autriche", "AT"),
    ("Republic of Austria", "AT"),
    ("Österreich", "AT"),
    ("Aland", "AX"),
    ("Republic of Azerbaijan", "AZ"),
    ("Bosna i Hercegovina", "BA"),
    ("Bosnia", "BA"),
    ("Bosnia-Herzegovina", "BA"),
    ("Republic of Bosnia and Herzegovina", "BA"),
    ("People's Republic of Bangladesh", "BD"),
    ("Belgien", "BE"),
    ("Belgio", "BE"),
    ("Belgique", "BE"),
    ("België", "BE"),
    ("Bélgica", "BE"),
    ("Kingdom of Belgium", "BE"),
    ("Republic of Bulgaria", "BG"),
    ("България", "BG"),
    ("Kingdom of Bahrain", "BH"),
    ("البحرين", "BH"),
    ("Republic of Burundi", "BI"),
    ("Republic of Benin", "BJ"),
    ("Saint Barts", "BL"),
    ("St Barths", "BL"),
    ("St Barthélemy", "BL"),
    ("St Barts", "BL"),
    ("Brunei", "BN"),
    ("Nation of Brunei", "BN"),
    ("Bolivia", "BO"),
    ("Plurinational State of Bolivia", "BO"),
    ("Bonaire", "BQ"),
    ("Bonaire, Saint Eustatius and Saba", "BQ"),
    ("Bonaire, St Eustatius and Saba", "BQ"),
    ("Caribbean Netherlands", "BQ"),
    ("Saba", "BQ"),
    ("Sint Eustatius", "BQ"),
    ("Brasil", "BR"),
    ("Brasilien", "BR"),
    ("Brésil", "BR"),
    ("Federative Republic of Brazil", "BR"),
    ("Бразилия", "BR"),
    ("ブラジル", "BR"),
    ("巴西", "BR"),
    ("Bahamas, The", "BS"),
    ("Commonwealth of the Bahamas", "BS"),
    ("Kingdom of Bhutan", "BT"),
    ("Republic of Botswana", "BW"),
    ("Belorussia", "BY"),
    ("Byelorussia", "BY"),
    ("Republic of Belarus", "BY"),
    ("Беларусь", "BY"),
    ("Cocos Islands", "CC"),
    ("Keeling Islands", "CC"),
    ("Congo (Kinshasa)", "CD"),
    ("Congo, Dem. Rep.", "CD"),
    ("Congo, Democratic Republic", "CD"),
    ("Congo, Democratic Republic of the", "CD"),
    ("DR Congo", "CD"),
    ("DRC", "CD"),
    ("Democratic Republic of Congo", "CD"),
    ("The Democratic Republic of the Congo", "CD"),
    ("Zaire", "CD"),
    ("CAR", "CF"),
    ("Central African Rep.", "CF"),
    ("Congo (Brazzaville)", "CG"),
    ("Congo Republic", "CG"),
    ("Congo, Rep.", "CG"),
    ("Congo, Republic of the", "CG"),
    ("Republic of Congo", "CG"),
    ("Republic of the Congo", "CG"),
    ("Confoederatio Helvetica", "CH"),
    ("Helvetia", "CH"),
    ("Schweiz", "CH"),
    ("Suisse", "CH"),
    ("Svizra", "CH"),
    ("Svizzera", "CH"),
    ("Swiss Confederation", "CH"),
    ("Costa de Marfil", "CI"),
    ("Elfenbeinküste", "CI"),
    ("Ivory Coast", "CI"),
    ("Republic of Côte d'Ivoire", "CI"),
    ("Cook Is.", "CK"),
    ("Republic of Chile", "CL"),
    ("Republic of Cameroon", "CM"),
    ("China, People's Republic of", "CN"),
    ("Chine", "CN"),
    ("Cina", "CN"),
    ("Mainland China", "CN"),
    ("P.R. China", "CN"),
    ("PRC", "CN"),
    ("People's Republic of China", "CN"),
    ("Zhongguo", "CN"),
    ("Китай", "CN"),
    ("中华人民共和国", "CN"),
    ("中国", "CN"),
    ("中國", "CN"),
    ("中華人民共和國", "CN"),
    ("중국", "CN"),
    ("Republic of Colombia", "CO"),
    ("Republic of Costa Rica", "CR"),
    ("Republic of Cuba", "CU"),
    ("Cape Verde", "CV"),
    ("Republic of Cabo Verde", "CV"),
    ("Republic of Cape Verde", "CV"),
    ("Republic of Cyprus", "CY"),
    ("Czech Rep.", "CZ"),
    ("Czech Republic", "CZ"),
    ("Tschechien", "CZ"),
    ("Česko", "CZ"),
    ("Česká republika", "CZ"),
    ("Alemania", "DE"),
    ("Allemagne", "DE"),
    ("Bundesrepublik Deutschland", "DE"),
    ("Deutschland", "DE"),
    ("East Germany", "DE"),
    ("Federal Republic of Germany", "DE"),
    ("Germania", "DE"),
    ("West Germany", "DE"),
    ("Германия", "DE"),
    ("ドイツ", "DE"),
    ("德国", "DE"),
    ("독일", "DE"),
    ("Republic of Djibouti", "DJ"),
    ("Danmark", "DK"),
    ("Dänemark", "DK"),
    ("Kingdom of Denmark", "DK"),
    ("Commonwealth of Dominica", "DM"),
    ("Dominican Rep.", "DO"),
    ("People's Democratic Republic of Algeria", "DZ"),
    ("Republic of Ecuador", "EC"),
    ("Republic of Estonia", "EE"),
    ("Arab Republic of Egypt", "EG"),
    ("Misr", "EG"),
    ("مصر", "EG"),
    ("Sahrawi Arab Democratic Republic", "EH"),
    ("the State of Eritrea", "ER"),
    ("Espagne", "ES"),
    ("España", "ES"),
    ("Kingdom of Spain", "ES"),
    ("Reino de España", "ES"),
    ("Spagna", "ES"),
    ("Spanien", "ES"),
    ("スペイン", "ES"),
    ("西班牙", "ES"),
    ("스페인", "ES"),
    ("Federal Democratic Republic of Ethiopia", "ET"),
    ("Republic of Finland", "FI"),
    ("Suomi", "FI"),
    ("Republic of Fiji", "FJ"),
    ("Falkland Islands", "FK"),
    ("Falklands", "FK"),
    ("Islas Malvinas", "FK"),
    ("Malvinas", "FK"),
    ("Federated States of Micronesia", "FM"),
    ("Micronesia", "FM"),
    ("Francia", "FR"),
    ("Frankreich", "FR"),
    ("French Republic", "FR"),
    ("République française", "FR"),
    ("Франция", "FR"),
    ("フランス", "FR"),
    ("法国", "FR"),
    ("프랑스", "FR"),
    ("Gabonese Republic", "GA"),
    ("Britain", "GB"),
    ("Cymru", "GB"),
    ("England", "GB"),
    ("Great Britain", "GB"),
    ("Northern Ireland", "GB"),
    ("Regno Unito", "GB"),
    ("Reino Unido", "GB"),
    ("Royaume-Uni", "GB"),
    ("Scotland", "GB"),
    ("UK", "GB"),
    ("United Kingdom of Great Britain and Northern Ireland", "GB"),
    ("Vereinigtes Königreich", "GB"),
    ("Wales", "GB"),
    ("イギリス", "GB"),
    ("英国", "GB"),
    ("영국", "GB"),
    ("Georgia (country)", "GE"),
    ("Sakartvelo", "GE"),
    ("საქართველო", "GE"),
    ("Republic of Ghana", "GH"),
    ("Gambia, The", "GM"),
    ("Republic of the Gambia", "GM"),
    ("Republic of Guinea", "GN"),
    ("Republic of Equatorial Guinea", "GQ"),
    ("Grecia", "GR"),
    ("Griechenland", "GR"),
    ("Grèce", "GR"),
    ("Hellas", "GR"),
    ("Hellenic Republic", "GR"),
    ("Ελλάδα", "GR"),
    ("Ελλάς", "GR"),
    ("Ελληνική Δημοκρατία", "GR"),
    ("South Georgia", "GS"),
    ("South Sandwich Islands", "GS"),
    ("Republic of Guatemala", "GT"),
    ("Republic of Guinea-Bissau", "GW"),
    ("Republic of Guyana", "GY"),
    ("HKSAR", "HK"),
    ("Hong Kong SAR", "HK"),
    ("Hong Kong SAR China", "HK"),
    ("Hong Kong Special Administrative Region of China", "HK"),
    ("Hong Kong, China", "HK"),
    ("香港", "HK"),
    ("香港特別行政區", "HK"),
    ("Heard and McDonald Islands", "HM"),
    ("Republic of Honduras", "HN"),
    ("Hrvatska", "HR"),
    ("Republic of Croatia", "HR"),
    ("Republic of Haiti", "HT"),
    ("Magyarország", "HU"),
    ("Indonesie", "ID"),
    ("Republic of Indonesia", "ID"),
    ("Ireland, Republic of", "IE"),
    ("Irland", "IE"),
    ("Irlande", "IE"),
    ("Republic of Ireland", "IE"),
    ("Éire", "IE"),
    ("State of Israel", "IL"),
    ("ישראל", "IL"),
    ("מדינת ישראל", "IL"),
    ("إسرائيل", "IL"),
    ("Bharat", "IN"),
    ("Republic of India", "IN"),
    ("भारत", "IN"),
    ("BIOT", "IO"),
    ("Chagos Islands", "IO"),
    ("Republic of Iraq", "IQ"),
    ("Iran", "IR"),
    ("Islamic Republic of Iran", "IR"),
    ("Persia", "IR"),
    ("ایران", "IR"),
    ("Republic of Iceland", "IS"),
    ("Ísland", "IS"),
    ("Italia", "IT"),
    ("Italian Republic", "IT"),
    ("Italie", "IT"),
    ("Italien", "IT"),
    ("Repubblica Italiana", "IT"),
    ("イタリア", "IT"),
    ("意大利", "IT"),
    ("이탈리아", "IT"),
    ("Hashemite Kingdom of Jordan", "JO"),
    ("الأردن", "JO"),
    ("Giappone", "JP"),
    ("Japon", "JP"),
    ("Nihon", "JP"),
    ("Nippon", "JP"),
    ("Япония", "JP"),
    ("日本", "JP"),
    ("日本国", "JP"),
    ("일본", "JP"),
    ("Republic of Kenya", "KE"),
    ("Kirghizia", "KG"),
    ("Kirgizstan", "KG"),
    ("Kyrgyz Republic", "KG"),
    ("Kingdom of Cambodia", "KH"),
    ("Republic of Kiribati", "KI"),
    ("Comoro Islands", "KM"),
    ("Union of the Comoros", "KM"),
    ("Saint Christopher and Nevis", "KN"),
    ("Saint Kitts", "KN"),
    ("St Christopher and Nevis", "KN"),
    ("St Kitts", "KN"),
    ("St Kitts and Nevis", "KN"),
    ("DPR Korea", "KP"),
    ("DPRK", "KP"),
    ("Democratic People's Republic of Korea", "KP"),
    ("Korea, DPR", "KP"),
    ("Korea, North", "KP"),
    ("N. Korea", "KP"),
    ("North Korea", "KP"),
    ("북한", "KP"),
    ("조선", "KP"),
    ("Corea del Sur", "KR"),
    ("Corée du Sud", "KR"),
    ("Hanguk", "KR"),
    ("Korea", "KR"),
    ("Korea, South", "KR"),
    ("ROK", "KR"),
    ("Republic of Korea", "KR"),
    ("S. Korea", "KR"),
    ("South Korea", "KR"),
    ("Südkorea", "KR"),
    ("韓国", "KR"),
    ("韩国", "KR"),
    ("대한민국", "KR"),
    ("한국", "KR"),
    ("State of Kuwait", "KW"),
    ("الكويت", "KW"),
    ("Republic of Kazakhstan", "KZ"),
    ("Казахстан", "KZ"),
    ("Қазақстан", "KZ"),
    ("Lao PDR", "LA"),
    ("Laos", "LA"),
    ("Lebanese Republic", "LB"),
    ("لبنان", "LB"),
    ("St Lucia", "LC"),
    ("Principality of Liechtenstein", "LI"),
    ("Democratic Socialist Republic of Sri Lanka", "LK"),
    ("Republic of Liberia", "LR"),
    ("Kingdom of Lesotho", "LS"),
    ("Republic of Lithuania", "LT"),
    ("Grand Duchy of Luxembourg", "LU"),
    ("Republic of Latvia", "LV"),
    ("Libyan Arab Jamahiriya", "LY"),
    ("Kingdom of Morocco", "MA"),
    ("Principality of Monaco", "MC"),
    ("Moldavia", "MD"),
    ("Moldova", "MD"),
    ("Republic of Moldova", "MD"),
    ("Saint Martin", "MF"),
    ("St Martin", "MF"),
    ("St Martin (French part)", "MF"),
    ("Republic of Madagascar", "MG"),
    ("Republic of the Marshall Islands", "MH"),
    ("FYROM", "MK"),
    ("Former Yugoslav Republic of Macedonia", "MK"),
    ("Macedonia", "MK"),
    ("Macedonia, the former Yugoslav Republic of", "MK"),
    ("Republic of Macedonia", "MK"),
    ("Republic of North Macedonia", "MK"),
    ("Македонија", "MK"),
    ("Северна Македонија", "MK"),
    ("Republic of Mali", "ML"),
    ("Burma", "MM"),
    ("Myanmar (Burma)", "MM"),
    ("Republic of Myanmar", "MM"),
    ("Republic of the Union of Myanmar", "MM"),
    ("Macao SAR", "MO"),
    ("Macao SAR China", "MO"),
    ("Macao Special Administrative Region of China", "MO"),
    ("Macao, China", "MO"),
    ("Macau", "MO"),
    ("Macau SAR", "MO"),
    ("Macau, China", "MO"),
    ("澳門", "MO"),
    ("澳门", "MO"),
    ("CNMI", "MP"),
    ("Commonwealth of the Northern Mariana Islands", "MP"),
    ("Northern Marianas", "MP"),
    ("Islamic Republic of Mauritania", "MR"),
    ("Republic of Malta", "MT"),
    ("Republic of Mauritius", "MU"),
    ("Maldive Islands", "MV"),
    ("Republic of Maldives", "MV"),
    ("Republic of Malawi", "MW"),
    ("Estados Unidos Mexicanos", "MX"),
    ("Messico", "MX"),
    ("Mexiko", "MX"),
    ("Mexique", "MX"),
    ("United Mexican States", "MX"),
    ("Republic of Mozambique", "MZ"),
    ("Republic of Namibia", "NA"),
    ("Republic of the Niger", "NE"),
    ("Federal Republic of Nigeria", "NG"),
    ("Republic of Nicaragua", "NI"),
    ("Holland", "NL"),
    ("Kingdom of the Netherlands", "NL"),
    ("Nederland", "NL"),
    ("Niederlande", "NL"),
    ("Paesi Bassi", "NL"),
    ("Pays-Bas", "NL"),
    ("Países Bajos", "NL"),
    ("Kingdom of Norway", "NO"),
    ("Noreg", "NO"),
    ("Norge", "NO"),
    ("Federal Democratic Republic of Nepal", "NP"),
    ("Republic of Nauru", "NR"),
    ("Niue Island", "NU"),
    ("Aotearoa", "NZ"),
    ("Sultanate of Oman", "OM"),
    ("عمان", "OM"),
    ("Republic of Panama", "PA"),
    ("Republic of Peru", "PE"),
    ("Independent State of Papua New Guinea", "PG"),
    ("Filipinas", "PH"),
    ("Pilipinas", "PH"),
    ("Republic of the Philippines", "PH"),
    ("Islamic Republic of Pakistan", "PK"),
    ("Polen", "PL"),
    ("Pologne", "PL"),
    ("Polska", "PL"),
    ("Republic of Poland", "PL"),
    ("Saint-Pierre-et-Miquelon", "PM"),
    ("St Pierre and Miquelon", "PM"),
    ("St-Pierre-et-Miquelon", "PM"),
    ("Pitcairn Islands", "PN"),
    ("Porto Rico", "PR"),
    ("Occupied Palestinian Territory", "PS"),
    ("Palestine", "PS"),
    ("Palestinian Territories", "PS"),
    ("Palestinian Territory", "PS"),
    ("Palestinian Territory, Occupied", "PS"),
    ("the State of Palestine", "PS"),
    ("فلسطين", "PS"),
    ("Portuguesa", "PT"),
    ("Portuguese Republic", "PT"),
    ("República Portuguesa", "PT"),
    ("Republic of Palau", "PW"),
    ("Republic of Paraguay", "PY"),
    ("State of Qatar", "QA"),
    ("قطر", "QA"),
    ("La Réunion", "RE"),
    ("Roumanie", "RO"),
    ("Rumania", "RO"),
    ("Rumänien", "RO"),
    ("Republic of Serbia", "RS"),
    ("Srbija", "RS"),
    ("Србија", "RS"),
    ("Rossiya", "RU"),
    ("Rusia", "RU"),
    ("Russia", "RU"),
    ("Russie", "RU"),
    ("Russland", "RU"),
    ("Российская Федерация", "RU"),
    ("Россия", "RU"),
    ("ロシア", "RU"),
    ("俄罗斯", "RU"),
    ("러시아", "RU"),
    ("Rwandese Republic", "RW"),
    ("KSA", "SA"),
    ("Kingdom of Saudi Arabia", "SA"),
    ("السعودية", "SA"),
    ("المملكة العربية السعودية", "SA"),
    ("Solomons", "SB"),
    ("Republic of Seychelles", "SC"),
    ("Republic of the Sudan", "SD"),
    ("Kingdom of Sweden", "SE"),
    ("Sverige", "SE"),
    ("Republic of Singapore", "SG"),
    ("Ascension", "SH"),
    ("Ascension Island", "SH"),
    ("Saint Helena", "SH"),
    ("St Helena", "SH"),
    ("St Helena, Ascension and Tristan da Cunha", "SH"),
    ("Tristan da Cunha", "SH"),
    ("Republic of Slovenia", "SI"),
    ("Slovenija", "SI"),
    ("Jan Mayen", "SJ"),
    ("Svalbard", "SJ"),
    ("Slovak Republic", "SK"),
    ("Slovensko", "SK"),
    ("Republic of Sierra Leone", "SL"),
    ("Republic of San Marino", "SM"),
    ("Republic of Senegal", "SN"),
    ("Federal Republic of Somalia", "SO"),
    ("Republic of Suriname", "SR"),
    ("Republic of South Sudan", "SS"),
    ("Democratic Republic of Sao Tome and Principe", "ST"),
    ("Sao Tome", "ST"),
    ("Republic of El Salvador", "SV"),
    ("Sint Maarten", "SX"),
    ("Syria", "SY"),
    ("سوريا", "SY"),
    ("سورية", "SY"),
    ("Kingdom of Eswatini", "SZ"),
    ("Kingdom of Swaziland", "SZ"),
    ("Swaziland", "SZ"),
    ("Turks and Caicos", "TC"),
    ("Republic of Chad", "TD"),
    ("French Southern and Antarctic Lands", "TF"),
    ("Terres australes et antarctiques françaises", "TF"),
    ("Togolese Republic", "TG"),
    ("Kingdom of Thailand", "TH"),
    ("Siam", "TH"),
    ("Thailande", "TH"),
    ("ประเทศไทย", "TH"),
    ("Republic of Tajikistan", "TJ"),
    ("Democratic Republic of Timor-Leste", "TL"),
    ("East Timor", "TL"),
    ("Timor", "TL"),
    ("Republic of Tunisia", "TN"),
    ("Kingdom of Tonga", "TO"),
    ("Republic of Turkey", "TR"),
    ("Republic of Türkiye", "TR"),
    ("Turkey", "TR"),
    ("Turquie", "TR"),
    ("Turquía", "TR"),
    ("Türkei", "TR"),
    ("Republic of Trinidad and Tobago", "TT"),
    ("Tobago", "TT"),
    ("Trinidad", "TT"),
    ("Chinese Taipei", "TW"),
    ("Republic of China", "TW"),
    ("Republic of China (Taiwan)", "TW"),
    ("Taiwan", "TW"),
    ("Taiwan (ROC)", "TW"),
    ("中華民國", "TW"),
    ("台湾", "TW"),
    ("台灣", "TW"),
    ("臺灣", "TW"),
    ("대만", "TW"),
    ("Tanzania", "TZ"),
    ("United Republic of Tanzania", "TZ"),
    ("Украина", "UA"),
    ("Україна", "UA"),
    ("Republic of Uganda", "UG"),
    ("US Minor Outlying Islands", "UM"),
    ("America", "US"),
    ("EEUU", "US"),
    ("Estados Unidos", "US"),
    ("Stati Uniti", "US"),
    ("US of A", "US"),
    ("United States of America", "US"),
    ("Vereinigte Staaten", "US"),
    ("États-Unis", "US"),
    ("США", "US"),
    ("アメリカ", "US"),
    ("アメリカ合衆国", "US"),
    ("美国", "US"),
    ("미국", "US"),
    ("Eastern Republic of Uruguay", "UY"),
    ("Republic of Uzbekistan", "UZ"),
    ("Città del Vaticano", "VA"),
    ("Holy See", "VA"),
    ("Stato della Città del Vaticano", "VA"),
    ("Vatican", "VA"),
    ("Vatican City", "VA"),
    ("Vatican City State", "VA"),
    ("Saint Vincent", "VC"),
    ("St Vincent", "VC"),
    ("St Vincent and Grenadines", "VC"),
    ("St Vincent and the Grenadines", "VC"),
    ("Bolivarian Republic of Venezuela", "VE"),
    ("Venezuela", "VE"),
    ("BVI", "VG"),
    ("British Virgin Islands", "VG"),
    ("American Virgin Islands", "VI"),
    ("U.S. Virgin Islands", "VI"),
    ("USVI", "VI"),
    ("Virgin Islands of the United States", "VI"),
    ("Socialist Republic of Viet Nam", "VN"),
    ("Republic of Vanuatu", "VU"),
    ("Wallis and Futuna Islands", "WF"),
    ("Wallis et Futuna", "WF"),
    ("Independent State of Samoa", "WS"),
    ("Republic of Yemen", "YE"),
    ("RSA", "ZA"),
    ("Republic of South Africa", "ZA"),
    ("Suid-Afrika", "ZA"),
    ("Republic of Zambia", "ZM"),
    ("Republic of Zimbabwe", "ZW"),
];

/// USPS codes and names: states, DC, inhabited territories, and the military "states".
static US_STATES: &[(&str, &str)] = &[
    ("AA", "Armed Forces Americas"),
    ("AE", "Armed Forces Europe"),
    ("AK", "Alaska"),
    ("AL", "Alabama"),
    ("AP", "Armed Forces Pacific"),
    ("AR", "Arkansas"),
    ("AS", "American Samoa"),
    ("AZ", "Arizona"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DC", "District of Columbia"),
    ("DE", "Delaware"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("GU", "Guam"),
    ("HI", "Hawaii"),
    ("IA", "Iowa"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("MA", "Massachusetts"),
    ("MD", "Maryland"),
    ("ME", "Maine"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MO", "Missouri"),
    ("MP", "Northern Mariana Islands"),
    ("MS", "Mississippi"),
    ("MT", "Montana"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("NE", "Nebraska"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NV", "Nevada"),
    ("NY", "New York"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("PR", "Puerto Rico"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UM", "United States Minor Outlying Islands"),
    ("UT", "Utah"),
    ("VA", "Virginia"),
    ("VI", "U.S. Virgin Islands"),
    ("VT", "Vermont"),
    ("WA", "Washington"),
    ("WI", "Wisconsin"),
    ("WV", "West Virginia"),
    ("WY", "Wyoming"),
];

/// Other ways US exports write a state: AP-style and older abbreviations, DC's city names, and
/// the territories' long forms. "Washington" alone stays the state.
static US_STATE_ALIASES: &[(&str, &str)] = &[
    ("Ala.", "AL"),
    ("Alas.", "AK"),
    ("Ariz.", "AZ"),
    ("Ark.", "AR"),
    ("Calif.", "CA"),
    ("Cal.", "CA"),
    ("Colo.", "CO"),
    ("Conn.", "CT"),
    ("Del.", "DE"),
    ("Fla.", "FL"),
    ("Ill.", "IL"),
    ("Ind.", "IN"),
    ("Kan.", "KS"),
    ("Kans.", "KS"),
    ("Mass.", "MA"),
    ("Mich.", "MI"),
    ("Minn.", "MN"),
    ("Miss.", "MS"),
    ("Mont.", "MT"),
    ("Neb.", "NE"),
    ("Nebr.", "NE"),
    ("Nev.", "NV"),
    ("N. Car.", "NC"),
    ("N. Dak.", "ND"),
    ("Okla.", "OK"),
    ("Ore.", "OR"),
    ("Oreg.", "OR"),
    ("Penn.", "PA"),
    ("Penna.", "PA"),
    ("S. Car.", "SC"),
    ("S. Dak.", "SD"),
    ("Tenn.", "TN"),
    ("Tex.", "TX"),
    ("Wash.", "WA"),
    ("W. Va.", "WV"),
    ("Wis.", "WI"),
    ("Wisc.", "WI"),
    ("Wyo.", "WY"),
    ("Washington DC", "DC"),
    ("Washington, D.C.", "DC"),
    ("Washington District of Columbia", "DC"),
    ("Dist. of Columbia", "DC"),
    ("Dist. Columbia", "DC"),
    ("Commonwealth of Puerto Rico", "PR"),
    ("Virgin Islands", "VI"),
    ("US Virgin Islands", "VI"),
    ("United States Virgin Islands", "VI"),
    ("Virgin Islands of the United States", "VI"),
    ("USVI", "VI"),
    ("CNMI", "MP"),
    ("Northern Marianas", "MP"),
    ("Commonwealth of the Northern Mariana Islands", "MP"),
    ("US Minor Outlying Islands", "UM"),
    ("Armed Forces Africa", "AE"),
    ("Armed Forces Canada", "AE"),
    ("Armed Forces Middle East", "AE"),
    ("Armed Forces Europe, the Middle East, and Canada", "AE"),
    ("Armed Forces Europe, Middle East, Africa and Canada", "AE"),
];

/// Canada Post codes with English and French names.
static CA_PROVINCES: &[(&str, &str, &str)] = &[
    ("AB", "Alberta", "Alberta"),
    ("BC", "British Columbia", "Colombie-Britannique"),
    ("MB", "Manitoba", "Manitoba"),
    ("NB", "New Brunswick", "Nouveau-Brunswick"),
    ("NL", "Newfoundland and Labrador", "Terre-Neuve-et-Labrador"),
    ("NS", "Nova Scotia", "Nouvelle-Écosse"),
    ("NT", "Northwest Territories", "Territoires du Nord-Ouest"),
    ("NU", "Nunavut", "Nunavut"),
    ("ON", "Ontario", "Ontario"),
    ("PE", "Prince Edward Island", "Île-du-Prince-Édouard"),
    ("QC", "Quebec", "Québec"),
    ("SK", "Saskatchewan", "Saskatchewan"),
    ("YT", "Yukon", "Yukon"),
];

/// Short forms, pre-2002 codes (NF, PQ) and the traditional abbreviations still typed in forms.
static CA_PROVINCE_ALIASES: &[(&str, &str)] = &[
    ("Alta.", "AB"),
    ("B.C.", "BC"),
    ("Man.", "MB"),
    ("N.B.", "NB"),
    ("Newfoundland", "NL"),
    ("Labrador", "NL"),
    ("Nfld.", "NL"),
    ("Nfld. and Lab.", "NL"),
    ("NF", "NL"),
    ("Terre-Neuve", "NL"),
    ("N.S.", "NS"),
    ("N.W.T.", "NT"),
    ("NWT", "NT"),
    ("Northwest Territory", "NT"),
    ("Nvt.", "NU"),
    ("Ont.", "ON"),
    ("P.E.I.", "PE"),
    ("PEI", "PE"),
    ("Que.", "QC"),
    ("PQ", "QC"),
    ("Province of Quebec", "QC"),
    ("Province de Québec", "QC"),
    ("Sask.", "SK"),
    ("Yukon Territory", "YT"),
    ("Territoire du Yukon", "YT"),
    ("Y.T.", "YT"),
    ("YK", "YT"),
];

type Lookup = HashMap<String, &'static str>;

/// ISO alpha-2 code for a country written as alpha-2, alpha-3, English short name, official/long
/// name or common alias.
pub(crate) fn country_code(input: &str) -> Option<&'static str> {
    static MAP: OnceLock<Lookup> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut map = Lookup::with_capacity(COUNTRIES.len() * 3 + COUNTRY_ALIASES.len());
        // Codes go in first so that no name or alias can shadow them.
        for country in COUNTRIES {
            insert(&mut map, country.alpha2, country.alpha2);
            insert(&mut map, country.alpha3, country.alpha2);
        }
        for country in COUNTRIES {
            insert(&mut map, country.name, country.alpha2);
        }
        for &(alias, code) in COUNTRY_ALIASES {
            insert(&mut map, alias, code);
        }
        map
    });
    find(map, input)
}

pub(crate) fn country_name(alpha2: &str) -> Option<&'static str> {
    country_by_alpha2(alpha2).map(|country| country.name)
}

fn calling_code(alpha2: &str) -> Option<&'static str> {
    country_by_alpha2(alpha2).map(|country| country.calling_code)
}

/// USPS code for a US state, DC, territory (PR, GU, VI, AS, MP, UM) or military (AA, AE, AP),
/// given its code or name.
pub(crate) fn us_state_code(input: &str) -> Option<&'static str> {
    static MAP: OnceLock<Lookup> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut map = Lookup::with_capacity(US_STATES.len() * 2 + US_STATE_ALIASES.len());
        for &(code, _) in US_STATES {
            insert(&mut map, code, code);
        }
        for &(code, name) in US_STATES {
            insert(&mut map, name, code);
        }
        for &(alias, code) in US_STATE_ALIASES {
            insert(&mut map, alias, code);
        }
        map
    });
    find(map, input)
}

/// Every USPS code with its name, in code order.
pub(crate) fn us_states() -> &'static [(&'static str, &'static str)] {
    US_STATES
}

pub(crate) fn us_state_name(code: &str) -> Option<&'static str> {
    let code = code.trim();
    US_STATES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|&(_, name)| name)
}

/// Canada Post code for a province/territory (13), given its code or English or French name
/// ("Québec", "Quebec", "QC", "Nouveau-Brunswick", "Newfoundland", ...).
pub(crate) fn ca_province_code(input: &str) -> Option<&'static str> {
    static MAP: OnceLock<Lookup> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut map = Lookup::with_capacity(CA_PROVINCES.len() * 3 + CA_PROVINCE_ALIASES.len());
        for &(code, _, _) in CA_PROVINCES {
            insert(&mut map, code, code);
        }
        for &(code, english, french) in CA_PROVINCES {
            insert(&mut map, english, code);
            insert(&mut map, french, code);
        }
        for &(alias, code) in CA_PROVINCE_ALIASES {
            insert(&mut map, alias, code);
        }
        map
    });
    find(map, input)
}

pub(crate) fn ca_province_name(code: &str) -> Option<&'static str> {
    let code = code.trim();
    CA_PROVINCES
        .iter()
        .find(|(c, _, _)| c.eq_ignore_ascii_case(code))
        .map(|&(_, english, _)| english)
}

/// E.164 form ("+15551234567") of a phone number written in any usual way, or None when it
/// cannot be parsed.
///
/// `country_alpha2` supplies the calling code for national numbers; any spelling
/// [`country_code`] understands is accepted. An extension ("x12", "ext. 12") is dropped.
pub(crate) fn e164(raw: &str, country_alpha2: Option<&str>) -> Option<String> {
    let body = strip_extension(raw)?;
    let (plus, digits) = phone_digits(body)?;
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    let country = country_alpha2.and_then(country_code);
    let out = match international {
        Some(number) => format!("+{number}"),
        None => {
            let country = country?;
            let cc = calling_code(country)?;
            if cc == "1" {
                if let Some(rest) = digits.strip_prefix("011") {
                    format!("+{rest}")
                } else if digits.len() == 10 {
                    format!("+1{digits}")
                } else if digits.len() == 11 && digits.starts_with('1') {
                    format!("+{digits}")
                } else {
                    return None;
                }
            } else {
                // Italy and the states inside it dial the leading 0 even from abroad.
                let keeps_zero = matches!(country, "IT" | "SM" | "VA");
                let national = if keeps_zero {
                    digits.as_str()
                } else {
                    digits.strip_prefix('0').unwrap_or(&digits)
                };
                format!("+{cc}{national}")
            }
        }
    };
    let significant = &out[1..];
    // No calling code starts with 0; such a number is a mangled trunk or exit prefix.
    if !(7..=15).contains(&significant.len()) || significant.starts_with('0') {
        return None;
    }
    Some(out)
}

/// The input folded for lookup: lower-case, common Latin accents removed, '.', ',', '(', ')',
/// '\'' dropped, '-', '_' and runs of whitespace as one space, trimmed; a leading "the " dropped.
///
/// Also dropped: typographic quotes and '"', because spreadsheets turn apostrophes into them;
/// '&' reads as " and " ("Trinidad & Tobago"); Greek tonos and Cyrillic "ё" are folded the way
/// the Latin accents are, and combining accents (decomposed input) are removed.
fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    fold_into(input, |ch| {
        out.push(ch);
        true
    });
    if out.starts_with("the ") {
        out.drain(..4);
    }
    out
}

fn insert(map: &mut Lookup, spelling: &str, code: &'static str) {
    let key = lookup_key(spelling);
    if !key.is_empty() {
        map.entry(key).or_insert(code);
    }
}

fn lookup_key(input: &str) -> String {
    let mut key = fold(input);
    key.retain(|ch| ch != ' ');
    key
}

/// Longest ASCII input keyed on the stack; longer or non-ASCII input takes the allocating path.
const STACK_KEY: usize = 64;

fn find(map: &Lookup, input: &str) -> Option<&'static str> {
    let mut buf = [0u8; STACK_KEY];
    match ascii_key(input, &mut buf) {
        Some(key) => map.get(key).copied(),
        None => map.get(lookup_key(input).as_str()).copied(),
    }
}

/// [`lookup_key`] for short ASCII input without allocating: import columns are mostly short
/// ASCII ("US", "California") and are looked up about a million times per import. None when the
/// input is not ASCII or its key does not fit `buf`.
fn ascii_key<'b>(input: &str, buf: &'b mut [u8; STACK_KEY]) -> Option<&'b str> {
    if !input.is_ascii() {
        return None;
    }
    let mut len = 0;
    // Length of the first word, to apply fold's "the " rule without keeping the spaces.
    let mut first_word = None;
    for &byte in input.as_bytes() {
        let out: &[u8] = match byte {
            b'.' | b',' | b'(' | b')' | b'\'' | b'"' | b'`' => continue,
            b'\t'..=b'\r' | b' ' | b'-' | b'_' => {
                if len > 0 && first_word.is_none() {
                    first_word = Some(len);
                }
                continue;
            }
            b'&' => {
                if len > 0 && first_word.is_none() {
                    first_word = Some(len);
                }
                b"and"
            }
            _ => std::slice::from_ref(&byte),
        };
        let end = len + out.len();
        if end > STACK_KEY {
            return None;
        }
        for (slot, &b) in buf[len..end].iter_mut().zip(out) {
            *slot = b.to_ascii_lowercase();
        }
        len = end;
    }
    let start = if first_word == Some(3) && len > 3 && buf.starts_with(b"the") {
        3
    } else {
        0
    };
    std::str::from_utf8(&buf[start..len]).ok()
}

/// Feeds the folded form of `input` to `put`, without the "the " rule; stops early and returns
/// false as soon as `put` does.
fn fold_into(input: &str, mut put: impl FnMut(char) -> bool) -> bool {
    let mut started = false;
    let mut space = false;
    for ch in input.chars() {
        match ch {
            '.' | ',' | '(' | ')' | '\'' | '"' | '`' | '\u{2018}' | '\u{2019}' | '\u{201C}'
            | '\u{201D}' => continue,
            '-' | '_' | '\u{2010}'..='\u{2015}' => {
                space = started;
                continue;
            }
            '&' => {
                for out in [' ', 'a', 'n', 'd', ' '] {
                    if out == ' ' {
                        space = started;
                    } else {
                        if space && !put(' ') {
                            return false;
                        }
                        space = false;
                        started = true;
                        if !put(out) {
                            return false;
                        }
                    }
                }
                continue;
            }
            _ if ch.is_whitespace() => {
                space = started;
                continue;
            }
            _ => {}
        }
        for lower in ch.to_lowercase() {
            // Decomposed input carries its accents as combining marks.
            if ('\u{0300}'..='\u{036F}').contains(&lower) {
                continue;
            }
            let mut emit = |out: char| {
                if space && !put(' ') {
                    return false;
                }
                space = false;
                started = true;
                put(out)
            };
            let ok = match unaccent(lower) {
                Some(plain) => plain.chars().all(&mut emit),
                None => emit(lower),
            };
            if !ok {
                return false;
            }
        }
    }
    true
}

/// Base letters for the accented lower-case letters of Latin-1, Latin Extended-A and Vietnamese,
/// plus Greek tonos and Cyrillic "ё", which are left off as often as the Latin accents.
fn unaccent(ch: char) -> Option<&'static str> {
    if ch.is_ascii() {
        return None;
    }
    match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ẩ' | 'ẫ'
        | 'ậ' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' => Some("a"),
        'æ' => Some("ae"),
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => Some("c"),
        'ð' | 'ď' | 'đ' => Some("d"),
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế' | 'ề' | 'ể'
        | 'ễ' | 'ệ' => Some("e"),
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => Some("g"),
        'ĥ' | 'ħ' => Some("h"),
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ỉ' | 'ị' => Some("i"),
        'ĵ' => Some("j"),
        'ķ' | 'ĸ' => Some("k"),
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => Some("l"),
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => Some("n"),
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ơ' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ổ'
        | 'ỗ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ỡ' | 'ợ' => Some("o"),
        'œ' => Some("oe"),
        'ŕ' | 'ŗ' | 'ř' => Some("r"),
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => Some("s"),
        'ß' => Some("ss"),
        'ţ' | 'ť' | 'ŧ' | 'ț' => Some("t"),
        'þ' => Some("th"),
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ụ' | 'ủ' | 'ứ' | 'ừ'
        | 'ử' | 'ữ' | 'ự' => Some("u"),
        'ŵ' => Some("w"),
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' | 'ỵ' | 'ỷ' | 'ỹ' => Some("y"),
        'ź' | 'ż' | 'ž' => Some("z"),
        'ά' => Some("α"),
        'έ' => Some("ε"),
        'ή' => Some("η"),
        'ΐ' | 'ί' | 'ϊ' => Some("ι"),
        'ό' => Some("ο"),
        'ς' => Some("σ"),
        'ΰ' | 'ϋ' | 'ύ' => Some("υ"),
        'ώ' => Some("ω"),
        'ё' => Some("е"),
        _ => None,
    }
}

fn country_by_alpha2(alpha2: &str) -> Option<&'static Country> {
    let code = alpha2.trim().as_bytes();
    if code.len() != 2 {
        return None;
    }
    let upper = [code[0].to_ascii_uppercase(), code[1].to_ascii_uppercase()];
    COUNTRIES
        .binary_search_by(|country| country.alpha2.as_bytes().cmp(&upper[..]))
        .ok()
        .map(|index| &COUNTRIES[index])
}

/// The number part of `raw` with a trailing extension ("x12", "ext. 12", "extension 12") cut
/// off; None when any other letter is present.
fn strip_extension(raw: &str) -> Option<&str> {
    let Some(first_letter) = raw.find(|ch: char| ch.is_alphabetic()) else {
        return Some(raw);
    };
    let (number, tail) = raw.split_at(first_letter);
    let lower = tail.to_ascii_lowercase();
    let rest = ["extension", "ext", "x"]
        .iter()
        .find_map(|marker| lower.strip_prefix(marker))?;
    let rest = rest.trim_start_matches(|ch: char| ch == '.' || ch == ':' || ch.is_whitespace());
    let rest = rest.trim_end();
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(number.trim_end_matches(|ch: char| ch == ',' || ch == ';' || ch.is_whitespace()))
}

/// Digits of a phone number and whether it started with '+'. A "(0)" after an international
/// prefix is the national trunk digit written for domestic callers ("+44 (0)20 ...") and is
/// skipped; anything but digits, one leading '+' and the usual separators makes it unparsable.
fn phone_digits(body: &str) -> Option<(bool, String)> {
    let chars: Vec<char> = body.chars().collect();
    let mut plus = false;
    let mut digits = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        match ch {
            '0'..='9' => digits.push(ch),
            '+' if !plus && digits.is_empty() => plus = true,
            '(' if chars.get(i + 1) == Some(&'0')
                && chars.get(i + 2) == Some(&')')
                && (plus || digits.starts_with("00")) =>
            {
                i += 2;
            }
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            _ if ch.is_whitespace() => {}
            _ => return None,
        }
        i += 1;
    }
    if digits.is_empty() {
        return None;
    }
    Some((plus, digits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn country_table_is_complete_and_unique() {
        assert_eq!(COUNTRIES.len(), 249);
        let alpha2: HashSet<_> = COUNTRIES.iter().map(|c| c.alpha2).collect();
        let alpha3: HashSet<_> = COUNTRIES.iter().map(|c| c.alpha3).collect();
        assert_eq!(alpha2.len(), 249);
        assert_eq!(alpha3.len(), 249);
        for country in COUNTRIES {
            assert_eq!(country.alpha2.len(), 2, "{}", country.alpha2);
            assert_eq!(country.alpha3.len(), 3, "{}", country.alpha3);
            assert!(country.alpha2.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(country.alpha3.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(!country.calling_code.is_empty(), "{}", country.alpha2);
            assert!(country.calling_code.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn countries_are_sorted_for_binary_search() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].alpha2 < w[1].alpha2));
    }

    #[test]
    fn every_spelling_resolves_to_its_own_country() {
        // A spelling that folds like another country's would silently lose to it.
        for country in COUNTRIES {
            for spelling in [country.alpha2, country.alpha3, country.name] {
                assert_eq!(country_code(spelling), Some(country.alpha2), "{spelling}");
            }
        }
        for &(alias, code) in COUNTRY_ALIASES {
            assert!(country_by_alpha2(code).is_some(), "{alias} -> {code}");
            assert_eq!(country_code(alias), Some(code), "{alias}");
        }
    }

    #[test]
    fn state_and_province_spellings_do_not_collide() {
        for &(code, name) in US_STATES {
            assert_eq!(us_state_code(code), Some(code));
            assert_eq!(us_state_code(name), Some(code), "{name}");
        }
        for &(alias, code) in US_STATE_ALIASES {
            assert!(us_state_name(code).is_some(), "{alias} -> {code}");
            assert_eq!(us_state_code(alias), Some(code), "{alias}");
        }
        for &(code, english, french) in CA_PROVINCES {
            assert_eq!(ca_province_code(code), Some(code));
            assert_eq!(ca_province_code(english), Some(code), "{english}");
            assert_eq!(ca_province_code(french), Some(code), "{french}");
        }
        for &(alias, code) in CA_PROVINCE_ALIASES {
            assert!(ca_province_name(code).is_some(), "{alias} -> {code}");
            assert_eq!(ca_province_code(alias), Some(code), "{alias}");
        }
    }

    #[test]
    fn codes_in_any_case() {
        for input in [
            "us", "Us", "US", "uS", "USA", "usa", "Usa", " us ", "U.S.", "U.S.A.", "u s a",
        ] {
            assert_eq!(country_code(input), Some("US"), "{input}");
        }
        assert_eq!(country_code("gbr"), Some("GB"));
        assert_eq!(country_code("de"), Some("DE"));
        assert_eq!(country_code("DEU"), Some("DE"));
    }

    #[test]
    fn required_aliases() {
        let cases = [
            ("USA", "US"),
            ("U.S.", "US"),
            ("U.S.A.", "US"),
            ("United States of America", "US"),
            ("United States", "US"),
            ("America", "US"),
            ("UK", "GB"),
            ("U.K.", "GB"),
            ("Great Britain", "GB"),
            ("Britain", "GB"),
            ("England", "GB"),
            ("Scotland", "GB"),
            ("Wales", "GB"),
            ("Northern Ireland", "GB"),
            ("United Kingdom", "GB"),
            ("United Kingdom of Great Britain and Northern Ireland", "GB"),
            ("South Korea", "KR"),
            ("Korea, Republic of", "KR"),
            ("Republic of Korea", "KR"),
            ("Korea", "KR"),
            ("North Korea", "KP"),
            ("Korea, Democratic People's Republic of", "KP"),
            ("Russia", "RU"),
            ("Russian Federation", "RU"),
            ("UAE", "AE"),
            ("Emirates", "AE"),
            ("Holland", "NL"),
            ("The Netherlands", "NL"),
            ("Netherlands", "NL"),
            ("Czech Republic", "CZ"),
            ("Czechia", "CZ"),
            ("Ivory Coast", "CI"),
            ("Côte d'Ivoire", "CI"),
            ("Vietnam", "VN"),
            ("Viet Nam", "VN"),
            ("Iran", "IR"),
            ("Iran, Islamic Republic of", "IR"),
            ("Syria", "SY"),
            ("Laos", "LA"),
            ("Bolivia", "BO"),
            ("Bolivia, Plurinational State of", "BO"),
            ("Venezuela", "VE"),
            ("Venezuela, Bolivarian Republic of", "VE"),
            ("Tanzania", "TZ"),
            ("Tanzania, United Republic of", "TZ"),
            ("Taiwan", "TW"),
            ("Taiwan, Province of China", "TW"),
            ("Macedonia", "MK"),
            ("North Macedonia", "MK"),
            ("Swaziland", "SZ"),
            ("Eswatini", "SZ"),
            ("Burma", "MM"),
            ("Myanmar", "MM"),
            ("Moldova", "MD"),
            ("Vatican", "VA"),
            ("Palestine", "PS"),
            ("Turkey", "TR"),
            ("Türkiye", "TR"),
            ("Cape Verde", "CV"),
            ("East Timor", "TL"),
            ("Micronesia", "FM"),
            ("Brunei", "BN"),
            ("Hong Kong", "HK"),
            ("Macau", "MO"),
            ("Macao", "MO"),
            ("Deutschland", "DE"),
            ("España", "ES"),
            ("Espana", "ES"),
            ("Italia", "IT"),
            ("Nihon", "JP"),
            ("Nippon", "JP"),
            ("日本", "JP"),
            ("中国", "CN"),
            ("한국", "KR"),
            ("Россия", "RU"),
            ("РОССИЯ", "RU"),
            ("Ελλάδα", "GR"),
            ("ΕΛΛΑΔΑ", "GR"),
            ("ישראל", "IL"),
            ("الإمارات", "AE"),
        ];
        for (input, code) in cases {
            assert_eq!(country_code(input), Some(code), "{input}");
        }
    }

    #[test]
    fn accents_punctuation_and_spacing_are_ignored() {
        for input in [
            "Côte d'Ivoire",
            "COTE D IVOIRE",
            "Cote d\u{2019}Ivoire",
            "cote-d'ivoire",
            "Co\u{0302}te d'Ivoire",
            "  côte   d'ivoire ",
        ] {
            assert_eq!(country_code(input), Some("CI"), "{input}");
        }
        assert_eq!(country_code("Trinidad & Tobago"), Some("TT"));
        assert_eq!(country_code("St. Kitts & Nevis"), Some("KN"));
        assert_eq!(country_code("St Lucia"), Some("LC"));
        assert_eq!(country_code("The Gambia"), Some("GM"));
        assert_eq!(country_code("REUNION"), Some("RE"));
        assert_eq!(country_code("Åland Islands"), Some("AX"));
        assert_eq!(country_code("CURAÇAO"), Some("CW"));
        assert_eq!(country_code("Việt Nam"), Some("VN"));
        assert_eq!(country_code("Korea (South)"), Some("KR"));
        assert_eq!(country_code("Democratic Republic of the Congo"), Some("CD"));
        assert_eq!(country_code("Congo"), Some("CG"));
        assert_eq!(country_code("Ireland"), Some("IE"));
        assert_eq!(country_code("Republic of China"), Some("TW"));
        assert_eq!(country_code("People's Republic of China"), Some("CN"));
        assert_eq!(
            country_code("a country name that is far too long to fit the stack buffer, surely"),
            None
        );
        assert_eq!(country_code("Narnia"), None);
        assert_eq!(country_code(""), None);
        assert_eq!(country_code("   "), None);
        assert_eq!(country_code("the"), None);
    }

    #[test]
    fn names_and_calling_codes() {
        assert_eq!(country_name("US"), Some("United States"));
        assert_eq!(country_name("gb"), Some("United Kingdom"));
        assert_eq!(country_name("ci"), Some("Côte d'Ivoire"));
        assert_eq!(country_name("XX"), None);
        assert_eq!(country_name("USA"), None);
        assert_eq!(calling_code("US"), Some("1"));
        assert_eq!(calling_code("GB"), Some("44"));
        assert_eq!(calling_code("pr"), Some("1"));
        assert_eq!(calling_code("KZ"), Some("7"));
        assert_eq!(calling_code("AQ"), Some("672"));
        assert_eq!(calling_code(""), None);
    }

    #[test]
    fn us_states() {
        let cases = [
            ("California", "CA"),
            ("california", "CA"),
            ("ca", "CA"),
            ("CA", "CA"),
            ("Calif.", "CA"),
            ("New York", "NY"),
            ("NEW YORK", "NY"),
            ("N.Y.", "NY"),
            ("ny", "NY"),
            ("Puerto Rico", "PR"),
            ("District of Columbia", "DC"),
            ("Washington DC", "DC"),
            ("Washington, D.C.", "DC"),
            ("D.C.", "DC"),
            ("Washington", "WA"),
            ("West Virginia", "WV"),
            ("Guam", "GU"),
            ("U.S. Virgin Islands", "VI"),
            ("American Samoa", "AS"),
            ("Northern Mariana Islands", "MP"),
            ("AA", "AA"),
            ("Armed Forces Europe", "AE"),
            ("Armed Forces Pacific", "AP"),
        ];
        for (input, code) in cases {
            assert_eq!(us_state_code(input), Some(code), "{input}");
        }
        assert_eq!(us_state_code("Ontario"), None);
        assert_eq!(us_state_name("ny"), Some("New York"));
        assert_eq!(us_state_name("DC"), Some("District of Columbia"));
        assert_eq!(us_state_name("ZZ"), None);
    }

    #[test]
    fn canadian_provinces() {
        let cases = [
            ("Québec", "QC"),
            ("Quebec", "QC"),
            ("QUEBEC", "QC"),
            ("QUÉBEC", "QC"),
            ("qc", "QC"),
            ("PQ", "QC"),
            ("British Columbia", "BC"),
            ("Colombie-Britannique", "BC"),
            ("colombie britannique", "BC"),
            ("B.C.", "BC"),
            ("Nouveau-Brunswick", "NB"),
            ("Newfoundland", "NL"),
            ("Newfoundland & Labrador", "NL"),
            ("Terre-Neuve-et-Labrador", "NL"),
            ("Nouvelle-Écosse", "NS"),
            ("Île-du-Prince-Édouard", "PE"),
            ("PEI", "PE"),
            ("Northwest Territories", "NT"),
            ("Yukon", "YT"),
            ("on", "ON"),
        ];
        for (input, code) in cases {
            assert_eq!(ca_province_code(input), Some(code), "{input}");
        }
        assert_eq!(ca_province_code("California"), None);
        assert_eq!(CA_PROVINCES.len(), 13);
        assert_eq!(ca_province_name("qc"), Some("Quebec"));
        assert_eq!(ca_province_name("XX"), None);
    }

    #[test]
    fn fold_rules() {
        assert_eq!(fold("  Côte   d'Ivoire "), "cote divoire");
        assert_eq!(fold("U.S.A."), "usa");
        assert_eq!(fold("The Netherlands"), "netherlands");
        assert_eq!(fold("Theresienstadt"), "theresienstadt");
        assert_eq!(fold("Guinea-Bissau"), "guinea bissau");
        assert_eq!(fold("new_york\t\n city"), "new york city");
        assert_eq!(fold("Korea (South)"), "korea south");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("ÆØÅ"), "aeoa");
        assert_eq!(fold("Trinidad&Tobago"), "trinidad and tobago");
        assert_eq!(fold(" - "), "");
    }

    #[test]
    fn stack_key_matches_allocating_key() {
        let inputs = [
            "US",
            "u.s.a.",
            "  The  Gambia ",
            "the",
            "the -",
            "THE-Netherlands",
            "Theresienstadt",
            "Trinidad&Tobago",
            "& co",
            "the&x",
            "Guinea_Bissau\t",
            "line\x0bbreak",
            "St. Kitts & Nevis",
            "a/b #1",
            "Korea (South)",
            "\"Quoted\" `name`",
        ];
        for input in inputs {
            let mut buf = [0u8; STACK_KEY];
            let fast = ascii_key(input, &mut buf).map(str::to_owned);
            assert_eq!(fast, Some(lookup_key(input)), "{input:?}");
        }
        let mut buf = [0u8; STACK_KEY];
        assert_eq!(ascii_key(&"x".repeat(STACK_KEY + 1), &mut buf), None);
        assert_eq!(ascii_key("Côte", &mut buf), None);
    }

    #[test]
    fn e164_examples() {
        assert_eq!(
            e164("+1 555 123 4567", None).as_deref(),
            Some("+15551234567")
        );
        assert_eq!(
            e164("0044 20 7946 0958", None).as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            e164("(555) 123-4567", Some("US")).as_deref(),
            Some("+15551234567")
        );
        assert_eq!(
            e164("020 7946 0958", Some("GB")).as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            e164("+81-312-345-678", None).as_deref(),
            Some("+81312345678")
        );
        assert_eq!(e164("call me", Some("US")), None);
        assert_eq!(e164("12", Some("US")), None);
        assert_eq!(e164("555 1234", None), None);
    }

    #[test]
    fn e164_more_forms() {
        let cases: [(&str, Option<&str>, Option<&str>); 22] = [
            ("1-555-123-4567", Some("US"), Some("+15551234567")),
            ("555.123.4567", Some("ca"), Some("+15551234567")),
            ("555/123-4567", Some("PR"), Some("+15551234567")),
            ("011 44 20 7946 0958", Some("US"), Some("+442079460958")),
            ("011 44 20 7946 0958", Some("GB"), None),
            ("+44 (0)20 7946 0958", None, Some("+442079460958")),
            ("0044 (0) 20 7946 0958", None, Some("+442079460958")),
            ("(+44) 20 7946 0958", None, Some("+442079460958")),
            ("555-123-4567 x89", Some("US"), Some("+15551234567")),
            ("555-123-4567 ext. 89", Some("US"), Some("+15551234567")),
            ("555-123-4567, Ext 89", Some("US"), Some("+15551234567")),
            ("06 12 34 56 78", Some("FR"), Some("+33612345678")),
            ("06 12 34 56 78", Some("France"), Some("+33612345678")),
            ("06 1234 5678", Some("IT"), Some("+390612345678")),
            ("030 123456", Some("DE"), Some("+4930123456")),
            ("555 1234", Some("US"), None),
            ("555-123-4567 ext", Some("US"), None),
            ("555-CALL-NOW", Some("US"), None),
            ("+1 555 123 4567 #2", None, None),
            ("1+555 123 4567", None, None),
            ("+1234567890123456", None, None),
            ("", Some("US"), None),
        ];
        for (raw, country, expected) in cases {
            assert_eq!(e164(raw, country).as_deref(), expected, "{raw} {country:?}");
        }
        assert_eq!(e164("020 7946 0958", Some("Narnia")), None);
        assert_eq!(e164("+0 123 4567", None), None);
        assert_eq!(
            e164("+44\u{a0}20\u{a0}7946\u{a0}0958", None).as_deref(),
            Some("+442079460958")
        );
    }
}
