"""Trigger lexicons for relation extraction, English and Spanish, as data.

Each entry is a regular-expression fragment (matched case-insensitively unless noted, on
word boundaries). The engine in ``relations.py`` splices them into sentence patterns, so
a new trigger word is a one-line change here. Keep fragments free of capturing groups.
"""

from __future__ import annotations

# --- people leading or belonging to criminal groups -----------------------------------

LEAD = {
    "en": [
        r"(?:top |main |maximum |supreme |alleged |reputed |purported |new |former |historic |undisputed )?leaders?",
        r"heads?", r"chiefs?", r"boss(?:es)?", r"(?:co-?)?founders?", r"kingpins?", r"commanders?",
        r"second[- ]in[- ]command", r"number two", r"capos?", r"ringleaders?", r"bosses",
        r"cabecillas?", r"patriarch",
    ],
    "es": [
        r"l[íi]der(?:es)?(?: m[áa]xim[oa]| principal| hist[óo]ric[oa])?", r"lideresa",
        r"jef[ea]s?(?! de (?:plaza|c[ée]lula|seguridad|sicarios|zona|regi[óo]n|escoltas|finanzas|"
        r"operaciones|la plaza|grupo|halcones|sector|estado|gobierno|la oficina|la polic[íi]a))",
        r"cabezas?", r"cabecillas?", r"fundador(?:a|es)?", r"cofundador(?:a|es)?", r"segundo al mando",
        r"n[úu]mero dos", r"dirigentes?", r"capos?",
    ],
}  # fmt: skip

# Verbs whose subject leads the object group ("founded the CJNG", "encabezaba el cártel").
LEAD_VERB = {
    "en": [r"led", r"leads", r"heads", r"headed", r"(?:co-?)?founded", r"runs", r"ran", r"commands",
           r"commanded", r"took (?:over|control of)", r"created", r"established"],
    "es": [r"fund[óo]", r"cre[óo]", r"encabeza(?:ba)?", r"lidera(?:ba)?", r"dirig[ií]a", r"dirige",
           r"comanda(?:ba)?", r"asumi[óo] el (?:liderazgo|mando|control) de"],
}  # fmt: skip
LEAD_PASSIVE = {
    "en": [r"led", r"headed", r"(?:co-?)?founded", r"run", r"commanded", r"controlled", r"created"],
    "es": [r"liderad[oa]", r"encabezad[oa]", r"fundad[oa]", r"dirigid[oa]", r"comandad[oa]", r"cread[oa]"],
}  # fmt: skip

MEMBER = {
    "en": [
        r"(?:high-level |high-ranking |senior |top |key |alleged |suspected |former |prominent |mid-level |main )?"
        r"(?:members?|operatives?|associates?|lieutenants?|affiliates?)",
        r"(?:financial |logistics? |logistical |money |chief )?operators?", r"hitm[ae]n", r"sicarios?",
        r"enforcers?", r"assassins?", r"gunm[ae]n", r"plaza bosses", r"plaza boss", r"cell leaders?",
        r"money launderers?", r"financiers?", r"accountants?", r"security chief", r"head of security",
        r"regional (?:leader|boss|commander)s?", r"(?:drug )?traffickers?", r"bodyguards?", r"recruiters?",
        r"suppliers?", r"distributors?", r"brokers?", r"coordinators?",
    ],
    "es": [
        r"(?:principales? |presunt[oa]s? |alt[oa]s? )?(?:integrantes?|miembros?)",
        r"operador(?:a|es|as)?(?: (?:financier[oa]s?|log[íi]stic[oa]s?|principal(?:es)?))*",
        r"sicarios?", r"lugartenientes?", r"escoltas?",
        r"jef[ea]s? de (?:plaza|c[ée]lula|seguridad|sicarios|zona|regi[óo]n|escoltas|finanzas|halcones|sector)",
        r"encargad[oa]s? de (?:la )?(?:plaza|seguridad|finanzas|log[íi]stica|operaciones)",
        r"colaborador(?:a|es|as)?", r"allegad[oa]s?", r"brazo financiero", r"contador(?:a)?",
        r"generador(?:a|es)? de violencia", r"proveedor(?:a|es)?", r"distribuidor(?:a|es)?",
        r"coordinador(?:a|es)?", r"administrador(?:a|es)?", r"reclutador(?:a|es)?",
    ],
}  # fmt: skip

