#!/usr/bin/env python3
"""Generate kb/countries.tsv.

ISO 3166-1 alpha-3/alpha-2 codes and the base English names are read from
Debian's iso-codes package (/usr/share/iso-codes/json/iso_3166-1.json,
LGPL-2.1+; `apt-get install iso-codes`).  Everything else (everyday names,
adjectives, demonyms, capitals and seats of government, government buildings
used as metonyms) is written by the dyad developers below, from general
knowledge.  Run from the repository root:

    python3 kb/tools/gen_countries.py > kb/countries.tsv

After generation the TSV is the reviewed artefact; edit both when adding
knowledge so that a re-run does not lose it.
"""
import json
import sys

ISO = "/usr/share/iso-codes/json/iso_3166-1.json"

# Display names that differ from iso-codes' `common_name`/`name`.
DISPLAY = {
    "BES": "Caribbean Netherlands", "BOL": "Bolivia", "BRN": "Brunei",
    "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
    "CZE": "Czech Republic", "FLK": "Falkland Islands", "FSM": "Micronesia",
    "GBR": "United Kingdom", "MAC": "Macau", "MAF": "Saint Martin",
    "PSE": "Palestine", "RUS": "Russia", "SHN": "Saint Helena", "SXM": "Sint Maarten",
    "TUR": "Turkey", "VAT": "Vatican City", "VGB": "British Virgin Islands",
    "VIR": "US Virgin Islands", "CIV": "Ivory Coast", "CPV": "Cape Verde",
    "SWZ": "Eswatini", "TLS": "East Timor", "VNM": "Vietnam", "LAO": "Laos",
    "SYR": "Syria", "TZA": "Tanzania", "VEN": "Venezuela", "MDA": "Moldova",
    "KOR": "South Korea", "PRK": "North Korea", "IRN": "Iran",
}

