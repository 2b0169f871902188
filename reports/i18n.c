/*
 * i18n.c - every visible word of the workbook, in English, Finnish and
 * Swedish, in one table so a translator sees them all together.
 */
#include <string.h>

#include "sheet.h"

typedef struct sdt_text {
	const char *en, *fi, *sv;
} sdt_text;

static const sdt_text texts[M_COUNT] = {
	[M_OUTCOMES] = {"Outcomes", "Tulosmittarit", "Utfallsmått"},
	[M_ENPS] = {"eNPS", "eNPS", "eNPS"},
	[M_ENPS_NOTE] = {
		"eNPS = % promoters (9\u201310) \u2212 % detractors (0\u20136), from \u2212100 to "
		"+100; its 95% CI is the Wald interval. % favourable of an outcome: answers from its "
		"favourable point up (eNPS: the promoters).",
		"eNPS = suosittelijoiden (9\u201310) osuus \u2212 arvostelijoiden (0\u20136) osuus "
		"prosenttiyksikköinä, \u2212100\u2026+100; 95\u00a0%:n luottamusväli on Waldin väli. "
		"Tulosmittarin % myönteisiä: vastaukset myönteisestä pisteestä ylöspäin (eNPS: "
		"suosittelijat).",
		"eNPS = andelen ambassadörer (9\u201310) \u2212 andelen kritiker (0\u20136) i "
		"procentenheter, \u2212100 till +100; 95\u00a0%-konfidensintervallet är Walds "
		"intervall. % positiva för ett utfallsmått: svaren från dess positiva punkt och uppåt "
		"(eNPS: ambassadörerna)."},
	[M_ENPS_ROW] = {"eNPS (95% CI {} to {})", "eNPS (95\u00a0%:n lv. {}\u2026{})",
	                "eNPS (95\u00a0% KI {} till {})"},
	[M_SHEET_COMMENTS] = {"Comments", "Kommentit", "Kommentarer"},
	[M_CM_TITLE] = {"Open comments", "Avoimet kommentit", "Öppna kommentarer"},
	[M_CM_INTRO] = {
		"Each comment is shown once, in the smallest group that holds its writer and at "
		"least {} comments; a group's list leaves out the comments shown for the groups "
		"under it. Comments that reach no such list are not shown. The order is random; "
		"nothing tells who wrote what.",
		"Kukin kommentti näytetään kerran: pienimmässä ryhmässä, johon sen kirjoittaja "
		"kuuluu ja jossa on vähintään {} kommenttia. Ryhmän luettelosta puuttuvat sen "
		"alaryhmien luetteloissa jo näytetyt kommentit. Kommentteja, jotka eivät päädy "
		"mihinkään luetteloon, ei näytetä. Järjestys on satunnainen, eikä mikään kerro, "
		"kuka kirjoitti minkäkin.",
		"Varje kommentar visas en gång: i den minsta grupp som dess skribent hör till och "
		"som har minst {} kommentarer. En grupps lista utelämnar de kommentarer som visas "
		"för grupperna under den. Kommentarer som inte når någon sådan lista visas inte. "
		"Ordningen är slumpmässig och inget avslöjar vem som skrev vad."},
	[M_CM_GROUP] = {"Group", "Ryhmä", "Grupp"},
	[M_CM_COUNT] = {"{} comments", "{} kommenttia", "{} kommentarer"},
	/* the count is given only from the threshold up: "fewer than N" covers
	 * 0 .. N - 1, so no small group's comments are counted */
	[M_CM_WITHHELD] = {"Comments not shown: {}", "Näyttämättä jääneet kommentit: {}",
	                   "Kommentarer som inte visas: {}"},
	[M_CM_NEED] = {"Need", "Tarve", "Behov"},
	[M_CM_NONE] = {"No group has enough comments to show them.",
	               "Yhdessäkään ryhmässä ei ole tarpeeksi kommentteja niiden näyttämiseen.",
	               "Ingen grupp har tillräckligt många kommentarer för att visa dem."},
	[M_SHEET_SUMMARY] = {"Summary", "Yhteenveto", "Sammanfattning"},
	[M_SHEET_HEATMAP] = {"Heatmap", "Lämpökartta", "Värmekarta"},
	[M_SHEET_ITEMS] = {"Items", "Väittämät", "Påståenden"},
	[M_SHEET_ACTIONS] = {"Actions", "Toimenpiteet", "Åtgärder"},
	[M_SHEET_CHARTS] = {"Charts", "Kaaviot", "Diagram"},
	[M_SHEET_TEAM] = {"Team", "Tiimi", "Team"},
	[M_TEAM_N] = {"{} respondents", "{} vastaajaa", "{} svarande"},
	[M_TEAM_RATE] = {"response rate {}", "vastausprosentti {}", "svarsfrekvens {}"},
	[M_TEAM_THIS] = {"This team", "Tämä tiimi", "Det här teamet"},
	[M_TEAM_ORG] = {"Organisation", "Organisaatio", "Organisationen"},
	[M_TEAM_CHANGE] = {"Change since {}", "Muutos kierroksesta {}", "Förändring sedan {}"},
	[M_TEAM_CHANGE_CI] = {"95% CI of the change", "Muutoksen 95\u00a0%:n luottamusväli",
	                      "95\u00a0%-KI för förändringen"},
	[M_TEAM_RANGE] = {"{} to {}", "{}\u2026{}", "{} till {}"},
	[M_TEAM_FOCUS] = {"What to look at", "Mihin kannattaa kiinnittää huomiota", "Att uppmärksamma"},
	[M_SHEET_RELIABILITY] = {"Reliability", "Luotettavuus", "Reliabilitet"},
	[M_SHEET_QUALITY] = {"Data quality", "Aineiston laatu", "Datakvalitet"},
	[M_SHEET_METHOD] = {"Method", "Menetelmä", "Metod"},
	[M_HIDDEN] = {"fewer than {}", "alle {}", "färre än {}"},
	/* short: it fits a heatmap cell; the legend gives the long form */
	[M_HIDDEN_PROTECT] = {"protected", "suojattu", "skyddad"},
	[M_HIDDEN_PROTECT_LONG] = {"hidden to protect a smaller group",
	                           "piilotettu pienemmän ryhmän suojaamiseksi",
	                           "dold för att skydda en mindre grupp"},
	[M_FOOTER] = {"Groups under {} respondents are hidden",
	              "Alle {} vastaajan ryhmät on piilotettu",
	              "Grupper med färre än {} svarande är dolda"},
	[M_GROUP] = {"Group", "Ryhmä", "Grupp"},
	[M_N] = {"n", "n", "n"},
	[M_TEAM] = {"Team", "Tiimi", "Team"},
	[M_UNIT] = {"Unit", "Yksikkö", "Enhet"},
	[M_NEED_OTHER] = {"Other", "Muu", "Övrigt"},
	[M_NEED_AUTONOMY] = {"Autonomy", "Autonomia", "Autonomi"},
	[M_NEED_COMPETENCE] = {"Competence", "Kyvykkyys", "Kompetens"},
	[M_NEED_RELATEDNESS] = {"Relatedness", "Yhteenkuuluvuus", "Samhörighet"},
	[M_VAL_OTHER] = {"Other", "Muu", "Övrigt"},
	[M_VAL_SATISFACTION] = {"Satisfaction", "Tyydyttyminen", "Tillfredsställelse"},
	[M_VAL_FRUSTRATION] = {"Frustration", "Turhautuminen", "Frustration"},
	[M_VAL_SUPPORT] = {"Supervisor support", "Esihenkilön tuki", "Chefens stöd"},
	[M_VAL_MOTIVATION] = {"Motivation", "Motivaatio", "Motivation"},
	[M_SUM_TITLE] = {"Organisation summary", "Organisaation yhteenveto",
	                 "Sammanfattning för organisationen"},
	[M_NEED] = {"Need", "Tarve", "Behov"},
	[M_MEAN] = {"Mean", "Keskiarvo", "Medelvärde"},
	[M_CI_LO] = {"95% CI low", "95\u00a0%:n lv. alaraja", "95\u00a0% KI nedre"},
	[M_CI_HI] = {"95% CI high", "95\u00a0%:n lv. yläraja", "95\u00a0% KI övre"},
	[M_FAV] = {"% favourable", "% myönteisiä", "% positiva"},
	[M_SD] = {"SD", "Keskihajonta", "Standardavvikelse"},
	[M_OTHER_SCALES] = {"Other scales", "Muut asteikot", "Övriga skalor"},
	[M_SCALE] = {"Scale", "Asteikko", "Skala"},
	[M_CHART_ORG] = {"Organisation means", "Organisaation keskiarvot",
	                 "Organisationens medelvärden"},
	[M_COMPOSITES] = {"Composite scores", "Yhdistelmäpistemäärät", "Sammansatta poäng"},
	[M_SUM_COMPOSITE_NOTE] = {
		"A composite is the mean of its scales for the respondents scored on all of them. It is shown only "
		"when they are the same respondents as on each of its scales: otherwise the composite and the "
		"scales together would single out the others (“protected”).",
		"Yhdistelmäpistemäärä on sen asteikkojen keskiarvo niille vastaajille, joilla on pistemäärä "
		"kaikilla asteikoilla. Se näytetään vain, jos vastaajat ovat samat kuin jokaisella sen asteikolla "
		"erikseen: muuten yhdistelmä ja asteikot yhdessä paljastaisivat muiden vastaajien tiedot (”suojattu”).",
		"En sammansatt poäng är medelvärdet av dess skalor för de svarande som har poäng på alla. Den "
		"visas bara när det är samma svarande som på var och en av dess skalor: annars skulle den "
		"sammansatta poängen och skalorna tillsammans peka ut de övriga (”skyddad”)."},
	[M_SUM_CHANGE_NOTE] = {
		"The change of the whole organisation's mean since the previous wave, with its 95% confidence "
		"interval; bold with a border: significant after Benjamini–Hochberg adjustment (the Trend sheet "
		"gives every group's change).",
		"Koko organisaation keskiarvon muutos edellisestä kierroksesta ja sen 95\u00a0%:n luottamusväli; "
		"lihavoitu ja reunustettu: tilastollisesti merkitsevä Benjamini–Hochberg-korjauksen jälkeen "
		"(Kehitys-välilehdellä on jokaisen ryhmän muutos).",
		"Hela organisationens förändring i medelvärde sedan föregående omgång, med 95\u00a0%-"
		"konfidensintervall; fet stil med ram: signifikant efter Benjamini–Hochberg-justering "
		"(fliken Utveckling visar varje grupps förändring)."},
	[M_RESPONDENTS] = {"Respondents", "Vastaajia", "Svarande"},
	[M_INSTRUMENT] = {"Instrument", "Mittari", "Instrument"},
	[M_WAVE] = {"Wave", "Kyselykierros", "Omgång"},
	[M_DATE] = {"Date", "Päivämäärä", "Datum"},
	[M_LEG_MEAN] = {"Figures are means on the answer scale {}–{}.",
	                "Luvut ovat keskiarvoja vastausasteikolla {}–{}.",
	                "Siffrorna är medelvärden på svarsskalan {}–{}."},
	[M_RWG] = {"rwg(j): {}", "rwg(j): {}", "rwg(j): {}"},
	[M_LEGEND] = {"Legend", "Selite", "Teckenförklaring"},
	[M_LEG_COLOUR] = {
		"Colours compare each group with the rest of the organisation: green = better, red = worse (a significant difference with Hedges' g of at least 0.2); no colour = no clear difference. On frustration scales lower is better.",
		"Värit vertaavat kutakin ryhmää muuhun organisaatioon: vihreä = parempi, punainen = heikompi (tilastollisesti merkitsevä ero, jonka Hedgesin g on vähintään 0,2); ei väriä = ei selvää eroa. Turhautumisasteikoilla pienempi on parempi.",
		"Färgerna jämför varje grupp med resten av organisationen: grönt = bättre, rött = sämre (en statistiskt signifikant skillnad med Hedges g på minst 0,2); ingen färg = ingen tydlig skillnad. På frustrationsskalor är lägre bättre."},
	[M_ITEMS_FRUSTRATION] = {
		"On frustration scales “favourable” means not frustrated: the share of answers of {} or less.",
		"Turhautumisasteikoilla ”myönteinen” tarkoittaa, ettei vastaaja koe turhautumista: niiden vastausten osuus, joiden arvo on enintään {}.",
		"På frustrationsskalor betyder ”positiv” att svaret inte visar frustration: andelen svar som är {} eller lägre."},
	[M_LEG_COLOUR_FAV] = {
		"Colours show the share of favourable answers: green 70% or more, red under 50% (on frustration scales, the share of answers that show no frustration).",
		"Värit kertovat myönteisten vastausten osuuden: vihreä 70\u00a0% tai enemmän, punainen alle 50\u00a0% (turhautumisasteikoilla niiden vastausten osuus, joissa turhautumista ei ole).",
		"Färgerna visar andelen positiva svar: grönt 70\u00a0% eller mer, rött under 50\u00a0% (på frustrationsskalor andelen svar utan frustration)."},
	[M_LEG_SIG] = {
		"Bold with a border: differs from the rest of the organisation (Welch test, Benjamini–Hochberg adjusted p < {}).",
		"Lihavoitu ja reunustettu: poikkeaa muusta organisaatiosta (Welchin testi, Benjamini–Hochberg-korjattu p < {}).",
		"Fet stil med ram: skiljer sig från resten av organisationen (Welchs test, Benjamini–Hochberg-justerat p < {})."},
	[M_LEG_HIDDEN] = {
		"“fewer than {}”: the group has fewer than {} respondents. “protected”: hidden to protect a smaller group – the group is large enough, but its figure together with the others would reveal a smaller group.",
		"”alle {}”: ryhmässä on alle {} vastaajaa. ”suojattu”: piilotettu pienemmän ryhmän suojaamiseksi – ryhmä on riittävän suuri, mutta sen luku paljastaisi yhdessä muiden julkaistujen lukujen kanssa jonkin pienemmän ryhmän tiedot.",
		"”färre än {}”: gruppen har färre än {} svarande. ”skyddad”: dold för att skydda en mindre grupp – gruppen är tillräckligt stor, men dess siffra skulle tillsammans med de övriga siffrorna avslöja uppgifter om en mindre grupp."},
	[M_LEG_RWG] = {
		"Agreement rwg(j), for teams without subteams: how much the members agree, 0–1. Grey: no more agreement than a team of that size would show by chance (the 95th percentile of rwg(j) for random answers, simulated for its number of people and items). The common rule of thumb, 0.70 or more, does not take team size into account.",
		"Yksimielisyys rwg(j) tiimeille, joilla ei ole alatiimejä: kuinka yksimielisiä jäsenet ovat, 0–1. Harmaa: yksimielisyys ei ole suurempaa kuin samankokoisella tiimillä sattumalta (satunnaisten vastausten rwg(j):n 95. persentiili, simuloitu tiimin henkilö- ja väittämämäärälle). Yleinen nyrkkisääntö, 0,70 tai enemmän, ei ota tiimin kokoa huomioon.",
		"Samstämmighet rwg(j) för team utan underteam: hur eniga medlemmarna är, 0–1. Grått: inte mer enighet än ett lika stort team skulle visa av en slump (95:e percentilen av rwg(j) för slumpmässiga svar, simulerad för dess antal personer och påståenden). Den vanliga tumregeln, 0,70 eller mer, tar inte hänsyn till teamets storlek."},
	[M_ITEMS_NOTE] = {
		"Share of favourable answers ({} or more on the scale {}–{}, after reverse keying) per group.",
		"Myönteisten vastausten osuus ryhmittäin (vähintään {} asteikolla {}–{}, käänteiset väittämät käännettyinä).",
		"Andel positiva svar per grupp ({} eller mer på skalan {}–{}, efter omvänd kodning)."},
	[M_ALPHA] = {"Cronbach's alpha", "Cronbachin alfa", "Cronbachs alfa"},
	[M_ALPHA_LO] = {"alpha 95% CI low", "alfan 95\u00a0%:n lv. alaraja", "alfa 95\u00a0% KI nedre"},
	[M_ALPHA_HI] = {"alpha 95% CI high", "alfan 95\u00a0%:n lv. yläraja", "alfa 95\u00a0% KI övre"},
	[M_OMEGA] = {"omega total", "kokonaisomega", "omega (total)"},
	[M_AVG_R] = {"average r", "keskim. korrelaatio", "medelkorrelation"},
	[M_LW_N] = {"n complete answers", "n (täydelliset vastaukset)", "n (fullständiga svar)"},
	[M_LW_ALPHA] = {"alpha complete answers", "alfa (täydelliset vastaukset)", "alfa (fullständiga svar)"},
	[M_ICC1] = {"ICC(1)", "ICC(1)", "ICC(1)"},
	[M_ICC2] = {"ICC(2)", "ICC(2)", "ICC(2)"},
	[M_NOTE] = {"Note", "Huomio", "Anmärkning"},
	[M_ALPHA_LOW] = {"below 0.70: interpret with care", "alle 0,70: tulkitse varoen",
	                 "under 0,70: tolka med försiktighet"},
	[M_ITEM] = {"Item", "Väittämä", "Påstående"},
	[M_R_DROP] = {"item–rest r", "väittämä–muut r", "påstående–övriga r"},
	[M_ALPHA_IF] = {"alpha if deleted", "alfa ilman väittämää", "alfa utan påståendet"},
	[M_NEG_R] = {"negative item–rest correlation: is this item reverse-keyed?",
	             "negatiivinen korrelaatio muihin väittämiin: pitäisikö väittämä kääntää?",
	             "negativ korrelation med övriga påståenden: ska påståendet vändas?"},
	[M_WARNINGS] = {"Warnings (blank figures could not be computed)",
	                "Varoitukset (tyhjiä lukuja ei voitu laskea)",
	                "Varningar (tomma siffror kunde inte beräknas)"},
	[M_REL_SCALES] = {"Scales", "Asteikot", "Skalor"},
	[M_REL_ITEMS] = {"Items", "Väittämät", "Påståenden"},
	[M_REL_NONE] = {"Reliability figures were not computed.",
	                "Luotettavuuslukuja ei laskettu.",
	                "Reliabilitetsmåtten beräknades inte."},
	[M_ACT_INTRO] = {
		"Suggestions for supervisors as learning coaches, after Keronen, Lemmetty & Collin (2025). Differences are against the rest of the organisation; bold with a border = a statistically significant difference. Pick one or two practices and look at them again after the next survey.",
		"Ehdotuksia esihenkilölle oppimisen tukijana (Keronen, Lemmetty & Collin 2025). Erot on laskettu suhteessa muuhun organisaatioon; lihavoitu ja reunustettu = tilastollisesti merkitsevä ero. Valitse yksi tai kaksi käytäntöä ja palaa niihin seuraavan kyselyn jälkeen.",
		"Förslag till chefen i rollen som stöd för lärande, utifrån Keronen, Lemmetty & Collin (2025). Skillnaderna är beräknade mot resten av organisationen; fet stil med ram = en statistiskt signifikant skillnad. Välj ett eller två arbetssätt och följ upp dem efter nästa enkät."},
	[M_ACT_LEVER_SUP] = {"To work on: coaching", "Kehityskohde (ohjaus)", "Att utveckla (coachning)"},
	[M_ACT_LEVER_BEYOND] = {"To work on: beyond the supervisor", "Kehityskohde (muu kuin esihenkilötyö)",
	                        "Att utveckla (utanför chefens roll)"},
	[M_ACT_LEVER_STRENGTH] = {"Strength", "Vahvuus", "Styrka"},
	[M_ACT_BEYOND_TEXT] = {
		"The supervisor's support for this need is not low here, so coaching practices are not the lever: look at workload, structures and the wider organisation together with the team.",
		"Esihenkilön tuki tälle tarpeelle ei ole matala, joten ratkaisu ei löydy ohjauskäytännöistä: tarkastele tiimin kanssa työkuormaa, työn rakenteita ja laajempaa organisaatiota.",
		"Chefens stöd för det här behovet är inte lågt, så lösningen finns inte i coachande arbetssätt: se över arbetsbelastning, strukturer och organisationen i stort tillsammans med teamet."},
	[M_ACT_STRENGTH_TEXT] = {"A strength: keep what works and share it with others.",
	                         "Vahvuus: jatka hyväksi havaittua ja jaa sitä muille.",
	                         "En styrka: behåll det som fungerar och dela det med andra."},
	[M_ACT_ITEMS] = {"Weakest items: {}", "Heikoimmat väittämät: {}", "Svagaste påståendena: {}"},
	[M_ACT_NONE] = {"No need stands out from the rest of the organisation",
	                "Mikään tarve ei erotu muusta organisaatiosta",
	                "Inget behov skiljer sig från resten av organisationen"},
	[M_ACT_DIFF] = {"Difference from the rest", "Ero muihin",
	                "Skillnad mot övriga"},
	[M_ACT_SUPPORT] = {"Supervisor practices (score)", "Esihenkilön tuki (pisteet)",
	                   "Chefens stöd (poäng)"},
	[M_ACT_PRACTICES] = {"Coaching practices to try", "Kokeiltavia ohjauskäytäntöjä",
	                     "Arbetssätt att pröva"},
	[M_ACT_NO_NEEDS] = {
		"The instrument does not link its scales to the three needs, so no suggestions are made.",
		"Mittari ei liitä asteikkojaan kolmeen perustarpeeseen, joten ehdotuksia ei tehdä.",
		"Instrumentet kopplar inte sina skalor till de tre behoven, så inga förslag ges."},
	[M_ACT_NO_TEAMS] = {"No team has enough respondents to be shown.",
	                    "Missään tiimissä ei ole tarpeeksi vastaajia näytettäväksi.",
	                    "Inget team har tillräckligt många svarande för att visas."},
	[M_PR_AUT1] = {
		"Explain the reasons behind goals and decisions, so that everyone sees why the work matters.",
		"Kerro tavoitteiden ja päätösten perustelut, jotta jokainen näkee, miksi työ on tärkeää.",
		"Förklara skälen bakom mål och beslut, så att alla ser varför arbetet är viktigt."},
	[M_PR_AUT2] = {
		"Agree on goals together and leave room to choose how to reach them.",
		"Sovi tavoitteista yhdessä tiimin kanssa ja anna tiimille vapaus päättää, miten ne saavutetaan.",
		"Kom överens om målen tillsammans och ge medarbetarna utrymme att själva välja hur de nås."},
	[M_PR_AUT3] = {
		"Ask for the team's views before decisions that affect their work, and show how the views were used.",
		"Kysy tiimiläisten näkemyksiä ennen päätöksiä, jotka vaikuttavat heidän työhönsä, ja kerro, miten näkemyksiä hyödynnettiin.",
		"Be om teamets synpunkter före beslut som påverkar deras arbete, och visa hur synpunkterna har använts."},
	[M_PR_COM1] = {
		"Offer challenges that fit each person's skill: a stretch, with support at hand.",
		"Tarjoa kullekin osaamista vastaavia, sopivasti vaativia haasteita ja pidä tuki saatavilla.",
		"Erbjud utmaningar som passar varje persons kunnande: utvecklande, med stöd nära till hands."},
	[M_PR_COM2] = {
		"Make learning situations visible: name what was learned in recent work, for example in a short weekly review.",
		"Tee oppimistilanteet näkyviksi: nimeä tiimin kanssa, mitä viimeaikaisessa työssä opittiin, esimerkiksi lyhyessä viikkokatsauksessa.",
		"Synliggör lärsituationer: sätt tillsammans med teamet ord på vad som har lärts i det senaste arbetet, till exempel i en kort veckogenomgång."},
	[M_PR_COM3] = {
		"Give specific, timely feedback on progress, not only on results.",
		"Anna täsmällistä ja oikea-aikaista palautetta edistymisestä, ei vain tuloksista.",
		"Ge konkret återkoppling i rätt tid på framsteg, inte bara på resultat."},
	[M_PR_REL1] = {
		"Create time and space for interaction: regular moments to talk about work and learning together.",
		"Järjestä aikaa ja tilaa vuorovaikutukselle: säännöllisiä hetkiä, joissa puhutaan yhdessä työstä ja oppimisesta.",
		"Skapa tid och rum för samspel: regelbundna tillfällen att prata om arbetet och lärandet tillsammans."},
	[M_PR_REL2] = {
		"Take extra care in remote work: hold one-to-one check-ins and make sure remote members are heard in meetings.",
		"Kiinnitä erityistä huomiota etätyöhön: käy kahdenkeskisiä keskusteluja ja varmista, että etänä osallistuvat tulevat kuulluiksi kokouksissa.",
		"Var extra uppmärksam vid distansarbete: ha enskilda avstämningar och se till att de som deltar på distans blir hörda på möten."},
	[M_PR_REL3] = {
		"Encourage colleagues to learn from each other, for example by working in pairs or sharing know-how.",
		"Kannusta tiimiläisiä oppimaan toisiltaan, esimerkiksi parityöskentelyn tai osaamisen jakamisen avulla.",
		"Uppmuntra medarbetarna att lära av varandra, till exempel genom att arbeta i par eller dela med sig av sitt kunnande."},
	[M_DQ_ITEM] = {"What", "Kohta", "Post"},
	[M_DQ_COUNT] = {"Count", "Määrä", "Antal"},
	[M_DQ_RESPONSES] = {"Responses", "Vastaukset", "Svar"},
	[M_DQ_READ] = {"Responses read", "Luettuja vastauksia", "Inlästa svar"},
	[M_DQ_ACCEPTED] = {"Accepted", "Hyväksyttyjä", "Godkända"},
	[M_DQ_SCORED] = {"Scored (at least one scale score)",
	                 "Pisteytettyjä (vähintään yksi asteikkopistemäärä)",
	                 "Poängsatta (minst en skalpoäng)"},
	[M_DQ_NOT_SCORED] = {"Accepted but not scored (too few answers on every scale)",
	                     "Hyväksyttyjä mutta ei pisteytettyjä (liian vähän vastauksia joka asteikolla)",
	                     "Godkända men inte poängsatta (för få svar på varje skala)"},
	[M_DQ_LEFT_OUT] = {"Left out", "Jätetty pois", "Utelämnade"},
	[M_DQ_INVALID] = {"Invalid values read as missing", "Virheellisiä arvoja luettu puuttuviksi",
	                  "Ogiltiga värden lästa som saknade"},
	[M_DQ_UNKNOWN] = {"Answers to unknown items ignored",
	                  "Ohitettuja vastauksia tuntemattomiin väittämiin",
	                  "Ignorerade svar på okända påståenden"},
	[M_DQ_NO_TEAM] = {"Responses without a team", "Vastauksia ilman tiimiä", "Svar utan team"},
	[M_DQ_CARELESS] = {"Careless-response flags", "Huolimattoman vastaamisen merkit",
	                   "Tecken på slarviga svar"},
	[M_DQ_LONG] = {"Long strings of identical answers ({} or more in a row)",
	               "Pitkiä samojen vastausten sarjoja ({} tai enemmän peräkkäin)",
	               "Långa följder av identiska svar ({} eller fler i rad)"},
	[M_DQ_ZERO] = {"No variation within the person (at least {} answers, all the same)",
	               "Ei vaihtelua vastaajan sisällä (vähintään {} vastausta, kaikki samoja)",
	               "Ingen variation inom personen (minst {} svar, alla lika)"},
	[M_DQ_CARELESS_NOTE] = {
		"These flags are only counted; nobody is left out because of them.",
		"Merkit vain lasketaan; ketään ei jätetä niiden vuoksi pois.",
		"Tecknen räknas bara; ingen utesluts på grund av dem."},
	[M_DQ_IRV] = {"Answers within scales as varied as random ones (IRV {} or more)",
	              "Vastaukset vaihtelevat asteikkojen sisällä yhtä paljon kuin satunnaiset vastaukset (IRV vähintään {})",
	              "Svaren varierar inom skalorna lika mycket som slumpmässiga svar (IRV {} eller mer)"},
	[M_DQ_CARELESS_NOTE_EXCL] = {
		"Responses that break the careless-responding rules chosen for this run are left out "
		"(see Responses above); the other flags are only counted.",
		"Vastaukset, jotka rikkovat tälle ajolle valittuja huolimattoman vastaamisen sääntöjä, "
		"on jätetty pois (ks. Vastaukset yllä); muut merkit vain lasketaan.",
		"Svar som bryter mot de regler för slarviga svar som valts för den här körningen har "
		"uteslutits (se Svar ovan); övriga tecken räknas bara."},
	[M_DQ_REASON_LONG] = {"Careless responding: a long string of identical answers",
	                      "Huolimaton vastaaminen: pitkä samojen vastausten sarja",
	                      "Slarviga svar: lång följd av identiska svar"},
	[M_DQ_REASON_IRV] = {"Careless responding: answers as varied as random ones",
	                     "Huolimaton vastaaminen: vastaukset vaihtelevat yhtä paljon kuin satunnaiset vastaukset",
	                     "Slarviga svar: svaren varierar lika mycket som slumpmässiga svar"},
	[M_DQ_REASON_EVENODD] = {"Careless responding: the halves of the scales disagree",
	                         "Huolimaton vastaaminen: asteikkojen puoliskot eivät vastaa toisiaan",
	                         "Slarviga svar: skalornas halvor stämmer inte överens"},
	[M_DQ_REASON_MAHAD] = {"Careless responding: an unusual pattern of answers (Mahalanobis D\u00b2)",
	                       "Huolimaton vastaaminen: poikkeava vastausten kuvio (Mahalanobiksen D\u00b2)",
	                       "Slarviga svar: ovanligt svarsmönster (Mahalanobis D\u00b2)"},
	[M_DQ_REASON_SPEED] = {"Careless responding: too fast to have read the questions",
	                       "Huolimaton vastaaminen: vastattu liian nopeasti kysymysten lukemiseen",
	                       "Slarviga svar: för snabbt för att ha hunnit läsa frågorna"},
	[M_DQ_NO_DURATION] = {"No usable response time, so not judged as too fast",
	                      "Ei käyttökelpoista vastausaikaa, joten nopeutta ei arvioitu",
	                      "Ingen användbar svarstid, så hastigheten bedömdes inte"},
	[M_AG_TITLE] = {"Agreement within the team", "Yksimielisyys tiimissä",
	                "Samstämmighet i teamet"},
	[M_AG_REL_TITLE] = {"Agreement within teams", "Yksimielisyys tiimeissä",
	                    "Samstämmighet i teamen"},
	[M_AG_RWG] = {"rwg(j)", "rwg(j)", "rwg(j)"},
	[M_AG_CUT] = {"Chance level (95th percentile)", "Sattuman raja (95. persentiili)",
	              "Slumpgräns (95:e percentilen)"},
	[M_AG_STAR] = {"r*wg(j)", "r*wg(j)", "r*wg(j)"},
	[M_AG_AD] = {"ADM(J)", "ADM(J)", "ADM(J)"},
	[M_AG_WORDS] = {"In words", "Sanoin", "I ord"},
	[M_AG_MORE] = {"The members agree more than chance would give",
	               "Jäsenet ovat yksimielisempiä kuin sattumalta",
	               "Medlemmarna är mer eniga än slumpen skulle ge"},
	[M_AG_CHANCE] = {"No more agreement than chance: read the mean with care",
	                 "Yksimielisyys ei ylitä sattumaa: tulkitse keskiarvoa varoen",
	                 "Inte mer enighet än slumpen: tolka medelvärdet med försiktighet"},
	[M_AG_NOTE] = {
		"rwg(j) and r*wg(j): 1 = the members answer alike, 0 = as varied as random answers "
		"(r*wg(j) can fall below 0 and does not grow with the number of items). The chance level "
		"is the 95th percentile of rwg(j) in 10 000 simulated teams of this size answering at "
		"random; the common rule of thumb, 0.70 or more, does not take team size into account. "
		"ADM(J): how far an answer lies from the team's item mean on average, in answer points "
		"(0 = full agreement).",
		"rwg(j) ja r*wg(j): 1 = jäsenet vastaavat samoin, 0 = yhtä vaihtelevasti kuin "
		"satunnaiset vastaukset (r*wg(j) voi jäädä alle 0:n, eikä se kasva väittämien määrän "
		"mukana). Sattuman raja on rwg(j):n 95. persentiili 10 000 simuloidussa samankokoisessa "
		"tiimissä, joka vastaa satunnaisesti; yleinen nyrkkisääntö, 0,70 tai enemmän, ei ota "
		"tiimin kokoa huomioon. ADM(J): kuinka kaukana vastaus on keskimäärin tiimin "
		"väittämäkohtaisesta keskiarvosta, vastauspisteinä (0 = täysi yksimielisyys).",
		"rwg(j) och r*wg(j): 1 = medlemmarna svarar lika, 0 = lika varierat som slumpmässiga "
		"svar (r*wg(j) kan bli under 0 och växer inte med antalet påståenden). Slumpgränsen är "
		"95:e percentilen av rwg(j) i 10 000 simulerade lika stora team som svarar slumpmässigt; "
		"den vanliga tumregeln, 0,70 eller mer, tar inte hänsyn till teamets storlek. ADM(J): "
		"hur långt ett svar i genomsnitt ligger från teamets medelvärde för påståendet, i "
		"svarspoäng (0 = full enighet)."},
	[M_DR_TITLE] = {"What matters most here \u2013 {}",
	                "Mikä merkitsee eniten tässä ryhmässä \u2013 {}",
	                "Vad som betyder mest i den här gruppen \u2013 {}"},
	[M_DR_ORG_TITLE] = {"What matters most in the organisation \u2013 {}",
	                    "Mikä merkitsee eniten organisaatiossa \u2013 {}",
	                    "Vad som betyder mest i organisationen \u2013 {}"},
	[M_DR_WEIGHT] = {"Share of the explained variation", "Osuus selitetystä vaihtelusta",
	                 "Andel av den förklarade variationen"},
	[M_DR_PRIORITY] = {"Priority", "Painopiste", "Prioritet"},
	[M_DR_R2] = {"Together the scales below explain {} of the variation in {} (R\u00b2; "
	             "{} respondents scored on every scale).",
	             "Alla olevat asteikot selittävät yhdessä {} asteikon {} vaihtelusta (R\u00b2; "
	             "{} vastaajaa, joilla on pisteet kaikilla asteikoilla).",
	             "Tillsammans förklarar skalorna nedan {} av variationen i {} (R\u00b2; {} "
	             "svarande med värden på alla skalor)."},
	/* an outcome item (eNPS) as the outcome: the answers to a question */
	[M_DR_R2_ITEM] = {"Together the scales below explain {} of the variation in the answers to "
	                  "\u201c{}\u201d (R\u00b2; {} respondents who answered it and are scored on "
	                  "every scale).",
	                  "Alla olevat asteikot selittävät yhdessä {} kysymyksen \u201d{}\u201d "
	                  "vastausten vaihtelusta (R\u00b2; {} vastaajaa, jotka vastasivat siihen ja "
	                  "joilla on pisteet kaikilla asteikoilla).",
	                  "Tillsammans förklarar skalorna nedan {} av variationen i svaren på "
	                  "\u201d{}\u201d (R\u00b2; {} svarande som besvarade frågan och har värden på "
	                  "alla skalor)."},
	[M_DR_NOTE] = {
		"Relative weights (Johnson 2000): how the explained variation is shared among the "
		"scales; the shares add up to 100 %. A priority has more than an equal share and is "
		"worse here than in the organisation. These are associations, not proof of cause.",
		"Suhteelliset painot (Johnson 2000): miten selitetty vaihtelu jakautuu asteikkojen "
		"kesken; osuudet ovat yhteensä 100 %. Painopisteen osuus on suurempi kuin tasaosuus, ja "
		"tulos on tässä heikompi kuin organisaatiossa. Kyse on yhteyksistä, ei todisteesta "
		"syy-seuraussuhteesta.",
		"Relativa vikter (Johnson 2000): hur den förklarade variationen fördelas mellan "
		"skalorna; andelarna summerar till 100 %. En prioritet har mer än en lika stor andel "
		"och är sämre här än i organisationen. Det är samband, inte bevis för orsak."},
	[M_DR_NONE] = {
		"What matters most is shown only for a group with at least {} respondents scored on "
		"every scale, and at least as many in the rest of the organisation.",
		"Eniten merkitsevät asiat näytetään vain ryhmälle, jossa on vähintään {} vastaajaa, "
		"joilla on pisteet kaikilla asteikoilla, ja vähintään yhtä monta muualla "
		"organisaatiossa.",
		"Vad som betyder mest visas bara för en grupp med minst {} svarande med värden på "
		"alla skalor, och minst lika många i resten av organisationen."},
	[M_REL_NEEDS] = {"How each need's scales go together",
	                 "Miten kunkin tarpeen asteikot liittyvät toisiinsa",
	                 "Hur varje behovs skalor hänger ihop"},
	[M_REL_R_SF] = {"r satisfaction \u2013 frustration", "r tyydyttyminen \u2013 turhautuminen",
	                "r tillfredsställelse \u2013 frustration"},
	[M_REL_R_SS] = {"r support \u2013 satisfaction", "r tuki \u2013 tyydyttyminen",
	                "r stöd \u2013 tillfredsställelse"},
	[M_REL_NEEDS_NOTE] = {
		"Pearson correlations of the scale scores with 95\u00a0% confidence intervals, shown "
		"when at least 30 respondents are scored on every scale.",
		"Asteikkopistemäärien Pearsonin korrelaatiot 95\u00a0%:n luottamusväleineen; ne "
		"näytetään, kun vähintään 30 vastaajalla on pistemäärä jokaisella asteikolla.",
		"Pearsonkorrelationer mellan skalpoängen med 95\u00a0%-konfidensintervall; de visas "
		"när minst 30 svarande har poäng på varje skala."},
	[M_REL_SUPPORT_NOTE] = {
		"Where the supervisor's support does not go with the need it supports, it is worth a "
		"conversation: training in need support has not always raised need satisfaction "
		"(Tafvelin et al. 2019).",
		"Jos esihenkilön tuki ei kulje yhdessä sen tarpeen kanssa, jota se tukee, asiasta "
		"kannattaa keskustella: tarpeita tukevan johtamisen koulutus ei ole aina lisännyt "
		"tarpeiden tyydyttymistä (Tafvelin ym. 2019).",
		"Om chefens stöd inte hänger ihop med det behov det ska stödja är det värt ett samtal: "
		"utbildning i behovsstödjande ledarskap har inte alltid ökat "
		"behovstillfredsställelsen (Tafvelin m.fl. 2019)."},
	[M_REL_BIPOLAR] = {
		"Satisfaction and frustration behave as one bipolar scale here: read frustration "
		"together with satisfaction, not on its own.",
		"Tyydyttyminen ja turhautuminen toimivat tässä yhtenä kaksinapaisena asteikkona: lue "
		"turhautumista yhdessä tyydyttymisen kanssa, ei erikseen.",
		"Tillfredsställelse och frustration fungerar här som en enda bipolär skala: läs "
		"frustrationen tillsammans med tillfredsställelsen, inte för sig."},
	[M_DQ_GROUPS] = {"Groups", "Ryhmät", "Grupper"},
	[M_DQ_GROUPS_SHOWN] = {"Groups in this workbook", "Ryhmiä tässä työkirjassa",
	                       "Grupper i den här arbetsboken"},
	[M_DQ_GROUPS_HIDDEN] = {"of which hidden", "joista piilotettu", "varav dolda"},
	[M_DQ_GROUPS_PROT] = {"of which hidden so that hidden figures cannot be worked out",
	                      "joista piilotettu, jotta piilotettuja lukuja ei voi päätellä",
	                      "varav dolda så att dolda siffror inte kan räknas ut"},
	[M_DQ_WHY] = {"Groups with hidden figures, and why",
	              "Ryhmät, joiden lukuja on piilotettu, ja syyt",
	              "Grupper med dolda siffror och orsakerna"},
	[M_DQ_WHY_FEW] = {"fewer than {} respondents", "alle {} vastaajaa", "färre än {} svarande"},
	[M_DQ_WHY_SOME] = {"some scales or items hidden", "osa asteikoista tai väittämistä piilotettu",
	                   "vissa skalor eller påståenden dolda"},
	[M_DQ_NOT_GIVEN] = {"not counted", "ei laskettu", "inte räknat"},
	[M_ME_VERSION] = {"Version", "Versio", "Version"},
	[M_ME_TITLE] = {"Title", "Nimi", "Titel"},
	[M_ME_TERMS] = {"Terms of use", "Käyttöehdot", "Användningsvillkor"},
	[M_ME_SOURCE] = {"Source", "Lähde", "Källa"},
	[M_ME_THRESHOLD] = {"Anonymity threshold (respondents)", "Anonymiteettiraja (vastaajia)",
	                    "Anonymitetsgräns (svarande)"},
	[M_ME_COMMAND] = {"Command", "Komento", "Kommando"},
	[M_ME_SOFTWARE] = {"Software", "Ohjelmisto", "Programvara"},
	[M_ME_HOW] = {"How the figures are computed", "Miten luvut lasketaan",
	              "Hur siffrorna beräknas"},
	[M_ME_SCORE] = {
		"Scale score: the mean of a person's answered items after reverse keying, when at least the scale's minimum number of items is answered. "
		"That minimum is a convention of the instrument file, not a scoring rule the scale's authors published.",
		"Asteikkopistemäärä: vastaajan vastaamien väittämien keskiarvo käänteiset väittämät käännettyinä, kun vähintään asteikon vähimmäismäärä väittämiä on vastattu. "
		"Vähimmäismäärä on mittaritiedoston käytäntö, ei mittarin laatijoiden julkaisema pisteytyssääntö.",
		"Skalpoäng: medelvärdet av personens besvarade påståenden efter omvänd kodning, när minst skalans minsta antal påståenden är besvarade. "
		"Minimiantalet är en konvention i instrumentfilen, inte en poängsättningsregel som skalans upphovspersoner har publicerat."},
	[M_ME_N] = {
		"n: the respondents of a group (its own team path and every team below it); n scored: those of them "
		"with a score on the scale, whose answers the scale's figures use; for a composite, those scored on "
		"all of its scales.",
		"n: ryhmän vastaajat (ryhmän oma tiimipolku ja kaikki sen alla olevat tiimit); n (pisteytetyt): ne heistä, "
		"joilla on pistemäärä asteikolla ja joiden vastauksista asteikon luvut lasketaan; "
		"yhdistelmäpistemäärässä ne, joilla on pistemäärä sen kaikilla asteikoilla.",
		"n: gruppens svarande (gruppens egen teamsökväg och alla team under den); n poängsatta: de av dem "
		"som har poäng på skalan och vars svar skalans siffror bygger på; för en sammansatt poäng de som har "
		"poäng på alla dess skalor."},
	[M_ME_FPC] = {
		"With headcounts, a group's confidence interval is for the group itself, a finite population: its "
		"half-width is multiplied by √((N − n) / (N − 1)), N the headcount and n the respondents (5 answers "
		"of 6: 0.45; everyone answered: the mean is exact). Groups without a headcount keep the plain interval.",
		"Kun henkilömäärät on annettu, ryhmän luottamusväli koskee ryhmää itseään, äärellistä perusjoukkoa: "
		"sen puolileveys kerrotaan luvulla √((N − n) / (N − 1)), jossa N on henkilömäärä ja n vastaajat "
		"(5 vastausta kuudesta: 0,45; kaikki vastasivat: keskiarvo on tarkka). Ryhmillä, joiden "
		"henkilömäärää ei tiedetä, väli on tavallinen.",
		"När antalet anställda är känt gäller en grupps konfidensintervall gruppen själv, en ändlig population: "
		"halva bredden multipliceras med √((N − n) / (N − 1)), där N är antalet anställda och n de svarande "
		"(5 svar av 6: 0,45; alla svarade: medelvärdet är exakt). Grupper utan känt antal får det vanliga "
		"intervallet."},
	[M_ME_CI] = {"Means with 95% confidence intervals from the t distribution.",
	             "Keskiarvot ja niiden 95\u00a0%:n luottamusvälit t-jakaumasta.",
	             "Medelvärden med 95\u00a0%-konfidensintervall från t-fördelningen."},
	[M_ME_FAV] = {
		"% favourable: the share of item answers of {} or more, after reverse keying, among the respondents who answered every item of the scale.",
		"% myönteisiä: niiden väittämävastausten osuus, joiden arvo on käänteiset väittämät käännettyinä vähintään {}, laskettuna vastaajista, jotka vastasivat asteikon kaikkiin väittämiin.",
		"% positiva: andelen påståendesvar med värdet {} eller högre, efter omvänd kodning, bland dem som besvarat alla skalans påståenden."},
	[M_ME_DIFF] = {
		"Difference from the rest of the organisation: Welch's t test of the group against everyone outside it, p values adjusted with Benjamini–Hochberg over all visible cells; effect size Hedges' g.",
		"Ero muuhun organisaatioon: Welchin t-testi ryhmän ja kaikkien sen ulkopuolisten välillä, p-arvot korjattu Benjamini–Hochbergin menetelmällä kaikkien näkyvien solujen yli; efektikoko Hedgesin g.",
		"Skillnad mot resten av organisationen: Welchs t-test mellan gruppen och alla utanför den, p-värden justerade med Benjamini–Hochberg över alla synliga celler; effektstorlek Hedges g."},
	[M_ME_SUPP] = {
		"Anonymity: group sizes are shown, figures computed from answers are not for groups of fewer than {} respondents. Every figure of this workbook (groups, breakdowns, items, earlier waves) is checked together: a further figure is hidden wherever any combination of the published figures would reveal a smaller group or a person (secondary suppression by Gaussian elimination, as in Statistics Norway's GaussSuppression). Item shares and % favourable count the respondents who answered every item of the scale, so items and scales never single anyone out.",
		"Anonymiteetti: ryhmien koot näytetään, mutta vastauksista laskettuja lukuja ei näytetä alle {} vastaajan ryhmistä. Kaikki tämän työkirjan luvut (ryhmät, erittelyt, väittämät, aiemmat kyselykierrokset) tarkistetaan yhdessä: lisäksi piilotetaan muita lukuja aina, kun julkaistuja lukuja yhdistelemällä voitaisiin päätellä pienemmän ryhmän tai yksittäisen vastaajan tiedot (toissijainen suojaus Gaussin eliminoinnilla, kuten Norjan tilastokeskuksen GaussSuppression-menetelmässä). Väittämäkohtaiset osuudet ja myönteisten osuus lasketaan vastaajista, jotka vastasivat asteikon jokaiseen väittämään, joten väittämät ja asteikot eivät edes yhdessä tarkasteltuina paljasta ketään.",
		"Anonymitet: gruppernas storlek visas, men siffror som räknats fram ur svaren visas inte för grupper med färre än {} svarande. Alla siffror i arbetsboken (grupper, uppdelningar, påståenden, tidigare omgångar) kontrolleras tillsammans: ytterligare siffror döljs överallt där någon kombination av de publicerade siffrorna skulle kunna avslöja en mindre grupp eller en enskild person (sekundär undertryckning med gausselimination, som i GaussSuppression från norska Statistisk sentralbyrå, SSB). Andelarna per påstående och andelen positiva beräknas bland dem som besvarat alla skalans påståenden, så att påståenden och skalor inte ens tillsammans kan peka ut någon."},
	[M_ME_REL] = {
		"Reliability: Cronbach's alpha with Feldt's 95% interval, McDonald's omega from a one-factor model and the average inter-item correlation; alpha below 0.70 calls for care.",
		"Luotettavuus: Cronbachin alfa ja Feldtin 95\u00a0%:n väli, McDonaldin omega yhden faktorin mallista ja väittämien keskimääräinen korrelaatio; alle 0,70:n alfa vaatii varovaisuutta.",
		"Reliabilitet: Cronbachs alfa med Feldts 95\u00a0%-intervall, McDonalds omega från en enfaktormodell och den genomsnittliga korrelationen mellan påståenden; alfa under 0,70 kräver försiktighet."},
	[M_ME_RWG] = {
		"Team agreement rwg(j): the team's item variances compared with those of random answers, over the scale's J items; 0.70 or more is usually read as enough agreement to describe the team by its mean.",
		"Tiimin yksimielisyys rwg(j): tiimin väittämävarianssit verrattuina satunnaisten vastausten varianssiin asteikon J väittämän yli; arvoa 0,70 tai enemmän pidetään yleensä riittävänä, jotta tiimiä voi kuvata keskiarvollaan.",
		"Teamets samstämmighet rwg(j): teamets varianser i påståendena jämförda med slumpmässiga svars varians, över skalans J påståenden; 0,70 eller mer brukar räknas som tillräcklig enighet för att beskriva teamet med dess medelvärde."},
	[M_ME_ICC] = {
		"ICC(1) shows how much of the variation lies between teams and ICC(2) how reliably team means tell teams apart; together they justify reporting at team level.",
		"ICC(1) kertoo, kuinka suuri osa vaihtelusta on tiimien välistä, ja ICC(2), kuinka luotettavasti tiimien keskiarvot erottavat tiimit toisistaan; yhdessä ne perustelevat raportoinnin tiimitasolla.",
		"ICC(1) visar hur stor del av variationen som ligger mellan team och ICC(2) hur tillförlitligt teamens medelvärden skiljer teamen åt; tillsammans motiverar de rapportering på teamnivå."},
	[M_ME_ACTIONS] = {
		"The suggested practices follow research on supervisors as learning leaders (Keronen, Lemmetty & Collin 2025).",
		"Ehdotetut käytännöt perustuvat tutkimukseen esihenkilöistä oppimisen johtajina (Keronen, Lemmetty & Collin 2025).",
		"De föreslagna arbetssätten bygger på forskning om chefer som ledare för lärande (Keronen, Lemmetty & Collin 2025)."},
	[M_ME_GROUPS] = {
		"Groups: each team path and every level above it; a group's figures include everyone below it.",
		"Ryhmät: jokainen tiimipolku ja jokainen sen yläpuolinen taso; ryhmän luvut sisältävät kaikki sen alapuoliset.",
		"Grupper: varje teamsökväg och varje nivå ovanför den; en grupps siffror omfattar alla under den."},
	[M_CH_NOTE] = {
		"One chart per unit: its visible teams' satisfaction means on each need. Hidden teams are left out.",
		"Yksi kaavio yksikköä kohden: sen näkyvien tiimien tyydyttymisen keskiarvot kussakin tarpeessa. Piilotetut tiimit on jätetty pois.",
		"Ett diagram per enhet: dess synliga teams medelvärden för tillfredsställelse per behov. Dolda team är utelämnade."},
	[M_CH_NONE] = {"No unit has visible teams to compare.",
	               "Millään yksiköllä ei ole näytettäviä tiimejä vertailtavaksi.",
	               "Ingen enhet har synliga team att jämföra."},
	[M_SHEET_SCORES] = {"Scores", "Tulokset", "Resultat"},
	[M_SC_RATE] = {"Response rate", "Vastausprosentti", "Svarsfrekvens"},
	[M_SC_UNFAV] = {"% unfavourable", "% kielteisiä", "% negativa"},
	[M_SC_DIFF] = {"Difference from the rest", "Ero muihin", "Skillnad mot övriga"},
	[M_SC_PADJ] = {"p (adjusted)", "p (korjattu)", "p (justerat)"},
	[M_SC_G] = {"Hedges' g", "Hedgesin g", "Hedges g"},
	[M_SC_SCORED] = {"n scored", "n (pisteytetyt)", "n poängsatta"},
	[M_SC_NOTE] = {
		"One row per group and scale. The difference compares the group with everyone outside it "
		"(Welch's t test); p is adjusted with Benjamini–Hochberg over every visible group and scale, "
		"and Hedges' g gives the size of the difference in standard deviations. Response rate is "
		"n divided by the group's headcount (from the headcount file).",
		"Yksi rivi ryhmää ja asteikkoa kohden. Erossa ryhmää verrataan kaikkiin sen ulkopuolisiin vastaajiin "
		"(Welchin t-testi); p on korjattu Benjamini–Hochbergin menetelmällä kaikkien näytettävien "
		"ryhmien ja asteikkojen yli, ja Hedgesin g kertoo eron suuruuden keskihajontoina. "
		"Vastausprosentti on n jaettuna ryhmän henkilömäärällä (henkilömäärätiedostosta).",
		"En rad per grupp och skala. Skillnaden jämför gruppen med alla utanför den "
		"(Welchs t-test); p är justerat med Benjamini–Hochberg över alla synliga grupper och "
		"skalor, och Hedges g anger skillnadens storlek i standardavvikelser. Svarsfrekvensen är "
		"n delat med gruppens antal anställda (från filen med antal anställda)."},
	[M_SHEET_TREND] = {"Trend", "Kehitys", "Utveckling"},
	[M_TR_CHANGE] = {"Change", "Muutos", "Förändring"},
	[M_TR_EFFECT] = {"Effect size", "Efektikoko", "Effektstorlek"},
	[M_TR_DZ] = {"d_z (paired)", "d_z (parittainen)", "d_z (parat)"},
	[M_TR_TEST] = {"Test", "Testi", "Test"},
	[M_TR_PAIRED] = {"paired t", "parittainen t", "parat t"},
	[M_TR_WELCH] = {"Welch t", "Welchin t", "Welchs t"},
	[M_TR_NOTE] = {
		"One row per group and scale with each wave's mean. The change is from {} to {}. When the group's "
		"respondents are the same people in both waves, it is the mean of each person's change (paired t test); "
		"otherwise it is the difference of the two means (Welch's t test). Effect size: Hedges' g, the change in "
		"pooled standard deviations of the two waves, for every change; d_z (paired tests only): the mean change "
		"over the standard deviation of the personal changes. "
		"p is adjusted with Benjamini–Hochberg over every change shown; bold with a border: adjusted p < {}. "
		"A group hidden in either wave shows no change.",
		"Yksi rivi ryhmää ja asteikkoa kohden, jokaisen kierroksen keskiarvo omassa sarakkeessaan. Muutos on "
		"laskettu kierroksesta {} kierrokseen {}. Kun ryhmän vastaajat ovat samat henkilöt molemmilla kierroksilla, muutos on "
		"henkilöiden omien muutosten keskiarvo (parittainen t-testi); muuten se on keskiarvojen erotus "
		"(Welchin t-testi). Efektikoko: Hedgesin g eli muutos suhteutettuna kierrosten yhdistettyyn "
		"keskihajontaan, kaikille muutoksille; d_z (vain parittaisille testeille): keskimääräinen muutos "
		"jaettuna henkilöiden omien muutosten keskihajonnalla. p on korjattu Benjamini–Hochbergin menetelmällä "
		"kaikkien näytettyjen muutosten yli; lihavoitu ja reunustettu: korjattu p < {}. Jos ryhmä on piilotettu "
		"jommallakummalla kierroksella, muutosta ei näytetä.",
		"En rad per grupp och skala med varje omgångs medelvärde. Förändringen räknas från {} till {}. När gruppens "
		"svarande är samma personer i båda omgångarna är den medelvärdet av varje persons förändring (parat "
		"t-test); annars är den skillnaden mellan de två medelvärdena (Welchs t-test). Effektstorlek: Hedges g, "
		"förändringen uttryckt i de två omgångarnas sammanvägda standardavvikelse, för varje förändring; d_z (endast "
		"parade test): den genomsnittliga förändringen delad med de personliga förändringarnas standardavvikelse. "
		"p är justerat med Benjamini–Hochberg över alla visade förändringar; fet stil med ram: justerat p < {}. "
		"En grupp som är dold i någon av omgångarna visar ingen förändring."},
	[M_TR_BLANK] = {
		"A blank mean: the group had no respondents in that wave.",
		"Tyhjä keskiarvo: ryhmällä ei ollut vastaajia sillä kierroksella.",
		"Ett tomt medelvärde: gruppen hade inga svarande i den omgången."},
	[M_TR_APPEARED] = {"New groups in {} (no change shown)",
	                   "Uudet ryhmät kierroksella {} (muutosta ei näytetä)",
	                   "Nya grupper i {} (ingen förändring visas)"},
	[M_TR_DISAPPEARED] = {"Groups in {} that are gone in {}",
	                      "Kierroksen {} ryhmät, joita ei ole kierroksella {}",
	                      "Grupper i {} som saknas i {}"},
	[M_TR_NONE] = {"none", "ei yhtään", "inga"},
	[M_TR_CHARTS] = {
		"Charts: each need's means by wave, for the organisation and each unit. Hidden figures are left out of the charts and their tables.",
		"Kaaviot: kunkin tarpeen keskiarvot kierroksittain koko organisaatiolle ja jokaiselle yksikölle. Piilotetut luvut on jätetty pois kaavioista ja niiden taulukoista.",
		"Diagram: varje behovs medelvärden per omgång, för organisationen och varje enhet. Dolda siffror är utelämnade ur diagrammen och deras tabeller."},
	[M_TR_ALL_SCALES] = {"Scales", "Asteikot", "Skalor"},
	[M_TR_ACTION] = {"Chosen action", "Valittu kehityskohde", "Valt utvecklingsområde"},
	[M_TR_ACTION_NOTE] = {
		"Chosen action: a need the team chose to work on after {} (the actions file). It improved or "
		"worsened when its change is significant (adjusted p < {}); no clear change: the difference may be "
		"chance. Its 95% CI is in the columns to the left.",
		"Valittu kehityskohde: tarve, jonka tiimi valitsi kehityskohteekseen kierroksen {} jälkeen "
		"(kehityskohdetiedostosta). Se on parantunut tai heikentynyt, jos muutos on tilastollisesti merkitsevä "
		"(korjattu p < {}); ei selvää muutosta: ero voi johtua sattumasta. Muutoksen 95\u00a0%:n "
		"luottamusväli on vasemmalla olevissa sarakkeissa.",
		"Valt utvecklingsområde: ett behov som teamet valde att arbeta med efter {} (filen med "
		"utvecklingsområden). Det har förbättrats eller försämrats om förändringen är signifikant "
		"(justerat p < {}); ingen tydlig förändring: skillnaden kan bero på slumpen. Förändringens "
		"95\u00a0%-KI står i kolumnerna till vänster."},
	[M_AC_IMPROVED] = {"improved", "parani", "förbättrades"},
	[M_AC_WORSENED] = {"worsened", "heikkeni", "försämrades"},
	[M_AC_NO_CLEAR] = {"no clear change", "ei selvää muutosta", "ingen tydlig förändring"},
	[M_AC_NOT_SHOWN] = {"change not shown", "muutosta ei näytetä", "förändringen visas inte"},
	[M_TEAM_ACTIONS] = {"Chosen after {}: did it move?", "Kierroksen {} jälkeen valitut kehityskohteet: "
	                    "muuttuiko jotain?", "Valt efter {}: blev det någon förändring?"},
	[M_TEAM_ACTION_LINE] = {"{}: {} ({}; 95% CI {})", "{}: {} ({}; 95\u00a0%:n luottamusväli {})",
	                        "{}: {} ({}; 95\u00a0%-KI {})"},
	[M_TEAM_ACTION_HIDDEN] = {
		"{}: no change shown, as the team's figures are hidden in one of the two waves",
		"{}: muutosta ei näytetä, koska tiimin luvut on piilotettu jommallakummalla kierroksella",
		"{}: ingen förändring visas, eftersom teamets siffror är dolda i någon av omgångarna"},
	[M_TEAM_ACTIONS_NOTE] = {
		"Improved or worsened: the change is significant (adjusted p < {}). No clear change: the "
		"difference may be chance; keep at it and look again after the next wave.",
		"Parani tai heikkeni: muutos on tilastollisesti merkitsevä (korjattu p < {}). Ei selvää "
		"muutosta: ero voi johtua sattumasta; jatka työtä ja katso tilanne uudelleen seuraavan "
		"kierroksen jälkeen.",
		"Förbättrades eller försämrades: förändringen är signifikant (justerat p < {}). Ingen tydlig "
		"förändring: skillnaden kan bero på slumpen; fortsätt arbetet och titta igen efter nästa "
		"omgång."},
	[M_SHEET_BREAKDOWN] = {"Breakdown {}", "Erittely {}", "Uppdelning {}"},
	[M_BD_WHOLE] = {"Whole group", "Koko ryhmä", "Hela gruppen"},
	[M_BD_TITLE] = {"Scores by {}", "Tulokset muuttujan {} mukaan", "Resultat efter {}"},
	[M_BD_SIG] = {
		"Bold with a border: differs from the rest of the same group – its respondents with another value or none (Welch test, Benjamini–Hochberg adjusted over every visible cell of this sheet, p < {}).",
		"Lihavoitu ja reunustettu: poikkeaa saman ryhmän muista vastaajista – joilla on toinen arvo tai ei arvoa (Welchin testi, Benjamini–Hochberg-korjattu tämän taulukon kaikkien näkyvien solujen yli, p < {}).",
		"Fet stil med ram: skiljer sig från resten av samma grupp – dess svarande med ett annat värde eller inget (Welchs test, Benjamini–Hochberg-justerat över alla synliga celler på den här fliken, p < {})."},
	[M_BD_NONE_NOTE] = {
		"Respondents without a value for {} count in the whole group only. A value's cell is also hidden when the group's other cells, or the unit's other teams, would give it away.",
		"Vastaajat, joilla ei ole arvoa muuttujalle {}, lasketaan vain koko ryhmään. Arvon solu piilotetaan myös, jos ryhmän muut solut tai yksikön muut tiimit paljastaisivat sen.",
		"Svarande utan värde för {} räknas bara i hela gruppen. Ett värdes cell döljs också när gruppens övriga celler, eller enhetens övriga team, skulle avslöja den."},
	[M_BD_NO_VALUES] = {"No response has a value for {}.",
	                    "Yhdessäkään vastauksessa ei ole arvoa muuttujalle {}.",
	                    "Inget svar har ett värde för {}."},
	[M_SHEET_BM_ORGS] = {"Organisations", "Organisaatiot", "Organisationer"},
	[M_SHEET_BM_TEAMS] = {"Teams", "Tiimit", "Team"},
	[M_SHEET_BM_PORTFOLIO] = {"Portfolio", "Vertailuaineisto", "Jämförelsedata"},
	[M_BM_TITLE] = {"Benchmark across {} organisations", "Vertailu {} organisaation kesken",
	                "Jämförelse mellan {} organisationer"},
	[M_BM_ORG] = {"Organisation", "Organisaatio", "Organisation"},
	[M_BM_PCT] = {"Percentile", "Persentiili", "Percentil"},
	[M_BM_BAND] = {"Quartile", "Kvartiili", "Kvartil"},
	[M_BM_BAND1] = {"top quartile", "ylin neljännes", "översta kvartilen"},
	[M_BM_BAND2] = {"second quartile", "toinen neljännes", "andra kvartilen"},
	[M_BM_BAND3] = {"third quartile", "kolmas neljännes", "tredje kvartilen"},
	[M_BM_BAND4] = {"bottom quartile", "alin neljännes", "nedersta kvartilen"},
	[M_BM_NOT_RANKED] = {"{}: not ranked, fewer than {} organisations",
	                     "{}: ei sijoitusta, alle {} organisaatiota",
	                     "{}: ingen rangordning, färre än {} organisationer"},
	[M_BM_NOT_MEASURED] = {"not measured", "ei mitattu", "inte mätt"},
	[M_BM_ANON_ORG] = {"Organisation {}", "Organisaatio {}", "Organisation {}"},
	[M_BM_ANON_TEAM] = {"Organisation {} team {}", "Organisaatio {}, tiimi {}",
	                    "Organisation {}, team {}"},
	[M_BM_INTRO] = {
		"Under each scale the highest mean comes first. Percentile: the share of the portfolio's means below this one (ties count half). Quartile: the quarter of the portfolio the mean falls in; green marks the better quarter and red the worse (on frustration scales lower is better). Certainty: “uncertain” when the 95 % confidence interval of the mean reaches across a quartile boundary, so that the neighbouring quartile is as likely. Only figures that each organisation's own report shows are compared.",
		"Kunkin asteikon alla suurin keskiarvo on ensimmäisenä. Persentiili: tätä pienempien keskiarvojen osuus vertailuaineistossa (tasatulokset lasketaan puoliksi). Kvartiili: mihin vertailuaineiston neljännekseen keskiarvo osuu; vihreä merkitsee parasta neljännestä ja punainen heikointa (turhautumisasteikoilla pienempi on parempi). Varmuus: ”epävarma”, kun keskiarvon 95 %:n luottamusväli ulottuu kvartiilirajan yli, jolloin viereinen neljännes on yhtä todennäköinen. Vertailussa ovat mukana vain luvut, jotka kunkin organisaation oma raportti näyttää.",
		"Under varje skala kommer det högsta medelvärdet först. Percentil: andelen av jämförelsedatans medelvärden som är lägre än detta (lika värden räknas till hälften). Kvartil: den fjärdedel av jämförelsedatan som medelvärdet hamnar i; grönt markerar den bättre fjärdedelen och rött den sämre (på frustrationsskalor är lägre bättre). Säkerhet: ”osäker” när medelvärdets 95 %-konfidensintervall sträcker sig över en kvartilgräns, så att den intilliggande kvartilen är lika sannolik. Endast siffror som varje organisations egen rapport visar jämförs."},
	[M_BM_LOWER_BETTER] = {"{} (lower is better)", "{} (pienempi on parempi)",
	                       "{} (lägre är bättre)"},
	[M_BM_N_ORGS] = {"Organisations", "Organisaatiot", "Organisationer"},
	[M_BM_N_TEAMS] = {"Teams", "Tiimit", "Team"},
	[M_BM_TEAM_ORGS] = {"From organisations", "Organisaatioita", "Från organisationer"},
	[M_BM_MIN] = {"Minimum", "Pienin", "Minimum"},
	[M_BM_Q1] = {"Lower quartile", "Alakvartiili", "Nedre kvartil"},
	[M_BM_MEDIAN] = {"Median", "Mediaani", "Median"},
	[M_BM_Q3] = {"Upper quartile", "Yläkvartiili", "Övre kvartil"},
	[M_BM_MAX] = {"Maximum", "Suurin", "Maximum"},
	[M_BM_ME_PCT] = {
		"Percentile: 100 × (the number of means below this one + half the number equal to it, its own included) ÷ the number of means. With 10 organisations the highest gets 95 and the lowest 5.",
		"Persentiili: 100 × (tätä pienempien keskiarvojen määrä + puolet yhtä suurten määrästä, oma mukaan lukien) ÷ keskiarvojen määrä. Kun organisaatioita on 10, suurin saa 95 ja pienin 5.",
		"Percentil: 100 × (antalet lägre medelvärden + hälften av antalet lika stora, det egna medräknat) ÷ antalet medelvärden. Med 10 organisationer får den högsta 95 och den lägsta 5."},
	[M_BM_ME_BAND] = {
		"Quartile: the portfolio's means are divided at the lower quartile, the median and the upper quartile, each found by linear interpolation between the two nearest means in order of size. Top quartile: at or above the upper quartile; second: from the median up; third: from the lower quartile up; bottom: below the lower quartile.",
		"Kvartiili: vertailuaineiston keskiarvot jaetaan alakvartiilin, mediaanin ja yläkvartiilin kohdalta; kukin raja interpoloidaan lineaarisesti suuruusjärjestyksessä kahden lähimmän keskiarvon välistä. Ylin neljännes: yläkvartiili tai sitä suurempi; toinen: mediaanista ylöspäin; kolmas: alakvartiilista ylöspäin; alin: alakvartiilia pienempi.",
		"Kvartil: jämförelsedatans medelvärden delas vid den nedre kvartilen, medianen och den övre kvartilen, som var och en interpoleras linjärt mellan de två närmaste medelvärdena i storleksordning. Översta kvartilen: vid eller över den övre kvartilen; andra: från medianen och uppåt; tredje: från den nedre kvartilen och uppåt; nedersta: under den nedre kvartilen."},
	[M_BM_ME_MIN] = {
		"Percentiles are given only when at least {} organisations have a visible mean on the scale (for teams: visible teams from at least {} organisations).",
		"Persentiilit annetaan vain, kun vähintään {} organisaatiolla on näkyvä keskiarvo asteikolla (tiimeille: näkyviä tiimejä vähintään {} organisaatiosta).",
		"Percentiler anges endast när minst {} organisationer har ett synligt medelvärde på skalan (för team: synliga team från minst {} organisationer)."},
	[M_BM_ME_VISIBLE] = {
		"Only figures each organisation's own report shows are compared: groups under the anonymity threshold, and groups hidden so they cannot be worked out by subtraction, are left out everywhere.",
		"Vertailussa ovat vain luvut, jotka kunkin organisaation oma raportti näyttää: anonymiteettirajan alittavat ryhmät ja ryhmät, jotka on piilotettu, ettei niitä voi laskea vähentämällä, jätetään pois kaikkialta.",
		"Endast siffror som varje organisations egen rapport visar jämförs: grupper under anonymitetsgränsen, och grupper som dolts så att de inte kan räknas ut genom subtraktion, utelämnas överallt."},
	[M_BM_ME_TEAMS] = {
		"Teams: the lowest level of each organisation's hierarchy, compared with every other organisation's teams.",
		"Tiimit: kunkin organisaation hierarkian alin taso verrattuna kaikkien muiden organisaatioiden tiimeihin.",
		"Team: den lägsta nivån i varje organisations hierarki, jämförd med alla andra organisationers team."},
	[M_BM_ME_ANON] = {
		"Other organisations are not named: they are lettered by rank on the first scale and their teams numbered likewise; their sizes are given as bands, means to two decimals and percentiles as whole numbers.",
		"Muita organisaatioita ei nimetä: ne on merkitty kirjaimin ensimmäisen asteikon järjestyksessä ja niiden tiimit numeroitu samoin; niiden koot annetaan luokkina, keskiarvot kahden desimaalin tarkkuudella ja persentiilit kokonaislukuina.",
		"Andra organisationer namnges inte: de märks med bokstäver i rangordning på den första skalan och deras team numreras på samma sätt; deras storlek anges i klasser, medelvärden med två decimaler och percentiler i hela tal."},
	[M_BM_ORGS_COUNT] = {"Organisations in the portfolio", "Organisaatioita vertailuaineistossa",
	                     "Organisationer i jämförelsedatan"},
	[M_DQ_REASON_DUP] = {"duplicate id", "toistuva vastaajatunnus",
	                     "upprepat svarande-id"},
	[M_DQ_REASON_OTHER] = {"other reasons", "muut syyt", "övriga skäl"},
	[M_BM_NO_TEAMS] = {"No visible team to compare.", "Ei vertailtavia näkyviä tiimejä.",
	                   "Inga synliga team att jämföra."},
	[M_BM_CERTAINTY] = {"Certainty", "Varmuus", "Säkerhet"},
	[M_BM_CLEAR] = {"clear", "varma", "säker"},
	[M_BM_UNCERTAIN] = {"uncertain", "epävarma", "osäker"},
	[M_BM_NOT_BANDED] = {
		"Quartile “–”: fewer than {} organisations are ranked on the scale, so a quartile would hold only one or two of them; the percentile still shows the position.",
		"Kvartiili ”–”: asteikolla on sijoitettu alle {} organisaatiota, joten kuhunkin neljännekseen osuisi vain yksi tai kaksi; persentiili kertoo silti sijainnin.",
		"Kvartil ”–”: färre än {} organisationer är rangordnade på skalan, så varje kvartil skulle bara rymma en eller två av dem; percentilen visar ändå placeringen."},
	[M_BM_NOT_BANDED_TEAMS] = {
		"Quartile “–”: fewer than {} teams are ranked on the scale, so a quartile would hold only one or two of them; the percentile still shows the position.",
		"Kvartiili ”–”: asteikolla on sijoitettu alle {} tiimiä, joten kuhunkin neljännekseen osuisi vain yksi tai kaksi; persentiili kertoo silti sijainnin.",
		"Kvartil ”–”: färre än {} team är rangordnade på skalan, så varje kvartil skulle bara rymma ett eller två av dem; percentilen visar ändå placeringen."},
	[M_BM_PF_INTRO] = {
		"How the means spread across the portfolio on each scale. The lower quartile, the median and the upper quartile are the boundaries between the quartiles on the Organisations and Teams sheets.",
		"Miten keskiarvot jakautuvat vertailuaineistossa kullakin asteikolla. Alakvartiili, mediaani ja yläkvartiili ovat neljännesten rajat Organisaatiot- ja Tiimit-välilehdillä.",
		"Hur medelvärdena fördelar sig i jämförelsedatan på varje skala. Den nedre kvartilen, medianen och den övre kvartilen är gränserna mellan kvartilerna på flikarna Organisationer och Team."},
	[M_BM_CH_INTRO] = {
		"Each organisation's mean on each scale, highest at the top, as on the Organisations sheet.",
		"Kunkin organisaation keskiarvo kullakin asteikolla suurimmasta alkaen, kuten Organisaatiot-välilehdellä.",
		"Varje organisations medelvärde på varje skala, det högsta överst, som på fliken Organisationer."},
	[M_BM_PF_ALL] = {"Every scale has percentiles and quartiles.",
	                 "Jokaisella asteikolla on persentiilit ja kvartiilit.",
	                 "Varje skala har percentiler och kvartiler."},
	[M_BM_PF_UNRANKED] = {
		"No percentiles (fewer than {} organisations with a visible mean): {}.",
		"Ei persentiilejä (näkyvä keskiarvo alle {} organisaatiolla): {}.",
		"Inga percentiler (färre än {} organisationer med synligt medelvärde): {}."},
	[M_BM_PF_UNRANKED_TEAMS] = {
		"No percentiles (visible teams from fewer than {} organisations): {}.",
		"Ei persentiilejä (näkyviä tiimejä alle {} organisaatiosta): {}.",
		"Inga percentiler (synliga team från färre än {} organisationer): {}."},
	[M_BM_PF_UNBANDED] = {
		"No quartiles (fewer than {} organisations ranked): {}.",
		"Ei kvartiileja (sijoitettuja organisaatioita alle {}): {}.",
		"Inga kvartiler (färre än {} rangordnade organisationer): {}."},
	[M_BM_PF_UNBANDED_TEAMS] = {
		"No quartiles (fewer than {} teams ranked): {}.",
		"Ei kvartiileja (sijoitettuja tiimejä alle {}): {}.",
		"Inga kvartiler (färre än {} rangordnade team): {}."},
	[M_BM_CH_FOCUS] = {"The dark bar is {}.", "Tumma palkki on {}.", "Den mörka stapeln är {}."},
	[M_BM_ME_BANDMIN] = {
		"Quartiles are given only when at least {} organisations are ranked on the scale (on the Teams sheet: at least {} teams); with fewer, a quartile would hold one or two of them and a difference of a hundredth could move one into the next quartile.",
		"Kvartiilit annetaan vain, kun asteikolla on sijoitettu vähintään {} organisaatiota (Tiimit-välilehdellä vähintään {} tiimiä); pienemmässä joukossa kuhunkin neljännekseen osuisi yksi tai kaksi, ja sadasosan ero voisi siirtää organisaation seuraavaan neljännekseen.",
		"Kvartiler anges endast när minst {} organisationer är rangordnade på skalan (på fliken Team minst {} team); med färre skulle en kvartil rymma en eller två av dem, och en skillnad på en hundradel kunde flytta en av dem till nästa kvartil."},
	[M_BM_CHANGE] = {"Change since previous wave", "Muutos edellisestä kierroksesta",
	                 "Förändring sedan föregående omgång"},
	[M_BM_CHANGE_NOTE] = {
		"Change since previous wave: as on the Trend sheet of each organisation's own report; bold with a border = statistically significant.",
		"Muutos edellisestä kierroksesta: kuten kunkin organisaation oman raportin Kehitys-välilehdellä; lihavoitu ja reunustettu = tilastollisesti merkitsevä.",
		"Förändring sedan föregående omgång: som på fliken Utveckling i varje organisations egen rapport; fet stil med ram = statistiskt signifikant."},
	[M_BM_ME_CHANGE] = {
		"Change since previous wave: the organisation's mean now minus its mean in its previous survey wave, as the Trend sheet of its own report gives it; an organisation without an earlier wave, or whose figure either wave hides, shows none. Bold with a border: the change is statistically significant (p adjusted with Benjamini–Hochberg over that report's changes < 0.05); otherwise it may be chance.",
		"Muutos edellisestä kierroksesta: organisaation keskiarvo nyt miinus sen keskiarvo edellisellä kierroksella, kuten organisaation oman raportin Kehitys-välilehti sen antaa; jos organisaatiolla ei ole aiempaa kierrosta tai jompikumpi kierros piilottaa luvun, muutosta ei näytetä. Lihavoitu ja reunustettu: muutos on tilastollisesti merkitsevä (Benjamini–Hochberg-korjattu p raportin muutosten joukossa < 0,05); muuten se voi johtua sattumasta.",
		"Förändring sedan föregående omgång: organisationens medelvärde nu minus dess medelvärde i den föregående omgången, så som fliken Utveckling i dess egen rapport anger det; en organisation utan tidigare omgång, eller vars siffra någon av omgångarna döljer, visar ingen förändring. Fet stil med ram: förändringen är statistiskt signifikant (p justerat med Benjamini–Hochberg bland rapportens förändringar < 0,05); annars kan den bero på slumpen."},
	[M_BM_ME_UNCERTAIN] = {
		"Certainty: a quartile is “uncertain” when the 95 % confidence interval of the mean, mean ± t × SD ÷ √n with t from the t distribution with n − 1 degrees of freedom, reaches across a quartile boundary: the mean could then as well lie in the neighbouring quartile. Otherwise it is “clear”.",
		"Varmuus: kvartiili on ”epävarma”, kun keskiarvon 95 %:n luottamusväli, keskiarvo ± t × keskihajonta ÷ √n (t saadaan t-jakaumasta, jonka vapausasteet ovat n − 1), ulottuu kvartiilirajan yli: keskiarvo voisi silloin yhtä hyvin osua viereiseen neljännekseen. Muuten kvartiili on ”varma”.",
		"Säkerhet: en kvartil är ”osäker” när medelvärdets 95 %-konfidensintervall, medelvärdet ± t × standardavvikelsen ÷ √n med t ur t-fördelningen med n − 1 frihetsgrader, sträcker sig över en kvartilgräns: medelvärdet kunde då lika gärna ligga i den intilliggande kvartilen. Annars är den ”säker”."},
};