# "works for", "vinculado con": the subject belongs to the object group.
MEMBER_VERB = {
    "en": [r"works? for", r"worked for", r"working for", r"belong(?:s|ed)? to", r"joined",
           r"(?:is|was|were|are|been) (?:allegedly )?(?:linked|tied|connected|affiliated) (?:to|with)",
           r"(?:linked|tied|connected|affiliated) (?:to|with)", r"rose (?:through|within) the ranks of",
           r"(?:began|started) (?:his|her) (?:criminal )?career (?:in|with)", r"emerged from", r"came (?:up )?from"],
    "es": [r"vinculad[oa]s? (?:con|a)", r"relacionad[oa]s? con", r"pertenec(?:e|en|[íi]a|[íi]an|iente|ientes) a",
           r"ligad[oa]s? (?:a|con)", r"al servicio de", r"trabaja(?:ba)? para", r"se uni[óo] a",
           r"ingres[óo] a", r"milita(?:ba)? en", r"(?:se inici[óo]|comenz[óo]|empez[óo])[^.;]{0,60}? como integrante de",
           r"como integrante de", r"surgi[óo] (?:de|del)", r"proven[íi]a (?:de|del)", r"forma(?:ba)? parte de", r"formaban parte de", r"afiliad[oa]s? (?:a|al)"],
}  # fmt: skip

# --- family -------------------------------------------------------------------------------

KIN = {
    "en": [
        r"(?:step|half-?)?sons?", r"(?:step)?daughters?", r"(?:ex-)?wife", r"(?:ex-)?husband", r"widow(?:er)?",
        r"(?:half-?|step)?brothers?", r"(?:half-?|step)?sisters?", r"(?:step)?father", r"(?:step)?mother",
        r"nephews?", r"nieces?", r"uncles?", r"aunts?", r"cousins?", r"spouse",
        r"(?:son|daughter|father|mother|brother|sister)s?-in-law", r"grand(?:son|daughter|father|mother)s?",
        r"(?:common-law )?partner", r"girlfriend",
    ],
    "es": [
        r"hij[oa]s?", r"hijastr[oa]s?", r"espos[oa]", r"viud[oa]", r"medi[oa]s? herman[oa]s?", r"herman[oa]s?",
        r"padre", r"padrastro", r"madre", r"madrastra", r"sobrin[oa]s?", r"t[íi][oa]s?", r"prim[oa]s?",
        r"yerno", r"nuera", r"suegr[oa]", r"cuñad[oa]s?", r"niet[oa]s?", r"concubina", r"pareja sentimental",
    ],
}  # fmt: skip

# Spanish and variant kin words, as the English detail stored on the relation.
KIN_DETAIL = {
    "hijo": "son", "hija": "daughter", "hijos": "son", "hijas": "daughter", "hijastro": "stepson",
    "hijastra": "stepdaughter", "esposa": "wife", "esposo": "husband", "viuda": "widow", "viudo": "widower",
    "hermano": "brother", "hermana": "sister", "hermanos": "brother", "hermanas": "sister",
    "medio hermano": "half-brother", "media hermana": "half-sister", "padre": "father",
    "padrastro": "stepfather", "madre": "mother", "madrastra": "stepmother", "sobrino": "nephew",
    "sobrina": "niece", "sobrinos": "nephew", "tío": "uncle", "tio": "uncle", "tía": "aunt", "tia": "aunt",
    "primo": "cousin", "prima": "cousin", "yerno": "son-in-law", "nuera": "daughter-in-law",
    "suegro": "father-in-law", "suegra": "mother-in-law", "cuñado": "brother-in-law",
    "cuñada": "sister-in-law", "nieto": "grandson", "nieta": "granddaughter", "concubina": "partner",
    "pareja sentimental": "partner", "sons": "son", "daughters": "daughter", "brothers": "brother",
    "sisters": "sister", "nephews": "nephew", "nieces": "niece", "cousins": "cousin", "uncles": "uncle",
    "aunts": "aunt", "stepsons": "stepson", "halfbrother": "half-brother",
}  # fmt: skip