# code;other names;adjectives;demonyms (people, plural or collective);capitals/seats;buildings
# Other names include regions that the news names for the state's territory, mostly regions in
# conflict ("rebels in Darfur" -> SDN, "Chechnya" -> RUS); internationally recognised borders.
# Demonyms default to adjective+"s" for adjectives ending in -n or -i.
EXTRA = """
AFG;;Afghan;Afghans;Kabul;
AGO;Cabinda;Angolan;;Luanda;
ALB;;Albanian;;Tirana;
AND;;Andorran;;Andorra la Vella;
ARE;UAE|the UAE|the Emirates|Emirates|the United Arab Emirates;Emirati;;Abu Dhabi;
ARG;;Argentine|Argentinian;Argentines|Argentinians;Buenos Aires;the Casa Rosada|Casa Rosada
ARM;;Armenian;;Yerevan;
ATG;Antigua;Antiguan;;St. John's;
AUS;;Australian;;Canberra;
AUT;;Austrian;;Vienna;
AZE;Nagorno-Karabakh|Nagorno Karabakh;Azerbaijani|Azeri;Azerbaijanis|Azeris;Baku;
BDI;;Burundian;;Gitega;
BEL;;Belgian;;;
BEN;Dahomey;Beninese;;Porto-Novo|Cotonou;
BFA;Upper Volta|Burkina;Burkinabe|Burkinabè;;Ouagadougou;
BGD;;Bangladeshi;;Dhaka;
BGR;;Bulgarian;;Sofia;
BHR;;Bahraini;;Manama;
BHS;the Bahamas;Bahamian;;Nassau;
BIH;Bosnia;Bosnian;;Sarajevo;
BLR;;Belarusian|Belarussian;Belarusians;Minsk;
BLZ;;Belizean;;Belmopan;
BOL;;Bolivian;;La Paz|Sucre;
BRA;;Brazilian;;Brasilia|Brasília;the Planalto|Planalto Palace
BRB;;Barbadian|Bajan;;Bridgetown;
BRN;;Bruneian;;Bandar Seri Begawan;
BTN;;Bhutanese;;Thimphu;
BWA;;Botswanan|Motswana;Batswana;Gaborone;
CAF;CAR;Central African;;Bangui;
CAN;;Canadian;;Ottawa;Parliament Hill
CHE;;Swiss;;Bern|Berne;
CHL;;Chilean;;Santiago;La Moneda
CHN;the PRC|People's Republic of China|mainland China|Tibet|Xinjiang;Chinese;;Beijing|Peking;Zhongnanhai
CIV;Côte d'Ivoire|Cote d'Ivoire|the Ivory Coast;Ivorian;Ivorians;Yamoussoukro|Abidjan;
CMR;;Cameroonian;;Yaounde|Yaoundé;
COD;DRC|the DRC|DR Congo|Congo-Kinshasa|Zaire|North Kivu|South Kivu|Kivu|Ituri;Congolese|Zairean|Zairian;;Kinshasa;
COG;Congo-Brazzaville;;;Brazzaville;
COL;;Colombian;;Bogota|Bogotá;Casa de Nariño
COM;;Comorian;;Moroni;
CPV;Cabo Verde;Cape Verdean;;Praia;
CRI;;Costa Rican;;San Jose|San José;
CUB;;Cuban;;Havana;
CYP;;Cypriot;;Nicosia;
CZE;Czechia;Czech;Czechs;Prague;Prague Castle
DEU;West Germany|East Germany|FRG|GDR;German|West German|East German;Germans;Berlin;the Chancellery
DJI;;Djiboutian;;
DMA;;;;Roseau;
DNK;;Danish;Danes;Copenhagen;
DOM;;Dominican;;Santo Domingo;
DZA;;Algerian;;Algiers;
ECU;;Ecuadorian|Ecuadorean;;Quito;
EGY;Sinai|Sinai Peninsula;Egyptian;;Cairo;
ERI;;Eritrean;;Asmara;
ESH;;Sahrawi|Western Saharan;;Laayoune;
ESP;Catalonia|Basque Country;Spanish;Spaniards;Madrid;La Moncloa|Moncloa
EST;;Estonian;;Tallinn;
ETH;Ogaden|Tigray;Ethiopian;;Addis Ababa;
FIN;;Finnish;Finns;Helsinki;
FJI;;Fijian;;Suva;
FRA;Corsica;French;Frenchman|Frenchmen|Frenchwoman;Paris;the Elysée|the Elysee|the Élysée|Elysée Palace|Elysee Palace|Élysée Palace|Matignon|the Quai d'Orsay|Quai d'Orsay
FSM;;Micronesian;;Palikir;
GAB;;Gabonese;;Libreville;
GBR;UK|the UK|U.K.|the U.K.|Britain|Great Britain|the United Kingdom|Northern Ireland|Ulster|Scotland|Wales|England;British|UK|Northern Irish;Britons|Brits;London|Westminster|Whitehall;Downing Street|Number 10|No 10|No. 10|the Foreign Office
GEO;Abkhazia|South Ossetia;Georgian;;Tbilisi;
GHA;;Ghanaian;;Accra;
GIN;;Guinean;;Conakry;
GMB;the Gambia;Gambian;;Banjul;
GNB;;Bissau-Guinean;;Bissau;
GNQ;;Equatorial Guinean|Equatoguinean;;Malabo;
GRC;;Greek;Greeks;Athens;
GRD;;Grenadian;;St. George's;
GRL;;Greenlandic;Greenlanders;Nuuk;
GTM;;Guatemalan;;Guatemala City;
GUY;;Guyanese;;Georgetown;
HKG;;Hong Kong|Hongkonger;Hongkongers;;
HND;;Honduran;;Tegucigalpa;
HRV;;Croatian|Croat;Croats|Croatians;Zagreb;
HTI;;Haitian;;Port-au-Prince;
HUN;;Hungarian;;Budapest;
IDN;Aceh|West Papua;Indonesian;;Jakarta;
IND;;Indian;;New Delhi|Delhi;
IRL;the Republic of Ireland;Irish;Irishman|Irishmen;Dublin;
IRN;the Islamic Republic|Persia;Iranian|Persian;Iranians|Persians;Tehran|Teheran;
IRQ;;Iraqi;;Baghdad;
ISL;;Icelandic;Icelanders;Reykjavik|Reykjavík;
ISR;;Israeli;;Jerusalem|Tel Aviv;
ITA;;Italian;;Rome;Palazzo Chigi|the Quirinale
JAM;;Jamaican;;Kingston;
JOR;;Jordanian;;Amman;
JPN;;Japanese;;Tokyo;
KAZ;;Kazakh|Kazakhstani;Kazakhs|Kazakhstanis;Astana;the Akorda
KEN;;Kenyan;;Nairobi;State House Nairobi
KGZ;Kyrgyzia;Kyrgyz;;Bishkek;
KHM;Kampuchea|Democratic Kampuchea;Cambodian|Kampuchean|Khmer;Cambodians|Kampucheans;Phnom Penh;
KIR;;I-Kiribati;;Tarawa;
KNA;St Kitts and Nevis|St. Kitts and Nevis;Kittitian;;Basseterre;
KOR;Republic of Korea|the Republic of Korea|ROK|South Korea;South Korean;;Seoul;the Blue House|the Yongsan presidential office
KWT;;Kuwaiti;;Kuwait City;
LAO;;Lao|Laotian;;Vientiane;
LBN;;Lebanese;;Beirut;
LBR;;Liberian;;Monrovia;
LBY;;Libyan;;Tripoli;
LCA;St Lucia|St. Lucia;Saint Lucian;;Castries;
LIE;;Liechtensteiner;;Vaduz;
LKA;Ceylon|Jaffna;Sri Lankan;;Colombo|Sri Jayawardenepura Kotte;
LSO;;Basotho|Lesothan;;Maseru;
LTU;;Lithuanian;;Vilnius;
LUX;;Luxembourgish|Luxembourger;Luxembourgers;
LVA;;Latvian;;Riga;
MAR;;Moroccan;;Rabat;
MCO;;Monegasque;;
MDA;Transnistria|Trans-Dniester;Moldovan;;Chisinau|Chișinău;
MDG;;Malagasy;;Antananarivo;
MDV;the Maldives;Maldivian;;Male|Malé;
MEX;;Mexican;;Mexico City;the National Palace|Los Pinos
MHL;;Marshallese;;Majuro;
MKD;Macedonia;Macedonian|North Macedonian;;Skopje;
MLI;;Malian;;Bamako;
MLT;;Maltese;;Valletta;
MMR;Burma;Burmese|Myanmar;Burmese;Naypyidaw|Naypyitaw|Nay Pyi Taw;
MNE;;Montenegrin;;Podgorica;
MNG;;Mongolian;;Ulaanbaatar|Ulan Bator;
MOZ;;Mozambican;;Maputo;
MRT;;Mauritanian;;Nouakchott;
MUS;;Mauritian;;Port Louis;
MWI;;Malawian;;Lilongwe;
MYS;;Malaysian;;Kuala Lumpur|Putrajaya;
NAM;;Namibian;;Windhoek;
NER;;Nigerien;;Niamey;
NGA;Biafra|Niger Delta;Nigerian;;Abuja;Aso Rock
NIC;;Nicaraguan;;Managua;
NLD;Holland|the Netherlands;Dutch;Dutchman|Dutchmen;The Hague|Amsterdam;
NOR;;Norwegian;;Oslo;
NPL;;Nepali|Nepalese;;Kathmandu;
NRU;;Nauruan;;Yaren;
NZL;;New Zealand;New Zealanders|Kiwis;Wellington;the Beehive
OMN;;Omani;;Muscat;
PAK;Balochistan|Baluchistan|Waziristan|North Waziristan|South Waziristan;Pakistani;;Islamabad;
PAN;;Panamanian;;Panama City;
PER;;Peruvian;;Lima;
PHL;the Philippines|Mindanao;Philippine|Filipino;Filipinos;Manila;Malacañang|Malacanang
PLW;;Palauan;;Ngerulmud;
PNG;;Papua New Guinean;;Port Moresby;
POL;;Polish;Poles;Warsaw;
PRI;;Puerto Rican;;San Juan;
PRK;DPRK|the DPRK|Democratic People's Republic of Korea;North Korean;;Pyongyang;
PRT;;Portuguese;;Lisbon;
PRY;;Paraguayan;;Asuncion|Asunción;
PSE;Palestinian territories|the Palestinian territories|State of Palestine|Palestinian Authority|the Palestinian Authority|West Bank|the West Bank|Gaza|the Gaza Strip|Gaza Strip|East Jerusalem;Palestinian;;Ramallah;
QAT;;Qatari;;Doha;
ROU;;Romanian;;Bucharest;
RUS;Russian Federation|the Russian Federation|Soviet Union|the Soviet Union|USSR|the USSR|U.S.S.R.|Chechnya|Dagestan|Ingushetia;Russian|Soviet;Soviets|Russians;Moscow;the Kremlin|Kremlin
RWA;;Rwandan;;Kigali;
SAU;the Kingdom;Saudi|Saudi Arabian;;Riyadh;
SDN;Darfur|Kordofan|South Kordofan|North Kordofan;Sudanese;;Khartoum|Port Sudan;
SEN;Casamance;Senegalese;;Dakar;
SGP;;Singaporean;;
SLB;the Solomon Islands;Solomon Islander;Solomon Islanders;Honiara;
SLE;;Sierra Leonean;;Freetown;
SLV;;Salvadoran|Salvadorean;;San Salvador;
SMR;;Sammarinese;;
SOM;;Somali;;Mogadishu;Villa Somalia
SRB;Yugoslavia|Federal Republic of Yugoslavia|Serbia and Montenegro;Serbian|Serb|Yugoslav;Serbs|Serbians|Yugoslavs;Belgrade;
SSD;;South Sudanese;;Juba;
STP;;Santomean;;Sao Tome|São Tomé;
SUR;;Surinamese;;Paramaribo;
SVK;;Slovak|Slovakian;Slovaks;Bratislava;
SVN;;Slovenian|Slovene;Slovenes|Slovenians;Ljubljana;
SWE;;Swedish;Swedes;Stockholm;
SWZ;Swaziland;Swazi|Eswatini;;Mbabane;
SYC;the Seychelles;Seychellois;;Victoria;
SYR;;Syrian;;Damascus;
TCD;;Chadian;;N'Djamena|Ndjamena;
TGO;;Togolese;;Lome|Lomé;
THA;Siam;Thai;;Bangkok;
TJK;;Tajik|Tajikistani;Tajiks;Dushanbe;
TKM;;Turkmen;;Ashgabat;
TLS;Timor-Leste|East Timor;Timorese|East Timorese;;Dili;
TON;;Tongan;;Nuku'alofa;
TTO;;Trinidadian|Tobagonian;;Port of Spain;
TUN;;Tunisian;;Tunis;
TUR;Türkiye|Turkiye;Turkish;Turks;Ankara;
TUV;;Tuvaluan;;Funafuti;
TWN;Republic of China|ROC;Taiwanese;;Taipei;
TZA;;Tanzanian;;Dodoma|Dar es Salaam;
UGA;;Ugandan;;Kampala;
UKR;Donbas|Donbass|Crimea;Ukrainian;;Kyiv|Kiev;Bankova
URY;;Uruguayan;;Montevideo;
USA;US|U.S.|the US|the U.S.|USA|U.S.A.|America|the States|United States of America|the United States;American|US|U.S.;Americans;Washington|Washington, D.C.|Washington DC;the White House|White House
UZB;;Uzbek|Uzbekistani;Uzbeks;Tashkent;
VAT;the Vatican|Holy See|the Holy See|Vatican;Vatican;;
VCT;St Vincent and the Grenadines|St. Vincent;Vincentian;;Kingstown;
VEN;;Venezuelan;;Caracas;Miraflores Palace
VNM;Viet Nam;Vietnamese;;Hanoi;
VUT;;Ni-Vanuatu|Vanuatuan;;Port Vila;
WSM;;Samoan;;Apia;
YEM;;Yemeni;;Sanaa|Sana'a|Aden;
ZAF;;South African;;Pretoria|Cape Town;the Union Buildings
ZMB;;Zambian;;Lusaka;
ZWE;Rhodesia;Zimbabwean|Rhodesian;;Harare;
XKX;;Kosovar|Kosovan;Kosovars|Kosovans;Pristina|Prishtina;
"""