const char *sdt_i18n_text(const char *lang, sdt_msg id)
{
	const sdt_text *t;

	if ((unsigned)id >= M_COUNT)
		return "";
	t = &texts[id];
	if (lang && !strcmp(lang, "fi") && t->fi)
		return t->fi;
	if (lang && !strcmp(lang, "sv") && t->sv)
		return t->sv;
	return t->en ? t->en : "";
}

void sdt_i18n_format(char *buf, size_t size, const char *lang, sdt_msg id,
                     const char *const *args, size_t n_args)
{
	const char *s = sdt_i18n_text(lang, id), *a;
	size_t o = 0, k = 0, len;

	if (size == 0)
		return;
	while (*s && o + 1 < size) {
		if (s[0] == '{' && s[1] == '}') {
			a = k < n_args ? args[k] : "";
			k++;
			len = strlen(a);
			if (len > size - 1 - o)
				len = size - 1 - o;
			memcpy(buf + o, a, len);
			o += len;
			s += 2;
			continue;
		}
		buf[o++] = *s++;
	}
	buf[o] = '\0';
}

const char *sdt_i18n_need(const char *lang, sdt_need need)
{
	switch (need) {
	case SDT_NEED_AUTONOMY: return sdt_i18n_text(lang, M_NEED_AUTONOMY);
	case SDT_NEED_COMPETENCE: return sdt_i18n_text(lang, M_NEED_COMPETENCE);
	case SDT_NEED_RELATEDNESS: return sdt_i18n_text(lang, M_NEED_RELATEDNESS);
	default: return sdt_i18n_text(lang, M_NEED_OTHER);
	}
}

const char *sdt_i18n_valence(const char *lang, sdt_valence v)
{
	switch (v) {
	case SDT_VALENCE_SATISFACTION: return sdt_i18n_text(lang, M_VAL_SATISFACTION);
	case SDT_VALENCE_FRUSTRATION: return sdt_i18n_text(lang, M_VAL_FRUSTRATION);
	case SDT_VALENCE_SUPPORT: return sdt_i18n_text(lang, M_VAL_SUPPORT);
	case SDT_VALENCE_MOTIVATION: return sdt_i18n_text(lang, M_VAL_MOTIVATION);
	default: return sdt_i18n_text(lang, M_VAL_OTHER);
	}
}