# --- groups and groups --------------------------------------------------------------------

PART = {
    "en": [
        r"factions?", r"(?:armed |military |enforcement |financial |paramilitary |operational )?wings?",
        r"armed branch", r"cells?", r"offshoots?", r"splinter(?: groups?| factions?| cells?)?",
        r"branch(?:es)?", r"subgroups?", r"spin-?offs?", r"successors?", r"enforcer (?:group|arm)",
        r"shock (?:group|troops)", r"armed arm", r"subsidiar(?:y|ies)", r"remnants?", r"breakaway (?:group|faction)",
    ],
    "es": [
        r"facci[óo]n(?:es)?", r"brazos? (?:armados?|financieros?|operativos?|ejecutores?)", r"c[ée]lulas?",
        r"escisi[óo]n(?:es)?", r"grupos? de choque", r"ala", r"rama", r"grupos? (?:armados?|operativos?)",
        r"desprendimientos?", r"subgrupos?", r"remanentes?", r"grupo de sicarios",
    ],
}  # fmt: skip

# "split from", "surgió del": the subject group came out of the object group.
SPLIT_VERB = {
    "en": [r"split (?:off )?from", r"broke (?:away|off) from", r"emerged (?:from|out of)", r"splintered from",
           r"spun off from", r"(?:was|were) born (?:from|out of)", r"grew out of", r"separated from",
           r"(?:is|was|are|were) part of", r"(?:is|was|are|were) a part of", r"(?:was|were) formed (?:from|by)",
           r"originated (?:from|in)", r"succeeded"],
    "es": [r"surgi[óo] (?:de|del)", r"se escindi[óo] (?:de|del)", r"se separ[óo] (?:de|del)",
           r"naci[óo] (?:de|del)", r"se desprendi[óo] (?:de|del)", r"(?:es|era|son|eran) parte (?:de|del)",
           r"forma(?:ba|n)? parte (?:de|del)", r"sucesor(?:a)? (?:de|del)", r"proviene (?:de|del)"],
}  # fmt: skip

ALLY = {
    "en": [r"alliances?", r"allied", r"allies", r"ally", r"cooperative relationships?", r"cooperat(?:ion|ed|es|ing)",
           r"partnerships?", r"partnered", r"joined forces", r"pacts?", r"coalitions?", r"truce",
           r"worked (?:together|closely|jointly) with", r"aligned", r"partners", r"agreements?",
           r"shared (?:drug )?(?:transportation )?routes", r"supplied", r"obtained (?:drugs|cocaine|heroin|"
           r"methamphetamine|fentanyl|narcotics)[^.;]{0,40}? from", r"(?:bought|purchased|sourced) [^.;]{0,40}? from",
           r"support(?:ed)? by", r"backed by"],
    "es": [r"alianzas?", r"aliad[oa]s?", r"se ali[óo]", r"se aliaron", r"aliarse", r"pactos?", r"coalici[óo]n",
           r"trabaj(?:a|aba|an|aban) (?:en conjunto |junto |de la mano )?con", r"en coordinaci[óo]n con",
           r"apoyad[oa]s? por", r"un(?:i[óo]|ieron) fuerzas", r"acuerdos?", r"socios?", r"respaldad[oa]s? por",
           r"abastec(?:e|ía|ían)", r"surt(?:e|ía|ían)", r"tregua"],
}  # fmt: skip