# Not in ISO 3166-1 but used in news and CAMEO-style coding.
NON_ISO = [("XKX", "XK", "Kosovo", "user-assigned code XK/XKX (EU, IMF); written by hand")]


def main():
    extras = {}
    for line in EXTRA.strip().splitlines():
        parts = line.split(";")
        parts += [""] * (6 - len(parts))
        code = parts[0]
        if code in extras:
            sys.exit(f"duplicate extra for {code}")
        extras[code] = parts[1:6]
    rows = []
    for c in json.load(open(ISO, encoding="utf-8"))["3166-1"]:
        code = c["alpha_3"]
        name = DISPLAY.get(code) or c.get("common_name") or c["name"]
        rows.append((code, c["alpha_2"], name, "iso-codes 3166-1; names, adjectives, capitals by hand"))
    rows += NON_ISO
    print("# Countries and territories: ISO 3166-1 alpha-3 (CAMEO country code) and alpha-2.")
    print("# Generated by kb/tools/gen_countries.py (codes from Debian iso-codes, the rest")
    print("# written by the dyad developers); columns are described in kb/README.md.")
    print("code\talpha2\tname\tnames\tadjectives\tdemonyms\tcapitals\tbuildings\tsource")
    for code, a2, name, src in sorted(rows):
        names, adjs, dems, caps, blds = extras.get(code, ["", "", "", "", ""])
        names_l = [n for n in names.split("|") if n]
        official = None
        if name not in names_l:
            pass
        if not dems:
            dems = "|".join(a + "s" for a in adjs.split("|") if a and a[-1] in "ni" and " " not in a)
        print("\t".join([code, a2, name, names, adjs, dems, caps, blds, src]))


if __name__ == "__main__":
    main()