RIVAL = {
    "en": [r"rivals?", r"rivalr(?:y|ies)", r"wars?", r"warring", r"feuds?", r"feuding", r"fight(?:s|ing)?", r"fought",
           r"battl(?:e|es|ed|ing)", r"clash(?:es|ed|ing)?", r"confront(?:s|ed|ing|ations?)?", r"disput(?:e|es|ed|ing)",
           r"compet(?:es|ed|ing|ition|itors?)", r"against", r"squared off", r"attack(?:s|ed|ing)?",
           r"enem(?:y|ies)", r"hostilit(?:y|ies)", r"at odds", r"turf", r"struggles?", r"vs\.?", r"versus",
           r"contest(?:ed|ing)?", r"(?:violent )?competition", r"combat(?:ed|ing|s)?", r"conflicts?"],
    "es": [r"rival(?:es)?", r"rivalidad(?:es)?", r"guerras?", r"pugnas?", r"disput(?:a|as|an|aba|aban|[óo]|aron)",
           r"enfrentamientos?", r"enfrent(?:a|an|aba|aban|[óo]|aron|ar|arse|arlos?)", r"confrontaci[óo]n(?:es)?", r"contra",
           r"combat(?:e|ir|[íi]a|[íi]an|en|ieron)", r"luchas?", r"pelea(?:n|ba|ban)?", r"enemig[oa]s?", r"ataques?",
           r"conflictos?", r"choques?"],
}  # fmt: skip
# Words that make a rival/against reading wrong: a state offensive is action_against, not rivalry.
NEGATION = {
    "en": [r"not", r"never", r"no", r"denied", r"deny", r"denies", r"neither", r"nor", r"rather than",
           r"instead of", r"without"],
    "es": [r"no", r"nunca", r"jam[áa]s", r"neg[óo]", r"niega", r"negaron", r"ni", r"sin"],
}  # fmt: skip

# --- groups and places ---------------------------------------------------------------------

PRESENCE = {
    "en": [r"presence", r"present", r"operat(?:e|es|ed|ing|ions?)", r"control(?:s|led|ling)?", r"territor(?:y|ies|ial)",
           r"strongholds?", r"bases?", r"based", r"expan(?:d|ded|ding|sion)", r"enter(?:ed|ing|s)?", r"penetrat(?:e|ed|ing)",
           r"disput(?:e|es|ed|ing)", r"activit(?:y|ies)", r"active", r"cells?", r"plazas?", r"influence",
           r"dominat(?:e|es|ed|ing|ion)", r"dominant", r"traffick(?:ed|s|ing)?", r"smuggl(?:e|ed|es|ing)", r"distribut(?:e|ed|ion|ing)",
           r"networks?", r"routes?", r"violence", r"violent", r"attacks?", r"attacked", r"clash(?:es|ed)?",
           r"confront(?:ed|ation|ations)?", r"homicides?", r"fought", r"fight(?:ing|s)?", r"war", r"moved", r"shipped",
           r"imported", r"exported", r"ports?", r"corridors?", r"hubs?", r"sites?", r"labs?", r"laboratories",
           r"recruit(?:s|ed|ing)?", r"extort(?:s|ed|ion)?", r"killed", r"murders?", r"kidnapp?(?:ings?|ed)",
           r"arrived", r"established", r"settled", r"spread", r"reach", r"expanded", r"invaded", r"advance",
           r"foothold", r"turf", r"squared off", r"patrols?", r"patrolling", r"roadblocks?", r"blockades?",
           r"(?:has|have|had) been identified", r"identified", r"detected", r"sells?", r"sold", r"stand guard",
           r"(?:its|their) (?:home|base)", r"origin(?:ated)?", r"emerged", r"founded"],
    "es": [r"presencia", r"presente", r"opera(?:n|ba|ban|ciones|ci[óo]n|tiva)?", r"control(?:a|an|aba|aban)?",
           r"territorios?", r"basti[óo]n(?:es)?", r"plazas?", r"generador(?:a|es)? de violencia", r"violencia",
           r"disput(?:a|an|aba|aban)", r"enfrentamientos?", r"agresi[óo]n(?:es)?", r"bloqueos?", r"c[ée]lulas?",
           r"detenid[oa]s", r"detuvieron", r"integrantes", r"ataques?", r"atac(?:[óo]|aron)", r"patrulla(?:n|ba)?",
           r"actividad(?:es)?", r"act[úu]a(?:n|ba)?", r"domin(?:a|an|io|aba)", r"tr[áa]fico", r"trafica(?:n|ba)?",
           r"trasiego", r"extorsi[óo]n(?:es)?", r"homicidios?", r"se asent[óo]", r"asentad[oa]s?", r"lleg[óo]",
           r"expansi[óo]n", r"incursion(?:es)?", r"se inici[óo]", r"objetivo prioritario", r"base",
           r"laboratorios?", r"relacionad[oa]s? con", r"vinculad[oa]s? con", r"ubicad[oa]s?", r"se encontraba",
           r"reuni[óo]", r"huida", r"huy[óo]", r"refugi[óo]", r"zona de operaci[óo]n"],
}  # fmt: skip

# Prepositions that put a place in the role of a location ("in Jalisco", "en Michoacán").
LOCATIVE = {
    "en": [r"in", r"into", r"throughout", r"across", r"within", r"around", r"near", r"to", r"towards?",
           r"through", r"at", r"inside", r"along", r"from", r"over", r"such as", r"including",
           r"(?:area|border|region|zone|corridor)s? between",
           # "the states where it operates are: Jalisco, ..."
           r"are", r"were", r"include", r"includes", r"included",
           r"(?:much|most|parts?|all|control|areas?|swaths?) of",
           r"(?:the )?(?:states?|cities|city|municipalit(?:y|ies)|regions?|areas?|border|towns?|ports?) of"],
    "es": [r"en", r"hacia", r"por", r"a", r"al", r"desde", r"como", r"hasta", r"sobre",
           r"(?:zona|frontera|regi[óo]n|l[íi]mites?|franja) entre", r"son", r"fueron", r"eran", r"incluyen",
           r"(?:el )?control de", r"(?:la )?plaza de", r"parte de", r"gran parte de",
           r"(?:los |el )?(?:estados?|municipios?|ciudad(?:es)?|regi[óo]n(?:es)?|zonas?|entidad(?:es)?|localidad(?:es)?|"
           r"poblados?|puertos?) de"],
}  # fmt: skip

# --- corruption ------------------------------------------------------------------------------

COLLUDE = {
    "en": [r"bribes?", r"bribery", r"bribed", r"payroll", r"protection", r"protected", r"protecting", r"colluded",
           r"collusion", r"colluding", r"complicity", r"complicit", r"corrupt(?:ion)? ties", r"on the take",
           r"in the pay of", r"kickbacks?", r"paid off", r"ties to", r"links? (?:to|with)", r"linked to",
           r"cover(?:ed)? for", r"collaborat(?:ed|ion|ing) with", r"shield(?:ed|ing)?", r"payments? from",
           r"received (?:money|payments|cash) from", r"worked for", r"working for", r"infiltrat(?:ed|ion)"],
    "es": [r"sobornos?", r"colusi[óo]n", r"coludid[oa]s?", r"protecci[óo]n", r"n[óo]mina", r"v[íi]nculos? con",
           r"nexos? con", r"complicidad", r"c[óo]mplices?", r"al servicio de", r"proteg(?:[íi]a|[íi]an|er|e)",
           r"moches?", r"pagos? (?:de|del)", r"infiltrad[oa]s?", r"recib(?:[íi]a|i[óo]|ieron) dinero"],
}  # fmt: skip

# --- state action against people and groups --------------------------------------------------

# detail -> trigger fragments
ACTION = {
    "arrest": [
        r"arrest(?:s|ed|ing)?", r"(?:re)?captur(?:e|es|ed|ing)", r"detain(?:s|ed|ing)?", r"detention",
        r"apprehen(?:d|ded|ding|sion)", r"taken into custody", r"in custody", r"custody", r"nabbed", r"caught",
        r"surrender(?:ed)?", r"turned himself in",
        r"detenid[oa]s?", r"detuvo", r"detuvieron", r"detenci[óo]n(?:es)?", r"detener(?:lo|la|los)?",
        r"captur(?:a|as|[óo]|aron|ad[oa]s?|ar)", r"aprehen(?:di[óo]|dieron|did[oa]s?|si[óo]n|der)",
        r"[óo]rden(?:es)? de aprehensi[óo]n", r"asegur(?:[óo]|aron|ando) a", r"arrest(?:o|ad[oa]s?)",
        r"a disposici[óo]n", r"recapturad[oa]", r"se entreg[óo]",
    ],
    "killed": [
        r"killed", r"killing", r"shot dead", r"slain", r"neutrali[sz]ed", r"gunned down", r"died",
        r"abatid[oa]s?", r"abati[óo]", r"abatieron", r"muri[óo]", r"muerte", r"falleci[óo]", r"fallece(?:n)?",
        r"neutralizad[oa]s?", r"ultimad[oa]s?", r"repel(?:e|i[óo]|en|ieron) la (?:acci[óo]n|agresi[óo]n)",
    ],
    "extradited": [
        r"extradit(?:ed|ion|e|es|ing)", r"expelled", r"deported", r"transferred to the united states",
        r"sent to the united states", r"handed over", r"extradit(?:ad[oa]s?|[óo]|aron)", r"extradici[óo]n",
        r"traslad(?:o|ad[oa]s?|[óo]|aron) a (?:los )?estados unidos", r"expulsad[oa]s?", r"entregad[oa]s? a",
        r"enviad[oa]s? a (?:los )?estados unidos",
    ],
    "indicted": [
        r"indict(?:ed|ment|ments)", r"charged", r"charges", r"prosecut(?:ed|ion|ing|e)", r"convicted", r"conviction",
        r"sentenced", r"face charges", r"accused", r"wanted", r"most[- ]wanted", r"fugitives?", r"plead(?:ed)? guilty",
        r"acusad[oa]s?", r"acusaci[óo]n", r"procesad[oa]s?", r"sentenciad[oa]s?", r"sentencia",
        r"vinculad[oa]s? a proceso", r"imputad[oa]s?", r"cargos", r"requerid[oa]s?", r"buscad[oa]s?",
        r"m[áa]s buscados?", r"orden de extradici[óo]n", r"proceso penal",
    ],
    "sanctioned": [r"sanction(?:s|ed|ing)?", r"blocked", r"frozen", r"froze", r"visa restrictions?",
                   r"sancion(?:es|[óo]|ad[oa]s?|ar)", r"congelad[oa]s?", r"congel[óo]",
                   r"lista de personas bloqueadas"],
    "reward": [r"rewards?", r"bount(?:y|ies)", r"recompensas?", r"for information leading", r"por informaci[óo]n que"],
    "designated": [r"designat(?:ed|ion|es|e)", r"(?:foreign )?terrorist organi[sz]ations?", r"narco-?terrorists?",
                   r"design(?:[óo]|aci[óo]n|ad[oa]s?)", r"organizaci[óo]n(?:es)? terroristas?"],
    "investigated": [r"investigat(?:ed|ion|ions|ing)", r"probe", r"investigad[oa]s?", r"investigaci[óo]n(?:es)?"],
    "operation": [r"(?:military |police |security )?operations? (?:against|to)", r"raids?", r"offensive", r"crackdown",
                  r"blows?", r"targeted", r"dismantl(?:e|ed|ing)", r"pursuit", r"attack(?:s|ed|ing)", r"weakening",
                  r"dealt", r"coups? against", r"operativos?", r"operaci[óo]n(?:es)?", r"golpes?", r"ofensiva",
                  r"combat(?:e|ir|i[óo])", r"desmantel(?:[óo]|amiento|ar)", r"cateos?"],
}  # fmt: skip

# --- positions held --------------------------------------------------------------------------

# Case-insensitive; multiword titles first. Used as "(?P<d>ROLE)".
ROLE = {
    "en": [
        r"(?:acting |deputy |assistant |associate |executive |former |then[- ]|current |interim |special |senior |"
        r"principal |vice[- ]|federal |state |national |public |outgoing |incoming |first |new |u\.s\. |us )*"
        r"(?:president|prime minister|attorney general|attorneys? general|(?:u\.s\. )?attorneys?|trial attorneys?|"
        r"district attorney|prosecutors?|(?:magistrate |district |circuit |federal )?judges?|justice|governor|mayor|"
        r"senator|congress(?:wo)?man|congressional representative|ambassador|(?:managing )?director|administrator|"
        r"commissioner|(?:police |security |defen[cs]e |navy |intelligence )?chief|chief of (?:police|staff)|"
        r"(?:security |defen[cs]e |navy |foreign |interior |finance |treasury |public security |homeland security )?"
        r"(?:secretary|minister)(?: of (?:state|defen[cs]e|security(?: and citizen protection)?|public security|"
        r"the navy|the treasury|homeland security|foreign (?:affairs|relations)|the interior|government|"
        r"national defen[cs]e))?|admiral|commander|head|spokes(?:person|man|woman)|special agent in charge|"
        r"(?:assistant )?director in charge|associate director|u\.s\. marshal|marshal|chairman|chairwoman|chair|"
        r"ceo|chief executive|researcher|professor|scholar|fellow|analyst|lawmaker|legislator|official|officer|"
        r"superintendent|sheriff|general|lieutenant general|brigadier general|colonel|presidential candidate|candidate)",
    ],
    "es": [
        r"(?:ex ?|exs |actual |entonces |nuev[oa] |primer[oa]? |encargad[oa] de despacho (?:de|del) )?"
        r"(?:president[ae](?: municipal)?|secretari[oa](?: de (?:la )?(?:defensa(?: nacional)?|marina|"
        r"seguridad(?: y protecci[óo]n ciudadana| p[úu]blica)?|gobernaci[óo]n|relaciones exteriores|hacienda))?|"
        r"subsecretari[oa]|fiscal(?: general| especial| anticorrupci[óo]n)?|gobernador(?:a)?|alcalde(?:sa)?|"
        r"senador(?:a)?|diputad[oa]|jue(?:z|za)(?: de distrito| federal)?|magistrad[oa]|titular|director(?:a)?(?: general)?|"
        r"comisionad[oa]|jef[ea] de (?:gobierno|la polic[íi]a|estado mayor)|general(?: de divisi[óo]n| brigadier)?|"
        r"almirante|comandante|vocer[oa]|embajador(?:a)?|canciller|procurador(?:a)?|coordinador(?:a)?|"
        r"investigador(?:a)?|profesor(?:a)?|comisario|candidat[oa](?: presidencial)?|ministr[oa]|regidor(?:a)?|"
        r"s[íi]ndic[oa]|edil|mandatari[oa])",
    ],
}  # fmt: skip

# Honorifics between a title and a name ("el presidente de México, licenciado Andrés ...").
HONORIFIC = [r"licenciad[oa]", r"lic\.", r"doctor(?:a)?", r"dr\.", r"dra\.", r"ingenier[oa]", r"ing\.", r"gral\.",
             r"maestr[oa]", r"mtr[oa]\.", r"don", r"doña", r"señor(?:a)?", r"sr\.", r"sra\.", r"mr\.", r"mrs\.",
             r"ms\.", r"general", r"almirante", r"lt\.", r"gen\.", r"adm\."]  # fmt: skip

# Heads of state and government by surname, for a bare "President Calderón": the country's
# place entity is linked only when the document names that country. General knowledge, not
# facts of any one document.
HEADS_OF_STATE = {
    "mexico": ["Salinas de Gortari", "Zedillo", "Fox", "Calderón", "Calderon", "Peña Nieto", "Pena Nieto",
               "López Obrador", "Lopez Obrador", "López-Obrador", "AMLO", "Sheinbaum"],
    "united states": ["Clinton", "Bush", "Obama", "Trump", "Biden"],
    "colombia": ["Uribe", "Santos", "Duque", "Petro"],
    "guatemala": ["Giammattei", "Arévalo", "Arevalo"],
}  # fmt: skip

# Country adjectives before a title ("Mexican Secretary of Defense X") -> country name.
COUNTRY_ADJECTIVE = {
    "mexican": "mexico", "mexico’s": "mexico", "mexico's": "mexico", "mexicano": "mexico", "mexicana": "mexico",
    "de méxico": "mexico", "u.s.": "united states", "us": "united states", "american": "united states",
    "united states": "united states", "estadounidense": "united states", "de estados unidos": "united states",
    "colombian": "colombia", "colombiano": "colombia", "guatemalan": "guatemala",
}  # fmt: skip
# Names under which a country's place entity may appear.
COUNTRY_NAMES = {
    "mexico": {"mexico", "méxico", "mexican republic", "república mexicana", "estados unidos mexicanos"},
    "united states": {"united states", "u.s.", "us", "usa", "u.s.a.", "estados unidos", "ee.uu.", "eeuu",
                      "eua", "e.u.a.", "united states of america", "america"},
    "colombia": {"colombia"},
    "guatemala": {"guatemala"},
}  # fmt: skip

# --- generic references to a group ("the cartel", "la organización") and to a person ------------

GROUP_ANAPHOR = {
    "en": [r"(?:the|this|that|said) (?:[a-z][a-z-]+ ){0,2}(?:cartel|organi[sz]ation|group|syndicate|"
           r"enterprise|gang)(?![\w-])(?:’s|'s)?(?! (?:of|called|known|named|(?-i:[A-Z])))",
           r"(?:its|their)(?= (?:(?:new|former|main|top|current|own|founding|historic|armed|maximum) )*(?:leaders?|leadership|"
           r"founders?|heads?|boss|chief|armed wing|wings?|factions?|cells?|members?|operatives?|rivals?|allies|"
           r"second|number two|financial operator|operators?|founding|presence|activit(?:y|ies)|operations|territory|"
           r"strategy|expansion|influence|control|networks?|structure|stronghold|base|headquarters|"
           r"former rivals|enemies)\b)"],
    # The preposition ("del", "de esta") stays outside the placeholder: "líder del ⟦G⟧".
    "es": [r"(?:(?:de|a) )?(?:el|este|ese|dicho|del|al) (?:poderoso |violento |mencionado |citado )?(?:c[áa]rtel|grupo(?: delictivo| criminal| armado)?)"
           r"(?![\w-])(?! (?:de|del|mismo|(?-i:[A-ZÁÉÍÓÚ])))",
           r"(?:(?:de|a) )?(?:la|esta|esa|dicha) organizaci[óo]n(?: criminal| delictiva)?(?![\w-])(?! (?:de|del|(?-i:[A-ZÁÉÍÓÚ])))"],
}  # fmt: skip
PERSON_ANAPHOR = {
    "en": [r"(?<![\w-])(?:he|him|his|himself|she|her)(?![\w-])",
           r"(?<![\w-])the (?:defendant|suspect|fugitive|kingpin|capo|detainee|drug lord)(?![\w-])"],
    "es": [r"(?<![\w-])(?:él|ella)(?![\w-])",
           r"(?<![\w-])(?:esta persona|dicha persona|este sujeto|dicho sujeto|el sujeto|este delincuente|"
           r"el detenido|la detenida|el capo|el imputado|la imputada|el acusado|la acusada|el presunto delincuente|"
           r"este presunto delincuente)(?![\w-])"],
}  # fmt: skip

# --- attributes -----------------------------------------------------------------------------

FOUNDED = {
    "en": [r"(?:was |were )?founded", r"founding", r"(?:was |were )?(?:formed|created|established)", r"emerged",
           r"came into being", r"origins?", r"birth"],
    "es": [r"fundad[oa]", r"fund[óo]", r"fundaci[óo]n", r"se form[óo]", r"surgi[óo]", r"cread[oa]", r"cre[óo]",
           r"naci[óo]", r"nacimiento", r"se conform[óo]", r"conformad[oa]"],
}  # fmt: skip
DIED = {
    "killed": [r"(?:was |were )?killed", r"shot dead", r"slain", r"gunned down", r"assassinated", r"murdered",
               r"abatid[oa]", r"asesinad[oa]", r"ejecutad[oa]", r"ultimad[oa]", r"muri[óo] (?:en|durante) (?:un|el|la) "
               r"(?:enfrentamiento|operativo|operaci[óo]n|ataque)"],
    "died": [r"died", r"death", r"dead", r"passed away", r"muri[óo]", r"muerte", r"falleci[óo]", r"fallecimiento",
             r"deceso", r"perdi[óo] la vida", r"sin vida"],
}  # fmt: skip

CURRENCY = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dólares": "USD", "dolares": "USD",
    "pesos": "MXN", "mxn": "MXN", "mx$": "MXN", "euros": "EUR", "€": "EUR",
}  # fmt: skip
MULTIPLIER = {"million": 1_000_000, "millones": 1_000_000, "millón": 1_000_000, "millon": 1_000_000,
              "billion": 1_000_000_000, "mil millones": 1_000_000_000, "thousand": 1_000, "mil": 1_000}  # fmt: skip
