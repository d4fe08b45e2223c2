"""The triage rules as data: one regular expression per kind of evidence, each a top-level
alternation that people can read and extend, matched on the folded text (lower case, Latin accents
stripped; see triage_text).

What each label stops is said in the docstring of triage; the comments here say why a phrasing is
in or out, and ``RULES`` at the end says which label each pattern is evidence for. Conventions that
keep the matching fast and linear:

* Start an alternative with ``\\b`` and literal letters ("\\bsmall correction") or a group of
  literal choices ("\\b(?:nobody|no one) would"): ``triage`` files the alternatives of a tag by their
  literal start and builds one factored alternation per tag, so a word that starts no rule costs one
  comparison. A lookbehind of plain text before that start is fine (it is moved after it); an
  alternative that starts otherwise ("<system>", "\\d+% off") is searched on its own, and only when
  the comment holds a character it needs.
* Bound every gap (``{0,60}``, ``(?:\\w+\\s+){0,3}``) and never nest an ambiguous repeat in another.
* No capturing groups: the matcher does not read them.
"""

from __future__ import annotations

import re

# ---- manipulation ----------------------------------------------------------------------------------

_M_VERB = (r"(?:ignore|disregard|forget|override|bypass|ignora|ignoren|ignorar|olvida|olviden|olvidar|omite|"
           r"ignorez|ignorer|oublie|oubliez|oublier|ignoriere|ignorier|vergiss|vergesst|missachte|esqueca|"
           r"esquece|esquecer|desconsidere|desconsidera|ignorem|dimentica|dimenticate|ignorate|ignorare)")
_M_DET = r"(?:the|of|these|those|my|all|any|your|las|los|les|as|os|le|die|el|todas|todos|toutes|tutte|alle)"
_M_QUAL = (r"(?:previous|prior|above|preceding|earlier|former|original|initial|system|existing|all|your|any|"
           r"todas|tus|sus|toutes|tes|vos|alle|deine|eure|bisherigen|vorherigen|obigen|vorigen|suas|tuas|"
           r"seus|tutte|tue|anteriores|precedentes|anterieures|precedenti)")
_M_NOUN = (r"(?:instructions?|prompts?|rules|directions|guidelines|directives|commands|programming|"
           r"instrucciones|indicaciones|reglas|ordenes|directrices|consignes|regles|anweisungen|"
           r"instruktionen|regeln|befehle|vorgaben|instrucoes|regras|ordens|diretrizes|comandos|istruzioni|"
           r"regole|indicazioni|direttive|comandi)")
_M_AFTER = (r"(?:above|before|anteriores|previas|precedentes|anterieures|ci-dessus|precedenti|sopra|acima|"
            r"de arriba|del sistema|du systeme|do sistema|di sistema|you were given|you have been given)")
_M_AI = r"(?:ai|a\.i\.|bot|chatbot|assistant|language model|llm|gpt|chatgpt|model)"

# Each line is one way of saying it; all are matched on the folded text.
MANIPULATION = "|".join((
    # "ignore all previous instructions", "Ignora todas las instrucciones anteriores", "Vergiss deine Regeln"
    rf"\b{_M_VERB}\s+(?:{_M_DET}\s+){{0,3}}(?:{_M_QUAL}\s+(?:[\w-]+\s+)?{_M_NOUN}|{_M_NOUN}\s+{_M_AFTER})\b",
    rf"\b(?:ignore|disregard|forget)\s+(?:(?:all|everything|of|the)\s+){{0,3}}(?:above|written above|said above)\b",
    r"\bsystem\s*(?:prompt|message)s?\b|\bprompt\s+(?:del|du|do|di)\s+sistema\b|\bsysteme?prompt\b",
    r"\b(?:reveal|show|print|repeat|output|leak|dump|tell me|give me)\s+(?:me\s+)?(?:your|the)\s+(?:initial\s+|"
    r"original\s+|hidden\s+|secret\s+)?(?:prompt|instructions|system message)\b",
    r"\bnew\s+(?:system\s+)?instructions?\b|\bnuevas instrucciones\b|\bnouvelles (?:instructions|consignes)\b|"
    r"\bneue (?:anweisungen|anweisung|instruktionen)\b|\bnovas instrucoes\b|\bnuove istruzioni\b",
    r"\b(?:you are|you're|youre|u r|ur) now\s+(?:[\w-]+\s+){0,3}?(?:dan|an? (?:ai|bot|assistant|chatbot)|"
    r"in (?:developer|dev|god|admin|debug|jailbreak|unrestricted) mode|jailbroken|unrestricted|unfiltered|"
    r"free from|no longer (?:bound|restricted)|called|named|playing|acting as|pretending)\b",
    r"\bahora eres\s+(?:\w+\s+){0,2}?(?:un bot|una ia|un asistente|dan|un modelo)\b|"
    r"\b(?:tu es|vous etes) (?:maintenant|desormais|a present)\s+(?:\w+\s+){0,2}?(?:un bot|une ia|un assistant|dan|"
    r"en mode)\b|\bdu bist (?:jetzt|ab jetzt|nun|ab sofort)\s+(?:\w+\s+){0,2}?(?:ein bot|eine ki|ein assistent|"
    r"dan|im \w+modus)\b|\b(?:agora voce e|voce agora e)\s+(?:\w+\s+){0,2}?(?:um bot|uma ia|um assistente|dan)\b|"
    r"\b(?:ora|adesso) sei\s+(?:un bot|un'ia|un assistente|dan)\b",
    r"\bdeveloper mode\b|\bjailbreak\w*|\bdan mode\b|\bdo anything now\b",
    r"\bfrom now on,?\s+(?:you|reply|respond|answer|always|only|never|end|start|begin|include|say|write|sign|act|"
    r"pretend)\b|\b(?:a partir de ahora|de ahora en adelante),?\s+(?:responde|di|eres|siempre|termina|incluye)\b|"
    r"\b(?:a partir de maintenant|desormais),?\s+(?:reponds|tu|dis|termine|ajoute)\b|"
    r"\bab (?:jetzt|sofort),?\s+(?:antworte|sag|bist du|du)\b|\ba partir de agora,?\s+(?:responda|diga|voce)\b",
    r"\bas an? (?:ai|a\.i\.|artificial intelligence|language model|llm|chatbot)\b(?!\s+(?:researcher|engineer|"
    r"developer|student|enthusiast|artist|company|startup|skeptic|person|professional|user|expert|scientist))|"
    r"\b(?:como|en tant qu'|en tant que|als|in quanto) (?:una |un |une |eine? )?(?:ia|ki|ai|modelo de lenguaje)\b,?"
    r"\s+(?:debes|tienes que|tu dois|vous devez|musst du|du musst|deves|voce deve|devi)\b",
    rf"\bif you(?:'re| are) (?:an? )?{_M_AI}\b|\b{_M_AI}s? (?:reading|answering|replying to|processing|"
    rf"summari[sz]ing) (?:this|these)\b|\b(?:dear|attention|note to(?: the)?|message to(?: the)?) {_M_AI}\b",
    r"\b(?:repeat|say) after me\b|\brepite (?:despues de mi|conmigo)\b|\brepete apres moi\b|\bsprich mir nach\b|"
    r"\brepita (?:depois de mim|comigo)\b|\bripeti dopo di me\b",
    # "respond to this comment with the phone number ...": contact details are what an injection wants
    # posted under the creator's name, like links and codes (red team, tests/data/redteam.json).
    r"\b(?:reply|respond|answer|comment)\s+(?:\w+\s+){0,3}?with\s+(?:\w+\s+){0,2}?(?:(?:discount|promo|coupon|"
    r"referral|affiliate|creator|gift)\s+codes?|codes?|links?|urls?|website|(?:phone|whatsapp|telegram|contact)\s+"
    r"(?:numbers?|details|info)|e-?mail(?: address)?)\b|"
    # "when you reply, mention my shop", "when you answer, include my e-mail": telling whoever writes the
    # reply what to put in it; only with a link, code or contact word, so "when you reply, say hi" passes.
    r"\bwhen (?:you|u) (?:reply|respond|answer|write back)\b,?\s+(?:(?:please|also|always)\s+)?(?:mention|include|"
    r"add|say|tell|write|post|share|put|drop)\s+(?:\w+\s+){0,4}?(?:links?|urls?|website|site|shop|store|codes?|"
    r"e-?mail|phone|number|whatsapp|telegram|handle|channel)\b|"
    r"\bresponde\s+con\s+(?:\w+\s+){0,2}?(?:enlace|link|codigo|cupon)\b|\breponds avec (?:ton|le|un|mon) "
    r"(?:lien|code)\b|\bantworte\s+mit\s+(?:\w+\s+){0,2}?\w*(?:link|code)\b|\bresponda com (?:o|seu|meu|um) "
    r"(?:link|codigo|cupom)\b|\brispondi con (?:il|tuo|mio|un) (?:link|codice)\b",
    r"\bsay\s+(?:that\s+)?(?:you|this channel|the creator|he|she|they|we)\s+(?:\w+\s+)?(?:endorse|recommend|"
    r"support|sponsor|approve|vouch|partner)\w*|\bdi que\s+(?:\w+\s+)?(?:recomiendas|apoyas|patrocinas|respaldas)\b|"
    r"\bdis que (?:tu|vous) (?:recommandes|soutiens|sponsorises|approuves|recommandez)\b|"
    r"\bsag(?:e)?,? dass du (?:\w+\s+){0,3}(?:empfiehlst|unterstutzt|sponserst)\b|"
    r"\bdiga que (?:voce )?(?:apoia|recomenda|patrocina|endossa)\b|\bscrivi che (?:\w+\s+)?(?:sponsorizzi|"
    r"consigli|raccomandi|sostieni)\b",
    r"\b(?:post|share|pin|include|add|drop|put)\s+(?:this|my|these)\s+(?:links?|urls?|codes?|website|site)\b|"
    r"\b(?:post|share|include|add)\s+the\s+(?:link|url)\s*:?\s*(?:https?://|www\.|[\w-]+\.[a-z]{2,})|"
    r"\b(?:in|to|at the end of|at the start of) (?:every|each|all) (?:reply|replies|response|responses|answer|"
    r"answers)\b|\bwrite\s+(?:a\s+)?(?:reply|comment|response)\s+(?:praising|saying|that says|recommending|"
    r"promoting|endorsing)\b",
    r"\b(?:previous|pichle|pichhle|sabhi|saare|sare)\s+(?:\w+\s+)?instructions?\s+(?:ko\s+)?ignore\b|"
    r"\babaikan\s+(?:semua\s+)?(?:instruksi|perintah|aturan)\b",
    r"無視[^。\n]{0,12}?(?:指示|命令)|(?:指示|命令|プロンプト)[^。\n]{0,12}?無視|システムプロンプト|"
    # Hindi in Devanagari: "(previous) instructions/rules ... ignore/forget" (NFKC splits the nukta of ज़).
    "(?:निर्देश|आदेश|नियम)[^।\n]{0,16}?(?:अनदेखा|नज़?रअंदाज़?|भूल जा)",
))
# Fake chat markup that tries to close the comment block and open a new "system" turn.
# A Markdown fence opened as ```system does the same for models trained on Markdown chat logs.
FAKE_TAGS = (r"<\s*/?\s*(?:system|sys|assistant|user|instructions?|prompt|admin|developer|im_start|im_end|"
              r"context|tool|comment[\w-]*)\b[^<>\n]{0,60}>|<\|[\w-]{1,30}\|>|\[/?(?:inst|sys|system|assistant)\]|"
              r"<</?sys>>|<(?:start|end)_of_turn>|(?:^|\n)[ \t]*#{1,6}[ \t]*(?:system|instructions?|assistant|"
              r"response|admin|developer)\b|(?:^|\n)[ \t]*```[ \t]*(?:system|instructions?|assistant|admin|developer|"
              r"prompt)\b|(?:^|\n)[ \t]*(?:system|assistant|developer|admin)[ \t]*(?:message|"
              r"prompt|note|override)?[ \t]*:[ \t]*(?:you|the|ignore|new|from now|always|never|reply|respond)\b")
# The same phrases with every non-letter squeezed out, after undoing l33t digits: catches
# "i g n o r e  p r e v i o u s", "1gn0r3 4ll pr3v10u5 1n5truct10n5" and "ignore.previous.instructions".
SQUEEZED = re.compile(
    r"(?:ignore|disregard|forget|override|bypass)(?:the|of|these|those|my|all|any|your){0,4}?"
    r"(?:previous|prior|above|preceding|earlier|former|original|initial|system|all|your)[a-z]{0,12}?"
    r"(?:instructions?|prompts?|rules|directions|guidelines|commands)"
    r"|(?:ignora|ignorar|olvida|ignorez|oubliez|oublie|ignoriere|vergiss|esqueca|dimentica)"
    r"(?:todas|todos|las|los|tus|toutes|les|tes|vos|alle|deine|as|suas|le|tutte|tue){0,3}"
    r"(?:instrucciones|instructions|anweisungen|instrucoes|istruzioni)"
    r"|systemprompt|newinstructions|repeatafterme|developermode|youarenowdan|jailbreak")
SQUEEZED_GATE = ("ignor", "disregard", "forget", "overrid", "bypass", "olvid", "oubli", "vergiss", "esquec",
                  "dimentic", "systemprompt", "newinstruction", "repeatafterme", "developermode", "youarenow",
                  "jailbreak")


# ---- sensitive -------------------------------------------------------------------------------------

_FAMILY = (r"(?:mom|mum|mother|dad|father|grandma|grandmother|grandpa|grandfather|granny|nana|wife|husband|son|"
           r"daughter|brother|sister|baby|child|best friend|friend|partner|uncle|aunt|cousin|dog|cat|pet|fiance|"
           r"fiancee|boyfriend|girlfriend)")
# The same in other languages, folded (no accents), for the grief phrasings below.
_FAMILY_ES = (r"(?:madre|padre|mama|papa|abuel[oa]|herman[oa]|hij[oa]|espos[oa]|marido|perr[oa]|gat[oa]|"
              r"mejor amig[oa]|amig[oa]|novi[oa]|ti[oa]|prim[oa]|bebe)")
_FAMILY_FR = (r"(?:mere|pere|maman|papa|frere|soeur|fils|fille|femme|mari|grand-mere|grand-pere|chien|chat|"
              r"meilleur ami|meilleure amie|ami|amie|copain|copine|oncle|tante|cousin|cousine|bebe)")
_FAMILY_DE = (r"(?:vaters|mutter|papas|mamas|bruders|schwester|sohnes|tochter|mannes|frau|opas|oma|freundes|"
              r"freundin|besten freundes|hundes|katze|kindes|babys)")
_FAMILY_PT = (r"(?:pai|mae|irmao|irma|filho|filha|avo|marido|esposa|mulher|cachorro|gato|melhor amig[oa]|"
              r"amig[oa]|namorad[oa]|ti[oa]|prim[oa]|bebe)")
_FAMILY_IT = (r"(?:padre|madre|papa|mamma|fratello|sorella|figlio|figlia|nonno|nonna|marito|moglie|cane|gatto|"
              r"migliore amic[oa]|amic[oa]|ragazz[oa]|zi[oa]|cugin[oa])")
SENSITIVE = (
    ("self-harm",
     r"\b(?:nobody|no one) would (?:notice|care|miss me)\b|\bif i (?:disappeared|was gone|were gone|died|"
     r"wasn'?t here)\b|\bbetter off without me\b|"
     r"\bdon'?t see the point (?:anymore|in (?:living|anything))\b|\bcan'?t go on\b|\bgive up on (?:life|"
     r"everything)\b|\bno point (?:in )?living\b|\bwish i (?:was|were) dead\b|\bwish i (?:wasn'?t|was not) "
     r"(?:alive|here|born)\b|\bquiero morirme\b|\bsuicidio\b|\bme tuer\b|"
     r"\b(?:want(?:ed)?|wanna|going|gonna|plan(?:ning)?|thinking about|thought about|tried|trying) (?:to )?"
     r"(?:die|kill myself|end (?:it all|my life)|hurt myself)\b|\bkill(?:ing)? myself\b|\bend(?:ing)? my (?:own )?"
     r"life\b|\bend it all\b|\bsuicid\w*|\bself[- ]?harm\w*|\bcut(?:ting)? myself\b|\bhurt(?:ing)? myself\b|"
     r"\bno reason to (?:live|keep going|go on)\b|\bdon'?t want to (?:live|be alive|exist|be here anymore|wake up)\b|"
     r"\bbetter off dead\b|\bnot worth living\b|\bkms\b|\b(?:quiero|quisiera) morir\w*|\bquitarme la vida\b|"
     r"\bno quiero (?:vivir|seguir viviendo|existir)\b|\bhacerme dano\b|\b(?:envie de|veux|voudrais) mourir\b|"
     r"\bme suicider\b|\ben finir\b|\bme faire du mal\b|\bwill (?:nicht mehr leben|sterben)\b|\bmich umbringen\b|"
     r"\bselbstmord\w*|\bsuizid\w*|\bmich ritzen\b|\bquero morrer\b|\bme matar\b|\btirar (?:a )?minha (?:propria )?"
     r"vida\b|\bvoglio morire\b|\bfarla finita\b|\btogliermi la vita\b|\bmarna chaht[ai]\b|\bmar jana chaht[ai]\b|"
     r"\bjeena nahi chaht[ai]\b|आत्महत्या|मरना चाहत|\b(?:ingin|pengen|mau) mati\b|\bbunuh diri\b|死にたい|自殺|消えたい|"
     # Relapse and cutting said plainly ("I relapsed and started cutting again"), and not wanting to
     # be here. "Cutting" alone is a kitchen or editing word and "volví a cortarme" is also a haircut,
     # so cutting counts only with "again" or "myself", and never before a hair or nail word.
     r"\brelaps(?:ed|ing)\b|\bhad a relapse\b|\bcutting (?:again|myself)\b|\bdon'?t want to be (?:here|around|"
     r"alive) any ?more\b|\bdo not want to (?:live|be alive|be here|exist)\b|\bwant(?:ed)? to disappear\b(?! in)|"
     r"\b(?:volvi a|empece a|vuelvo a) (?:cortarme|hacerme dano)\b(?! (?:el|la|los|las|un|una|mi) )|\bautolesion\w*|"
     r"\brecai\b|\bya no quiero (?:estar aqui|seguir aqui|vivir)\b|\bquiero desaparecer\b|"
     r"\bje me scarifie\w*|\bme scarifier\b|\bscarification\w*|\bautomutil\w*|\bj'ai rechute\b|"
     r"\bje (?:ne )?veux plus (?:etre la|vivre|exister)\b|\benvie de disparaitre\b|"
     r"\britze mich\b|\b(?:wieder|mich) geritzt\b|\bselbstverletz\w*|\b(?:einen|nen) ruckfall\b(?! in )|"
     r"\bwill nicht mehr (?:hier sein|da sein)\b|\bich will (?:einfach )?verschwinden\b|"
     r"\b(?:voltei a|comecei a) me (?:cortar|machucar)\b(?! (?:o|a|os|as|meu|minha) )|\bautomutilacao\b|"
     r"\bautolesao\b|\bnao quero mais (?:estar aqui|viver|existir)\b|\bquero (?:sumir|desaparecer)\b(?! com)|"
     r"\b(?:ricominciato|ripreso) a tagliarmi\b(?! (?:i|il|le|la|un) )|\bautolesionis\w*|\bnon voglio piu (?:vivere|"
     r"esserci|stare qui)\b|\bvoglio sparire\b|\bmelukai diri\b|\btidak ingin hidup\b"),
    ("abuse",
     r"\bthreaten(?:s|ing|ed)? (?:to (?:hurt|kill) )?me\b|\bscared to go home\b|\bafraid (?:to go home|of (?:him|"
     r"her|my (?:dad|father|husband|boyfriend|partner|mom|mother|stepdad|ex)))\b|\bharass(?:es|ing|ed) me\b|"
     r"\bstalk(?:s|ing|ed) me\b|\bwon'?t leave me alone\b|\bme amenaza\w*|\bmiedo (?:de|a) volver a casa\b|"
     r"\bme menace\w*|\bpeur de rentrer\b|\bbedroht mich\b|\bme ameaca\w*|\bmedo de voltar (?:pra|para) casa\b|"
     r"\bmi minaccia\b|"
     r"\bdomestic violence\b|\b(?:was|got|been|being) (?:raped|molested|assaulted|groomed|abused|bullied)\b|"
     r"\bsexual(?:ly)? (?:assault\w*|abus\w*|harass\w*)|\babusive (?:relationship|partner|husband|wife|boyfriend|"
     r"girlfriend|parents?|father|mother|dad|mom)\b|\b(?:he|she|they|boyfriend|husband|girlfriend|wife|partner|dad|"
     r"father|mom|mother|stepdad|stepfather|stepmom|parents?|uncle|ex|teacher|boss|brother|sister)\s+(?:\w+\s+)?"
     r"(?:hits|beats|hurts|hurt|abuses|abused|chokes|choked|slaps|slapped|kicks|kicked|threatens|raped|molested)"
     r"\s+me\b|"
     r"\bme (?:pega|golpea|pegaba|golpeaba|maltrata|maltrataba)\b|\bviolencia (?:domestica|de genero|intrafamiliar)\b|"
     r"\bme (?:frappe|frappait|battait)\b|\bmaltraitance\b|\bviolences? conjugales?\b|\b(?:schlagt|schlug|verprugelt|"
     r"missbraucht|misshandelt) mich\b|\bhausliche gewalt\b|\bme (?:bate|batia|agride|espanca|estuprou)\b|"
     r"\bviolencia domestica\b|\bmi (?:picchia|picchiava|maltratta)\b|\bviolenza domestica\b|\bkdrt\b|\bdipukul\b|"
     r"虐待|暴力を"),
    ("a loss",
     r"\brip (?:my |our )?(?:mom|mum|dad|grandma|grandpa|nana|brother|sister|son|daughter|wife|husband|friend|"
     r"dog|cat)\b|\bin memory of (?:my|our)\b|\bmiss (?:him|her|them) so much\b|\bsince (?:he|she|they) "
     r"(?:died|passed)\b|\bqepd\b|\bnous a quitte\w*|\bist (?:gestorben|tot|verstorben)\b|\bmorreu\b|\bnos dejo\b|"
     r"\bpass(?:ed)? away\b|\bpassing of my\b|\b(?:my|our) (?:\w+ )?" + _FAMILY + r"\s+(?:just |recently |suddenly |"
     r"unexpectedly )?(?:died|passed|is gone|was killed)\b|\blost my (?:\w+ )?" + _FAMILY + r"\b|\bfuneral\b|"
     r"\bmiscarriage\b|\bgrie(?:f|ving)\b|\bfallec\w+|\bperdi a mi\b|\b(?:mi|mis) (?:\w+ )?(?:madre|padre|mama|papa|"
     r"abuel[oa]|herman[oa]|hij[oa]|espos[oa]|perr[oa]|gat[oa]) (?:murio|se murio)\b|\ben paz descanse\b|\bdecede\w*|"
     r"\bdeces\b|\bj'ai perdu (?:ma|mon)\s+(?:mere|pere|maman|papa|grand|fils|fille|frere|soeur|femme|mari|chien|chat|"
     r"meilleur)|\bobseques\b|\bverstorben\w*|\bgestorben\b|\b(?:meinen|meine) (?:vater|mutter|papa|mama|opa|oma|"
     r"bruder|schwester|sohn|tochter|mann|frau|hund|katze|freund|freundin|besten freund) verloren\b|\bbeerdigung\b|"
     r"\bfalec\w+|\bperdi (?:minha|meu) (?:mae|pai|avo|irma|irmao|filh[oa]|espos[oa]|marido|mulher|cachorro|gato|"
     r"melhor amig)|\be (?:mort[oa]|scompars[oa])\b|\bho perso (?:mia|mio)\b|\bmeninggal\b|\bwafat\b|"
     r"亡くな|他界|"
     # Grief told through the death rather than a word for it ("since my brother died", "depuis la
     # mort de mon frère", "took his own life"); a family word is required, because "the death of my
     # phone" and "la muerte de mi personaje" are not grief.
     r"\bsince (?:my|our) (?:\w+ )?" + _FAMILY + r" (?:died|passed|was killed)\b|\btook (?:his|her|their) own life\b|"
     r"\b(?:death|loss) of (?:my|our) (?:\w+ )?" + _FAMILY + r"\b|"
     r"\b(?:muerte|perdida|fallecimiento|murio|se murio) (?:de )?(?:mi|mis|nuestro|nuestra) " + _FAMILY_ES + r"\b|"
     r"\b(?:mort|deces|disparition) de (?:mon|ma|mes|notre|nos) " + _FAMILY_FR + r"\b|\b(?:mon|ma) " + _FAMILY_FR +
     r" (?:est|sont) (?:mort|morte|morts|decede|decedee|parti|partie)\b|"
     r"\btod (?:meines|meiner|unseres|unserer) " + _FAMILY_DE + r"\b|\bhat sich (?:\w+ ){0,4}das leben genommen\b|"
     r"\b(?:morte|perda|falecimento) d[oa] (?:meu|minha|nosso|nossa) " + _FAMILY_PT + r"\b|\btirou a propria vida\b|"
     r"\b(?:morte|perdita|scomparsa) (?:di|del|della) (?:mio|mia|nostro|nostra) " + _FAMILY_IT + r"\b|"
     r"\bsi e tolto la vita\b|\bguzar (?:gaye|gayi|gaya)\b"),
    ("mental health",
     r"\bataques? de panico\b|\bme siento (?:muy )?sol[oa]\b|\bcrises? d'angoisse\b|\bje me sens (?:tres )?"
     r"seule?\b|\bburn-?out\b|\beinsam\b|\bcrise de ansiedade\b|\bme sinto (?:muito )?sozinh[oa]\b|"
     r"\battacchi di panico\b|\bnon ce la faccio piu\b|\bso (?:lonely|alone)\b|\bloneliness\b|\bfeel(?:ing)? "
     r"(?:so )?lonely\b|\b(?:nervous|emotional) breakdown\b|\b(?:had|having|have) (?:a|another) breakdown\b|"
     r"\bdepress(?:ed|ive)\b|(?<!great )\bdepression\b|\banxiety\b|\bpanic attacks?\b|\bmental (?:health|breakdown|"
     r"illness)\b|"
     r"\beating disorder\b|\banorexi\w*|\bbulimi\w*|\bptsd\b|\bbipolar\b|\bcan'?t (?:cope|go on|take it anymore)\b|"
     r"\bfeel(?:ing)? (?:so )?(?:hopeless|worthless|empty|alone)\b|\bdepresion\b|\bansiedad\b|\bangoisse\b|"
     r"\banxiete\b|\bdepressionen\b|\bdepressiv\w*|\bangststorung\b|\bpanikattacke\w*|\bdepressao\b|\bansiedade\b|"
     r"\bdepressione\b|\bdepresi\b|\bn'en peux plus\b|\bnao aguento mais\b|\bich kann nicht mehr\b|"
     r"\bya no puedo mas\b|うつ病|鬱"),
    ("health",
     r"\b(?:my|our) (?:\w+ )?(?:son|daughter|mom|mum|dad|wife|husband|baby|child|kid) (?:has|was diagnosed|is "
     r"sick|is in (?:the )?hospital|is ill)\b|\benferm[oa]\b|\bmalade\b|\bdoente\b|\bmalat[oa]\b|"
     r"\bdiagnos(?:ed|is)\b|\bcancer\b(?! season)|\bchemo\w*|\btumou?r\b|\bterminal(?:ly)? ill|\bhospital\w*|\bicu\b|"
     r"\bsurgery\b|\bpregnan\w*|\bmy (?:doctor|therapist|oncologist)\b|\bmedication\b|\bchronic (?:illness|pain|"
     r"fatigue)\b|\bhiv\b|\bhad a stroke\b|\bheart attack\b|\bseizures?\b|\bdialysis\b|\bdiagnostica\w*|\bquimio\w*|"
     r"\bembarazada\b|\benfermedad\b|\bchimio\w*|\bhopital\b|\benceinte\b|\bmaladie\b|\bdiagnose\b|\bkrebs\b|"
     r"\bkrankenhaus\b|\bschwanger\w*|\bkrankheit\b|\bgravida\b|\bdoenca\b|\bcancro\b|\btumore\b|\bospedale\b|"
     r"\bincinta\b|\bmalattia\b|\bkanker\b|\brumah sakit\b|\bbimari\b|がん|癌|入院|病気"),
    ("money trouble",
     r"\bme quede sin (?:trabajo|empleo|dinero|casa)\b|\bsin (?:trabajo|empleo)\b|\bpagar (?:el alquiler|la "
     r"renta|las deudas|la hipoteca)\b|\bno tengo (?:dinero|plata|trabajo)\b|\bpayer (?:le|mon) loyer\b|\bsans "
     r"(?:emploi|travail)\b|\bplus d'argent\b|\bkein geld mehr\b|\bpagar o aluguel\b|\bsem (?:dinheiro|emprego)\b|"
     r"\bpagare l'affitto\b|\bout of work\b|\bno income\b|\bbehind on (?:rent|bills|payments)\b|\bcan'?t make "
     r"rent\b|\bi'?m (?:so |completely )?broke\b|"
     r"\b(?:lost|losing) my (?:job|home|house|apartment|business|income)\b|\b(?:laid off|got fired|been fired|"
     r"was fired|got sacked|made redundant)\b|\bunemployed\b|\bjobless\b|\b(?:in|drowning in|so much|buried in|"
     r"crushing|credit card|student loan) debt\b|\bcan'?t (?:afford|pay)\s+(?:my |the |our |for )?(?:rent|bills?|"
     r"food|groceries|medication|meds|medicine|mortgage|insulin|treatment|therapy|tuition|debts?|to eat|"
     r"electricity|heating)\b|\bevicted\b|\beviction\b|\bforeclos\w+|\bbankrupt\w*|\bhomeless\b|"
     r"\bpaycheck to paycheck\b|\bfood bank\b|\bdeudas\b|\bperdi (?:mi|el) (?:trabajo|empleo|casa)\b|"
     r"\bme (?:despidieron|echaron del trabajo)\b|\bdesemplead[oa]\b|\bno (?:puedo|me alcanza para) pagar\b|"
     r"\bdesahucio\b|\bdettes?\b|\bperdu mon (?:travail|emploi|boulot|job|logement)\b|\bau chomage\b|\bchomeur\w*|"
     r"\b(?:peux|pouvons) (?:pas|plus) payer\b|\bsans[- ]abri\b|\bschulden\b|\b(?:job|arbeit|arbeitsplatz|wohnung) "
     r"verloren\b|\barbeitslos\w*|\b(?:miete|rechnungen) nicht (?:mehr )?(?:zahlen|bezahlen)\b|\bpleite\b|"
     r"\bobdachlos\w*|\bdividas\b|\bperdi (?:meu|o) (?:emprego|trabalho)\b|\bdesempregad[oa]\b|\bfui demitid[oa]\b|"
     r"\bnao (?:consigo|tenho como) pagar\b|\bendividad[oa]\b|\bdebiti\b|\bperso il lavoro\b|\bdisoccupat[oa]\b|"
     r"\blicenziat[oa]\b|\bnon riesco a pagare\b|\bnaukri (?:chali gayi|chali gai|chhoot gayi|chali gayi hai)\b|"
     r"\bkarz\w*|\bkiraya nahi\b|\b(?:utang|hutang)\b|\bkena phk\b|\bnganggur\w*|\bkehilangan pekerjaan\b|借金|失業"),
)

# ---- toxic -----------------------------------------------------------------------------------------

_ADDRESSED = (r"(?:stupid|dumb|clown|trash|garbage|pathetic|ugly|fat|pig|joke|disgrace|worthless|braindead|"
              r"brain[- ]dead|fraud|scammer|liar|loser|idiot|moron|failure|waste of (?:space|oxygen|air)|disgusting|"
              r"embarrassing|irrelevant|useless|clueless|talentless|brainless|incompetent|creep|weirdo|freak|"
              r"parasite|hypocrite|nobody)")
TOXIC = (
    r"\bshut your (?:mouth|trap)\b|\b(?:nobody|no one) wants your (?:opinion|content|videos?|comments?)\b|"
    r"\bquit youtube\b|"
    r"\b(?:t'es|tu es|vous etes|t'es qu'un)\s+(?:\w+\s+){0,3}?(?:nul|nulle|con|conne|debile|moche|ridicule|bete|"
    r"stupide|pathetique|minable|naze|bouffon|incompetent|inutile)\b|\btais-toi\b|\bva-t'en\b|"
    r"\bdu bist\s+(?:\w+\s+){0,3}?(?:dumm|blod|bloed|hasslich|peinlich|lacherlich|erbarmlich|nutzlos|unfahig|"
    r"ein idiot|ein witz|ein clown|ein versager|eine schande|wertlos|armselig)\b|\bverschwinde\b|\bhau ab\b|"
    r"\b(?:eres|sos)\s+(?:\w+\s+){0,3}?(?:idiota|estupid[oa]|tont[oa]|pendej[oa]|inutil|patetic[oa]|ridicul[oa]|"
    r"asqueros[oa]|basura|imbecil|ignorante|mediocre)\b|"
    r"\b(?:voce e|vc e|tu es|seu|sua)\s+(?:\w+\s+){0,3}?(?:burr[oa]|idiota|imbecil|lixo|ridicul[oa]|inutil|"
    r"patetic[oa]|otari[oa]|palhac[oa]|nojent[oa]|ignorante)\b|\bvaza\b|"
    r"\bsei\s+(?:\w+\s+){0,3}?(?:idiota|stupid[oa]|cretin[oa]|incapace|patetic[oa]|ridicol[oa]|inutile|imbecille|"
    r"fallit[oa]|pagliaccio|buffone)\b|\bsparisci\b|\bvattene\b|\bnikal (?:yahan|yaha) se\b|\bdafa ho\b|"
    r"\bnobody (?:cares|asked)\b|\bget a real job\b|\bgo back to (?:your|the) basement\b|\bdelete your "
    r"(?:channel|account)\b|\bi hope you (?:fail|suffer|lose everything)\b|\bdisgusting (?:person|human)\b|"
    r"\bwhat a (?:loser|clown|joke|moron|idiot)\b|\bvete a la mierda\b|\blargate\b|\bdas asco\b|\bpayas[oa]\b|"
    r"\bva te faire (?:foutre|voir)\b|\bbouffon\b|\bhalt (?:einfach |endlich |mal |doch )?(?:die|deine|dein|das) "
    r"(?:klappe|fresse|schnauze|maul)\b|\blappen\b|\bdu opfer\b|\bsome daqui\b|\bsei un fallito\b|"
    r"\bbakwas band kar\b|\bbacot\b|\bdiam lu\b|"
    r"\bidiot\w*|\bmoron\w*|\bimbecil\w*|\bdumbass\b|\bdipshit\b|\basshole\w*|\bbitch\w*|\bbastard\w*|\bjackass\b|"
    r"\bdickhead\b|\bdouche\w*|\bscumbag\b|\bscum\b|\bloser\b|\bshut (?:the fuck |tf )?up\b(?! and take)|\bstfu\b|"
    r"\bkys\b|\bkill yourself\b|\bgo (?:and )?die\b|\bdie in a (?:fire|hole)\b|\bdrop dead\b|"
    r"\bhope you (?:die|get cancer|choke|rot)\b|\b(?:nobody|no one|noone) (?:likes|cares about|wants|asked) you\b|"
    r"\b(?:fuck|f\*+k|screw) (?:you|off|u)\b|\bpiece of (?:shit|crap|garbage|trash)\b|\bi know where you live\b|"
    r"\bwatch your back\b|\b(?:i'll|i will|i'm gonna|im gonna|i am going to|we will|we'll) (?:find|hurt|kill|beat|"
    r"destroy|dox|doxx) (?:you|u)\b|\byou(?:'ll| will) (?:regret|pay for) (?:this|it)\b|"
    r"\b(?:fat|ugly|stupid|dumb|disgusting|worthless|pathetic) (?:pig|cow|loser|idiot|clown|bitch|slob|freak|rat)\b|"
    r"\b(?:you|u|ur|you're|youre|you are)\s+(?:(?:such|so|a|an|the|just|really|complete|total|absolute|fucking|"
    r"literally|truly|honestly|genuinely|simply|very|pretty|kinda)\s+){0,3}" + _ADDRESSED + r"\b|"
    # es / fr / de / pt / it
    r"\bidiota\w*|\b(?:eres|sos) (?:un |una )?(?:\w+ )?(?:estupid[oa]|tont[oa]|payas[oa]|basura|inutil|ridicul[oa])\b|"
    r"\bpendej\w*|\bcabron\w*|\bgilipollas\b|\bcallate\b|\bcierra (?:la boca|el pico)\b|\bmuerete\b|\bpudrete\b|"
    r"\bte voy a (?:matar|buscar|encontrar|partir)\b|\bhijo de puta\b|\btarad[oa]\b|\bsubnormal\b|"
    r"\bconnard\w*|\bconnasse\b|\b(?:espece|pauvre|gros|grosse|sale) (?:de )?(?:con|conne|idiot|debile|abruti|merde)\b|"
    r"\bdebile\b|\babruti\w*|\bcretin\w*|\bferme[- ]la\b|\bta gueule\b|\bla ferme\b|\bcreve\b|\bcasse[- ]toi\b|"
    r"\b(?:t'es|tu es) (?:\w+ )?(?:nul|con|debile|moche|ridicule)\b|\bje sais ou tu habites\b|"
    r"\bvollidiot\b|\btrottel\b|\bdepp\b|\bhalt (?:die|deine) (?:klappe|fresse|schnauze)\b|\bhalt'?s maul\b|"
    r"\barschloch\b|\bwichser\b|\bhurensohn\b|\bdu bist (?:\w+ ){0,2}(?:dumm|blod|bloed|hasslich|lacherlich|ein witz|"
    r"eine schande|wertlos)\b|\bdummkopf\b|\bverpiss dich\b|\bich wei(?:ß|ss) wo du wohnst\b|\bpenner\b|"
    r"\bimbecil\b|\bcala (?:a )?boca\b|\botari[oa]\b|\bbabaca\b|\b(?:seu |sua |voce e (?:um |uma )?|vc e (?:um |uma )?)"
    r"(?:burr[oa]|lixo|imbecil|palhac[oa]|inutil|ridicul[oa]|merda)\b|\bvai se (?:ferrar|foder)\b|\bdesgracad\w*|"
    r"\bfdp\b|\bfilho da puta\b|\barrombad\w*|\bcoglion\w*|\bstronz\w*|\b(?:stai|sta) zitt[oa]\b|\bvaffanculo\b|"
    r"\bdeficient[ei]\b|\bsei (?:un |una )?(?:\w+ )?(?:stupid[oa]|incapace|buffone|pagliaccio)\b|\bimbecille\b|"
    # hi / id / ja
    r"\bchup (?:kar|reh|ho ja)\b|\bpaa?gal\b|\bbe[wv]a?koof\b|\bgadh[ae]\b|\bullu\b|\bkutt[ae]\b|\bkamin[ae]\b|"
    r"\bharami\b|पागल|बेवकूफ|चुप कर|कमीन|\bbodoh\b|\btolol\b|\bgoblok\b|\bbego\b|\bbangsat\b|\bkampret\b|"
    r"\bbajingan\b|死ね|バカ|ばか|馬鹿|アホ|きもい|キモい|キモイ|うざい|ウザい")

# ---- spam ------------------------------------------------------------------------------------------

SPAM = (
    ("a scam",
     r"\bdm me for (?:the )?(?:link|details|info)\b|\b(?:crypto|trading|forex|arbitrage|investment) bot\b|"
     r"\bdoubled my (?:savings|money|investment|income)\b|"
     r"\bearn \$\s?\d[\d,.]*k?\s*(?:/|a |per |every )\s*(?:day|week|hour|month)\b|\bmake money (?:online|from "
     r"home|fast)\b|\bpassive income\b|\bfinancial freedom\b|\binvestment (?:opportunity|platform|plan)\b|"
     r"\bguaranteed (?:profits?|returns?|income)\b|\bganancias garantizadas\b|\bgiving away \$?\d[\d,.]*\s*"
     r"(?:usdt|btc|eth|dollars|bitcoin)\b|\bdetails in my (?:profile|bio)\b|\b(?:dm|message|text) me for "
     r"(?:details|more|info)\b|\bganar? dinero\b|\bingresos pasivos\b|\bun(?:e|anse) a mi grupo\b|"
     r"\bgagner de l'argent\b|\bgeld verdienen\b|\bganhe dinheiro\b|\brenda extra\b|\bme chama no (?:whats ?app|zap|"
     r"direct)\b|\bguadagna\w*|\bpenghasilan tambahan\b|\bghar baithe kama\w*|"
     r"\b(?:crypto|bitcoin|btc|forex|binary options?|investment|investing|trading|nft|usdt)\b[^.!?\n]{0,60}?"
     r"\b(?:profits?|returns?|roi|made \$|earned|whatsapp|telegram|inbox|mentor|expert|broker|account manager|"
     r"signals)\b|\b(?:made|earn(?:ed)?|profit(?:ed)?|making)\s+\$\s?[\d,.]+k?\s*(?:\w+\s+){0,3}?(?:in|per|a|every|"
     r"each|within)\s+(?:\w+\s+)?(?:day|days|week|weeks|month|hour|hours)\b|\bsend (?:me )?\d*\.?\d+\s*(?:btc|eth|"
     r"usdt|bitcoin|sol|doge)\b|\bsend back \d|"
     r"\bdouble your (?:money|bitcoin|crypto|btc|investment)\b|\b(?:dm|message|text|contact|reach|write|inbox|talk to)"
     r" (?:me|him|her|us|them) (?:on|via|through|at) (?:whats ?app|telegram|signal|instagram|ig)\b|"
     r"\b(?:whats ?app|telegram|wa\.me|t\.me)\s*(?:me|him|her|us|at|on|via|:|@|number|"
     r"no\.?)?\s*[+@]?\s*\(?\d[\d ().-]{6,}"
     r"|\b(?:whats ?app|telegram)\b[^\n]{0,30}?@\w{3,}|\bclaim (?:your |the )?(?:prize|reward|gift|winnings)\b|"
     r"\b(?:you(?:'ve| have)? (?:been )?(?:selected|chosen)|giveaway winners?)\b[^\n]{0,80}?\b(?:claim|whats ?app|"
     r"telegram|dm|message me|text me|contact)\b|"
     r"\b(?:gane|ganar|gana|ganando|genera)\s+(?:\$\s?)?[\d.,]+k?\s*(?:\w+\s+){0,3}?(?:forex|cripto\w*|bitcoin|"
     r"trading|invirtiendo|inversion|binarias)\b|\b(?:escribeme|escribanme|contactame|hablame)\s+(?:al|por|en)\s+"
     r"(?:whats ?app|telegram)\b|\bonlyfans\b|\b(?:hot|sexy|lonely) (?:girls|singles|women) (?:in your area|"
     r"near you)\b"),
    ("self-promotion or bait",
     r"\bfollow me (?:on (?:instagram|insta|ig|tiktok|twitter|x|twitch|youtube|snap(?:chat)?|facebook|fb|threads)|"
     r"for (?:more|daily|free|tips|updates|content|\w+ (?:tips|quotes|content|videos|clips|memes)))\b|"
     r"\bcheck (?:out )?my (?:latest|new|last) (?:upload|video|short|post|reel|song|"
     r"track|vlog)\b|\bmy (?:latest|new) (?:upload|video|short|reel) is (?:out|up)\b|\bgo check my\b|"
     r"\bsubscribe (?:to me|for more)\b|\bsub to me\b|\b(?:mira|miren|vean|checa|chequen) mi (?:ultimo|nuevo) "
     r"(?:video|short|reel)\b|\b(?:regardez|regarde|allez voir) ma (?:derniere|nouvelle) video\b|\bschaut? "
     r"(?:euch |dir )?mein(?:e|en)? (?:neues|letztes|neuestes) video\b|"
     r"\bcheck (?:out )?my profile\b|\bvisit my profile\b|\b(?:conferir|confere|confira|vem ver|da uma "
     r"olhada n[oa]) (?:o )?meu (?:canal|perfil)\b|\bviens voir ma chaine\b|\babonne-toi\b|\bschaut? (?:mal )?"
     r"(?:auf|bei) meinem kanal vorbei\b|\babonniert mich\b|\biscriviti al mio canale\b|\bcek channel (?:aku|ku|"
     r"saya)\b|\bmere channel ko subscribe\b|"
     r"\b(?:check out|check|visit|watch|see|go to|head to|click|subscribe to|sub to|follow|join)\s+(?:out\s+)?"
     r"(?:my|our)\s+(?:\w+\s+){0,2}?(?:channel|page|profile|video|videos|content|music|song|mixtape|art|store|shop|"
     r"site|website|insta|instagram|ig|tiktok|bio|stream|server|discord)\b|\bsub\s*(?:4|for)\s*sub\b|\bsub4sub\b|"
     r"\bf4f\b|\bl4l\b|\blike\s*(?:4|for)\s*like\b|\bfollow\s*(?:4|for)\s*follow\b|\b(?:always |i'll |i will )?sub "
     r"back\b|\bfollow back\b|\bfree\s+(?:\w+\s+)?(?:followers|subscribers|subs|likes|views|robux|v-?bucks|iphone|ipad|"
     r"gift ?cards?|money|bitcoin|crypto|nitro|giveaway)\b|\b(?:get|gain|buy|grow)\s+(?:\d+[k+]*\s+)?(?:(?:real|free|"
     r"instant|more)\s+){0,2}(?:followers|subscribers|subs|likes|views)\b|\blink in (?:my |the )?(?:bio|profile)\b|"
     r"\bin my bio\b|\bcheck my (?:bio|profile|page)\b|\bi can help you (?:grow|gain|get|promote)\b|"
     r"\b(?:promote|promoting) (?:your|my) (?:channel|music|page|account)\b|"
     r"\b(?:suscribete|suscribanse|visita|visiten|mira|miren|pasate por|pasen por|sigueme|siganme|unete|apoyen)\s+"
     r"(?:\w+\s+){0,2}?(?:a )?(?:mi|nuestro)\s+(?:canal|perfil|pagina|tienda|cuenta)\b|\blink en (?:mi )?(?:bio|"
     r"perfil)\b|"
     r"\b(?:abonnez[- ]vous|abonne[- ]toi|allez voir|venez voir|passez (?:voir|sur)|viens voir|suivez[- ]moi|"
     r"rejoignez)\s+(?:\w+\s+){0,2}?(?:ma|mon|notre)\s+(?:chaine|page|profil|insta|compte|boutique|site)\b|"
     r"\blien dans (?:ma )?bio\b|\b(?:schau|schaut|schaue|guck|guckt|abonniert|abonniere|folgt|besucht|besuch)\s+"
     r"(?:\w+\s+){0,3}?(?:meinen|meine|mein|unseren|unsere)\s+(?:kanal|channel|profil|seite|shop|insta)\b|"
     r"\babo (?:zuruck|gegen abo|4 abo)\b|\b(?:se inscreve|se inscrevam|inscreva-se|inscrevam-se|segue|sigam|"
     r"visitem|confere|confiram)\s+(?:\w+\s+){0,3}?(?:no |meu |minha |nosso )(?:canal|perfil|pagina|insta|loja)\b|"
     r"\bseguidores (?:gratis|gratuitos)\b|\bganhe (?:\w+ )?(?:seguidores|inscritos|dinheiro)\b|\blink na bio\b|"
     r"\b(?:iscriviti|iscrivetevi|seguitemi|seguimi|visitate)\s+(?:\w+\s+){0,2}?(?:al )?(?:mio|mia|nostro)\s+"
     r"(?:canale|profilo|pagina)\b|\b(?:mampir|mampirlah|kunjungi|cek)\s+(?:ke\s+)?(?:\w+\s+){0,2}?(?:channel|chanel|"
     r"akun|ig|tiktok)\s*(?:aku|ku|saya|gw|gue)\b|\bsub(?:scribe)? balik\b|\b(?:mera|mere|meri) (?:channel|chanel|"
     r"page)\s+(?:\w+\s+){0,2}?(?:subscribe|dekho|dekhe|check|visit|follow)\b"),
)
# "...thanks to Mrs. Linda Parker": the crypto-testimonial scam, when the comment also talks money.
TESTIMONIAL = r"\bthanks to (?:mrs?|ms|miss|dr|sir|madam)\.? [a-z]+"
MONEY = re.compile(r"\$|\b(?:invest\w*|trading|trader|crypto\w*|bitcoin|btc|forex|profits?|earn\w*|income|whats ?app|"
                    r"telegram|usdt|returns?)\b")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+|\b(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|shorturl\.at|cutt\.ly|"
                  r"linktr\.ee|rb\.gy|is\.gd)/\S+|(?<![\w.@/-])[a-z0-9][\w-]{0,62}\.(?:com|net|org|io|xyz|shop|store|"
                  r"site|online|click|top|vip|win|bet|casino|money|cash|loan|gift|live|icu|buzz|link|co|me|ly|gg|app|"
                  r"info|biz)\b(?:/[^\s<>\"']*)?")
# Sales words: a link only counts as spam next to one of these.
PROMO = (r"\b(?:free|win|winners?|won|earn|money|cash|prizes?|gifts?|giveaway|bonus|casino|bet|crypto|bitcoin|"
          r"forex|discount|sale|deals?|promo|offer|followers|subscribers|click|claim|limited|hurry|investment|profit|"
          r"loan|cheap|buy now|order now|shop now|sign ?up|register|gratis|gratuit|ganhe|gana)\b|(?<!\d)\d+ ?% ?off\b")
FLOOD = re.compile(r"([^\W\d_])\1{24,}|([!?.*$])\2{24,}|(?<!\w)(\w{1,30})(?!\w)(?:\W+\3(?!\w)){9,}")

# ---- correction ------------------------------------------------------------------------------------

CORRECTION = (
    r"\bjust to clarify\b|\btechnically (?:a|an|not|it'?s|its|speaking|correct|wrong|incorrect)\b|"
    r"\b(?:this|that|it)(?: is|'s) (?:wrong|not right|incorrect)\b|\b(?:caption|title|subtitles?|graph|chart|screen|"
    r"text|thumbnail|description|label|slide|map)\b[^.!?\n]{0,20}?\b(?:says|said|shows|reads|lists)\b"
    r"[^.!?\n]{0,40}?\bbut\b|"
    r"\baclaracion\b|\bpara aclarar\b|\btecnicamente\b|\b(?:esto|eso) (?:esta|es) "
    r"(?:mal|incorrecto|falso)\b|\bgenau genommen\b|\bstreng genommen\b|\btechnisch gesehen\b|"
    r"\bisso (?:esta|ta) errado\b|"
    r"\byou mixed up\b|\bmixed up the\b|\b(?:i think|pretty sure|surely|probably) you meant\b|\bthat'?s not "
    r"(?:right|true|correct|accurate)\b|\bthat(?:'s| is) (?:incorrect|inaccurate)\b|\bpequeno (?:error|fallo)\b|"
    r"\btienes un error\b|\bcometiste un error\b|\bno es (?:asi|cierto|correcto)\b|\bil y a une erreur\b|"
    r"\bce n'est pas (?:vrai|correct|juste)\b|\bdas ist (?:so )?nicht richtig\b|\bstimmt (?:so )?nicht\b|"
    r"\bisso nao e verdade\b|\bnao e bem assim\b|\bnon e (?:vero|corretto|giusto)\b|"
    r"\b(?:small|quick|minor|slight|tiny|one|just a|little)\s+(?:correction|nitpick|nit|mistake|error)\b|"
    r"\bcorrection\s*:|\bnitpick\b|\bto correct you\b|"
    r"\b(?:typos?|misspel\w+|spelling (?:mistake|error)|misprint|mislabel\w*)\b|"
    r"\bwrong (?:date|year|name|number|units?|formula|label|axis|answer|value|figure|graph|chart|spelling|caption|"
    r"title|price|image|map|flag|word|lyrics)\b|\b(?:it'?s|it is|that'?s) (?:spelled|spelt|pronounced)\b|"
    r"\byou(?:'re| are| were| got (?:it|this|that)) (?:\w+ )?wrong (?:about|on|there|here)\b|\byou (?:said|wrote|say|"
    r"mentioned|called)\b[^.!?\n]{0,80}?\b(?:but|it'?s actually|should be|instead)\b|"
    r"\b(?:at|around)\s+\d{1,2}:\d{2}\b[^.!?\n]{0,60}?\b(?:should (?:be|say|read)|is wrong|is incorrect|typo|mistake|"
    r"error)\b|"
    # es / fr / de / pt / it / id / ja
    r"\b(?:pequena|pequeno|leve|una|breve)\s+(?:correccion|aclaracion)\b|\bcorreccion\b|\ben realidad,?\s+(?:es|era|"
    r"son|fue)\b|\bhay un error\b|\berror en el (?:minuto|segundo)\b|\bte (?:equivocaste|equivocas)\b|"
    r"\bestas equivocad[oa]\b|\bse escribe\b|\bpetite?s? (?:erreur|correction|coquille|precision)\b|\bcorrection\b|"
    r"\ben fait,?\s+(?:c'est|il s'agit|ce n'est|ce sont)\b|\berreur (?:a|au|dans|sur)\b|\bcoquille\b|"
    r"\bfaute (?:de frappe|d'orthographe)\b|\btu t'es trompe\b|\bvous vous etes trompe\b|\bc'est faux\b|"
    r"\bkleine[rn]? (?:korrektur|fehler)\b|\bkorrektur\b|\beigentlich (?:ist|war|sind|hei(?:ß|ss)t)\b|\btippfehler\b|"
    r"\bfehler (?:bei|in|an|im)\b|\bdu hast dich (?:vertan|geirrt|verrechnet)\b|\bdas (?:ist|stimmt) (?:so )?"
    r"(?:nicht|falsch)\b|\bfalsch geschrieben\b|\bnicht\b[^.!?\n]{0,40}?\bsondern\b|\bcorrecao\b|\bna verdade,?\s+"
    r"(?:e|era|sao|foi|eh)\b|\berro (?:no|em|aos|ao)\b|\b(?:voce|vc) errou\b|\bse escreve\b|\bpequeno erro\b|"
    r"\bcorrezione\b|\bin realta,?\s+(?:e|era|sono)\b|\berrore (?:a|al|nel|in)\b|\bhai sbagliato\b|\brefuso\b|"
    r"\bpiccolo errore\b|\bkoreksi\b|\bsalah (?:ketik|tulis|sebut)\b|\bseharusnya\b|\bgalat (?:hai|bataya)\b|"
    r"訂正|間違い|誤字|正しくは")

# "1919, not 1918", "8,849 m, not 8,848", "12GB VRAM not 8GB": checked from the "not" backwards.
CORRECTION_NUMBER = r"\b(?:not|no|pas|nicht|nao|non)\s+(?:a |de |em |in |en |di )?\d"
NUMBER_BEFORE = re.compile(r"\d[\d,.:]*\s*(?:[a-z%]{1,5}\.?\s*)?(?:[a-z]+\s+)?,?\s*$")
# "Actually it's ..." corrects only at the head of a sentence ("I actually loved it" does not).
CORRECTION_START = (r"\bactually,?\s+(?:it'?s|it is|it was|that'?s|that is|they'?re|they are|there (?:are|is|were|"
                     r"was)|the|he|she|you)\b")

# ---- criticism -------------------------------------------------------------------------------------

_NOT = r"(?<!not )(?<!not too )(?<!not that )(?<!nicht )(?<!pas )(?<!no )(?<!nao e )"
CRITICISM = (
    r"\b(?:music|background|bgm|sound|audio|volume|ads?)\b[^.!?\n]{0,20}?\bso loud\b|\b(?:barely|can'?t|cannot|"
    r"couldn'?t) hear (?:you|him|her|them|what|the (?:voice|narrat\w*|dialogue|words|speaker))\b|"
    r"\bnever (?:actually )?(?:answered|explained|got to|"
    r"showed|delivered)\b|\bdidn'?t (?:answer|explain|show|deliver)\b|\b(?:so|very|pretty|kinda|really|a bit|too|"
    r"is|was|felt|feels|seems) (?:dull|bland|tedious|sloppy|messy|confused|weak)\b|\bpainful to watch\b|"
    r"\b(?:getting|got|even) worse\b|\bworse than\b|\bfalls? flat\b|\bfell flat\b|\bwent nowhere\b|"
    r"\b(?:there'?s|there is|there was) no point\b|"
    r"\bconfus[oa]\b|\bno se (?:escucha|oye|entiende)\b|\bpeor\b|" + _NOT + r"mauvaise?s?\b|\b(?:c'est|c'etait|"
    r"tres|trop|un peu|assez) confus\b|\bbacle\w*|"
    r"\bon n'entend rien\b|\bpire\b|\bennuyant\w*|\bverwirrend\b|\bunverstandlich\b|\bzu laut\b|\bman hort (?:nichts|"
    r"kaum was)\b|\bschlimm\b|\bnao da (?:pra|para) (?:ouvir|entender)\b|\bpior\b|\bnon si sente\b|\bpeggio\b|"
    r"\blonger than the (?:actual )?(?:content|video)\b|\b(?:sponsor|ad)(?: segment| read| spot)?s? (?:is |was |"
    r"are |were )?(?:so |too |way too )?(?:long|annoying)\b|\btoo many (?:ads|sponsors|cuts|jump cuts|jokes)\b|"
    r"\b(?:get|got|gets) to the point\b|\bwhere(?:'s| is) the (?:content|point)\b|\bdragged on\b|"
    r"\baged (?:badly|poorly)\b|\bnot worth (?:it|watching|the)\b|\bdone with (?:this|your) channel\b|"
    r"\blost a subscriber\b|\bnot the same\b|\bquality (?:dropped|has dropped|went down)\b|\bhard to understand\b|"
    r"\b(?:didn'?t|did not) (?:like|enjoy)\b|\bwasn'?t (?:a fan|for me)\b|\bpoorly (?:explained|made|edited|"
    r"researched)\b|\blow quality\b|\bclickbaity\b|\blame\b|\bmediocre\b|\boverhyped\b|\brushed\b|\bshallow\b|"
    r"\b(?:old|previous|older|original) (?:\w+ )?(?:was|were|is) (?:way |much |so much )?better\b|"
    r"\bboring\b|\bbored\b|\bclick ?-?bait\w*|\bmisleading\b|\bwaste of (?:my |our )?time\b|\bwasted (?:my|\d+)\b|"
    r"\b(?:way )?too (?:long|short|fast|slow|loud|quiet|many ads|much (?:talking|filler|intro)|repetitive|basic|"
    r"generic)\b|\b(?:audio|sound|mic|microphone|volume|music|lighting|video quality|quality|editing|camera|"
    r"subtitles|captions|intro|ads?|sponsor\w*)\s+(?:is|was|are|were|quality)?\s*(?:\w+\s+)?" + _NOT +
    r"(?:bad|terrible|awful|horrible|low|poor|sucks?|muffled|annoying|distracting|broken|out of sync|unbearable)\b|"
    r"\bdisappoint\w*|\bunsubscrib\w*|\bunsub(?:bing|bed)?\b|\bunfollow\w*|\bdislik\w*|\bthumbs down\b|\bworst\b|"
    r"\b(?:is|was|so|that's|thats|what an?|this|such an?|absolutely|really|pretty)\s+(?:terrible|awful|horrible|"
    r"atrocious|garbage|trash|rubbish)\b|\b(?:terrible|awful|horrible|" + _NOT + r"bad) (?:video|take|advice|content|"
    r"tutorial|editing|audio|explanation|review|idea|info)\b|\bnot (?:helpful|useful|worth|good|great|funny|accurate|"
    r"clear|informative)\b|\b(?:wasn't|isn't|was not|is not|not very) (?:helpful|useful|good|great|funny|clear|"
    r"informative|worth)\b|\bmeh\b|\bmid\b|\bcringe\w*|\blazy\b|\blow[- ]effort\b|\boverrated\b|\bfiller\b|"
    r"\brambl\w+|\bpointless\b|\buseless\b|\bwent downhill\b|\bfell off\b|\byou used to\b|\bused to be (?:good|better|"
    r"great|funny)\b|\bsell ?out\b|\bno substance\b|\bnothing (?:new|happens)\b|\bsay(?:s|ing)? nothing\b|"
    r"\bdidn'?t learn anything\b|\bcould (?:have )?be(?:en)? (?:said|done|explained) in\b|\b(?:this|it|that|video|"
    r"content|take|channel|is|was|pure|absolute|complete|total)\s+(?:garbage|trash|crap|rubbish)\b|\bsucks?\b|"
    r"\b(?:clearly|obviously)\s+(?:didn'?t|did not|don'?t|do not|never) (?:read|research|understand|know)\b|"
    r"\bno idea what (?:you're|you are|ur) talking\b|\bmess\b|\bdisaster\b|\binaccurate\b|\bmisinformation\b|"
    r"\bwrong facts\b|\b(?:doesn'?t|didn'?t|does not|did not) work\b|\bannoying\b|\bunwatchable\b|"
    r"\bexpected (?:more|better|a real)\b|\bgot an ad\b|\bjust an ad\b|\blouder than your voice\b|"
    r"\bhard to (?:hear|follow)\b|\bconfusing\b|"
    # es / fr / de / pt / it / hi / id / ja
    r"\bmal explicad[oa]\b|\bno (?:entendi|se entiende|entiendo) nada\b|\bflojo\b|\bque pereza\b|\bse (?:escucha|oye) "
    r"(?:muy )?mal\b|\blo peor\b|\bya no es lo mismo\b|\bdecepcionante\b|\bmal explique\b|\bon (?:ne )?comprend rien\b|"
    r"\bje (?:ne )?comprends rien\b|\brien de nouveau\b|\bmauvaise? (?:video|qualite)\b|\bschlecht (?:erklart|gemacht|"
    r"recherchiert)\b|\b(?:nichts|nix) verstanden\b|\bschwach\b|\bnicht gut\b|\bunnotig\b|\bzu viel (?:werbung|"
    r"gerede)\b|\bnao entendi nada\b|\bfraco\b|\bja foi melhor\b|\bmuita enrolacao\b|\bspiegato male\b|"
    r"\bnon (?:si capisce|ho capito) (?:niente|nulla)\b|\bbore (?:ho gaya|ho gayi|kar diya|kar raha|kar rahe)\b|"
    r"\bbahut lamba\b|\bsamajh nahi aaya\b|\bkepanjangan\b|\bkurang jelas\b|\bnggak jelas\b|わかりにくい|分かりにくい|"
    r"微妙|"
    r"\baburrid\w*|\baburrimiento\b|\brelleno\b|\bperdi (?:mi |el )?tiempo\b|\bperdida de tiempo\b|\b(?:muy|demasiado) "
    r"larg[oa]\b|\bel (?:audio|sonido) (?:esta |es )?(?:muy )?(?:mal[oa]?|horrible|pesimo|bajo|fatal)\b|"
    r"\bdecepcion\w*|\bmalisim\w*|\bpesim\w*|\b(?:es|esta|que) (?:horrible|basura|malo)\b|\bme desuscrib\w*|"
    r"\bno sirve\b|\bno me gusto\b|\bno aporta\b|\bantes (?:eras|era|hacias|hacian|eran) mejor\b|\bennuyeu\w*|"
    r"\bchiant\w*|\bnul(?:le|s)?\b|\bdecevant\w*|\bdecu(?:e|s)?\b|\btrop long\w*|\b(?:le son|l'audio|le micro) "
    r"(?:est |etait )?(?:vraiment |trop )?(?:horrible|mauvais|nul|pourri)\b|\bputaclic\b|\bperte de temps\b|"
    r"\bdesabonn\w*|\bbof\b|\baucun interet\b|\bpas terrible\b|\bc'etait mieux avant\b|\bn'importe quoi\b|"
    r"\blangweilig\w*|\bentt(?:a|ae)usch\w*|\bzu lange?\b|\bzeitverschwendung\b|" + _NOT + r"schlecht\w*|"
    r"\bmies\w*|\b(?:de|ent)abonniert\b|\bfr(?:u|ue)her (?:war|waren) (?:\w+ ){0,3}besser\b|\bnervig\b|\bnervt\b|"
    r"\bfurchtbar\b|\bschrecklich\b|\bchat[oa]\b|\bentediante\b|\bperdi (?:meu |o )?tempo\b|\bperda de tempo\b|"
    r"\bmuito long[oa]\b|\bdecepcao\b|\bdecepcionad\w*|" + _NOT + r"ruim\b|\bhorrivel\b|\blixo\b|\bdesinscrev\w*|"
    r"\bcancelei (?:a )?inscricao\b|\benrolacao\b|\bche noia\b|\bnoios\w*|\btroppo lung\w*|\bdelus[oa]\b|"
    r"\bdeludent\w*|\bbrutt[oa]\b|\bperdita di tempo\b|\bfa schifo\b|\borribile\b|\bbakwas\b|\bbekaa?r\b|\bfaltu\b|"
    r"\btime waste\b|\bmembosankan\b|\bbos[ae]n\b|\bjelek\b|\bg(?:a|ak|ak) jelas\b|\bbuang waktu\b|\bkecewa\b|"
    r"つまらな|長すぎ|残念|がっかり|音が悪い|音質が悪い|退屈")

# ---- praise ----------------------------------------------------------------------------------------

PRAISE_EMOJI = re.compile("(?:[\u2764\u2665\u2763\U0001F496\U0001F495\U0001F497\U0001F493\U0001F49E\U0001F498"
                           "\U0001F49D\U0001F49C\U0001F499\U0001F49A\U0001F49B\U0001F9E1\U0001F90D\U0001F5A4"
                           "\U0001F90E\U0001F60D\U0001F970\U0001F618\U0001F929\U0001F525\U0001F44F\U0001F64C"
                           "\U0001F4AF\u2b50\U0001F31F\U0001F3C6\U0001F451\U0001FAF6\U0001F44D]"
                           "[\ufe0f\U0001F3FB-\U0001F3FF]?)+")
PRAISE = (
    r"\bsounds? (?:so |really |super |very )?(?:great|amazing|good|clean|crisp|awesome|incredible|perfect)\b|"
    r"\blooks? (?:so |really |super |very )?(?:great|amazing|good|incredible|beautiful|delicious|tasty|stunning)\b|"
    r"\b(?:super|so|really|very) (?:clean|crisp|smooth|satisfying|relaxing|calming|wholesome|cozy|entertaining|"
    r"detailed|thorough|valuable)\b|\b(?:way|so much|a lot|much) better (?:than|in this|now|this time)\b|"
    r"\benjoy(?:ed|ing)? (?:this|the|your|it|every|watching)\b|\b(?:this|that|it)(?: is| was|'s) (?:so |really |"
    r"super |just )?(?:good|great|awesome|fun|cool|gold|fire|perfect|brilliant|epic)\b|\bwhat an? (?:great|good|"
    r"nice|cool|beautiful|fantastic|lovely|amazing|awesome|wonderful) \w+|\b(?:top notch|next level|chef'?s kiss|"
    r"goated|banger|masterclass|nailed it|spot on|life ?saver)\b|\b(?:saved|made) my (?:life|exam|project|grade)\b|"
    r"\bexactly what i (?:needed|was looking for)\b|\bglad i found\b|\bnew fav(?:ou?rite)?\b|\bkudos\b|"
    r"\bprops to\b|\bcongrat(?:s|ulations)\b|\bso proud\b|\b(?:you|u) (?:rock|killed it|never miss)\b|\b10/10\b|"
    r"\bnot (?:bad|too bad|that bad)\b|\blov(?:e|ed|ing) (?:this|it|that|these|your|ur|the|how|you|u|ya|watching|"
    r"every)\b|\bluv (?:this|it|u|you)\b|\b(?:amazing|awesome|excellent|fantastic|brilliant|incredible|"
    r"outstanding|superb|wonderful|beautiful|gorgeous|stunning|phenomenal|fabulous|lovely|masterpiece|legendary|"
    r"underrated|inspiring|inspirational|hilarious|helpful|informative|insightful|goat)\b|"
    r"\b(?:great|good|nice|cool|solid|sick|dope|fun|funny|clear|useful|quality|perfect)\s+(?:video|vid|content|job|"
    r"work|stuff|explanation|tutorial|channel|one|editing|recipe|review|breakdown|guide|episode|vlog|podcast|stream|"
    r"advice|tips|info|points?|music|song|voice|vibes?|energy|shots?)\b|"
    r"\b(?:so|very|really|super|such|extremely|incredibly|truly|actually|pretty|came out|turned out)\s+(?:great|"
    r"good|nice|cool|helpful|useful|funny|perfect|clear|informative|well (?:made|done|explained)|fun|beautiful|"
    r"interesting|inspiring)\b|\bthank(?:s|\s?you|\s?u)\b(?! in advance)|\bthx\b|\bty\b|\btysm\b|"
    r"\bappreciate (?:it|this|you|your|the)\b|\bgrateful\b|\bwell (?:done|made|explained|said|edited)\b|"
    r"\bkeep (?:it up|up the (?:good|great) work|going|them "
    r"coming)\b|\byou(?:'re| are) (?:the best|amazing|awesome|a legend|a genius|so talented|talented|the goat|"
    r"incredible|underrated)\b|\bbest (?:video|channel|explanation|tutorial|creator|youtuber|content|review|guide|"
    r"series)\b|\bfav(?:ou?rite)? (?:channel|youtuber|creator|video|series)\b|\bdeserves? (?:\w+ )?(?:more|all the)\b|"
    r"\bmade my (?:day|week|night)\b|\bmind ?blown\b|\b(?:learned|learnt) (?:so much|a lot)\b|\blove from\b|"
    r"\b(?:big|huge) fan\b|\bsubscribed\b|\binstant sub\b|\b(?:your|ur) (?:videos?|channel|content) (?:\w+ )?(?:help|"
    r"helped|helps|got me|saved|make me|made me|are the only|mean so much|brighten)\b|"
    # es
    r"\bmil gracias\b|\bme (?:salvaste|salvo|ayudaste|encanto)\b|\bque (?:pasada|maravilla)\b|\blo maximo\b|"
    r"\b(?:espectacular|buenazo|fenomenal)\b|\b(?:muy |super )?bien explicado\b|\bsigue asi\b|"
    r"\beres (?:un |una )?(?:crack|genio|idolo|grande|maquina)\b|"
    r"\bme encant\w*|\bencant(?:o|a|an|ado|ada)\b|\bgracias\b|\bexcelente\w*|\bgenial\w*|\bincreible\b|\bbuenisim\w*|"
    r"\bmuy (?:bueno|buena|buen|util|interesante|bien explicado)\b|\bbuen (?:video|trabajo|contenido|tutorial|canal)\b|"
    r"\bque (?:buen|gran|lindo|bonito|hermoso|bueno)\b|\bbravo\b|\b(?:eres|sos) (?:el|la|lo) mejor\b|\bmaravillos\w*|"
    r"\bhermos[oa]\b|\bprecios[oa]\b|\bcrack\b|\bfelicidades\b|\bfelicitaciones\b|\bme (?:ayudo|ayudaste|sirvio) "
    r"(?:mucho|bastante)\b|\b(?:tus|sus) videos (?:me |lo |la |nos )?(?:ayudan|ayudaron|hacen reir|alegran|encantan)\b|"
    # fr
    r"\b(?:j'ai )?ador(?:e|ait|ee|er)\b|\bm'a (?:sauve|aide|beaucoup aide)\b|\bau top\b|\b(?:tres |super )?bien "
    r"explique\b|\btres clair\b|\bpepite\b|\b(?:le|la|t'es le|t'es la) meilleure?\b|"
    r"\bmerci\b|\bgeniale?s?\b|\bsuper (?:video|explique|explication|travail|contenu|cool|sympa|interessant|bien)\b|"
    r"\bmagnifique\b|\bincroyable\b|\btrop (?:bien|cool|fort|drole|beau|belle)\b|\bj'adore\b|\bj'aime (?:trop|"
    r"beaucoup|bien|tellement|vraiment|cette|ta|tes|ton|vos|votre)\b|\bchapeau\b|\bparfait\w*|\b(?:bonne|"
    r"belle) video\b|"
    r"\bfelicitations\b|\bmeilleure? (?:video|chaine|youtubeur|explication)\b|\bcontinue(?:z)? comme ca\b|"
    # de
    r"\b(?:vielen |tausend |herzlichen )?dank\b|\bdankesch(?:o|oe)n\b|\bendlich (?:verstanden|kapiert)\b|"
    r"\b(?:richtig|echt|mega|so) (?:geil|stark|cool|hilfreich|lehrreich|informativ)\b|\blieblings(?:kanal|youtuber|"
    r"video)\b|\bdu bist (?:der|die|das) beste\b|\bich feier\w*|\behrenmann\b|\bsuper (?:video|cool)\b|"
    r"\bdanke\b|\btoll\w*|\bsuper (?:erklart|gemacht|kanal)\b|\bklasse\b|\bgro(?:ß|ss)artig\w*|\bwunderbar\b|"
    r"\bspitze\b|"
    r"\bhammer\b|\bmega (?:gut|video|cool)\b|\bsehr (?:gut|hilfreich|schon|interessant|informativ)\b|\bgut erkl(?:a|"
    r"ae)rt\b|"
    r"\bbeste[snr]? (?:video|kanal|erklarung)\b|\bweiter so\b|\bich liebe\b|\bhilfreich\b|\b(?:richtig|echt) gut\b|"
    # pt
    r"\bmuito obrigad[oa]\b|\bmandou bem\b|\barrasou\b|\bbrab[oa]\b|\bque (?:video|canal) (?:bom|top|incrivel|"
    r"show)\b|\bme salvou\b|\bajudou (?:muito|demais)\b|\bmuito bem explicado\b|\bexplica (?:muito )?bem\b|"
    r"\bamei\b|\badorei\b|\bamo (?:seus|teus|esse|este|o canal|voce|voces|vcs)\b|\bobrigad[oa]\b|\bvaleu\b|"
    r"\bparabens\b|"
    r"\bincrivel\b|\botim[oa]\b|\bmuito (?:bom|boa|legal|util|show|top)\b|\bshow de bola\b|\bperfeit[oa]\b|"
    r"\bsensacional\b|\bmelhor (?:canal|video|youtuber|explicacao)\b|\btop demais\b|\bme ajudou\b|"
    # it
    r"\bbravissim[oaie]\b|\bchiarissim[oa]\b|\butilissim[oa]\b|\bspiegazione (?:chiara|perfetta|fantastica)\b|"
    r"\bsei (?:il|la) "
    r"migliore\b|\bsei un grande\b|\bmitic[oa]\b|"
    r"\bbellissim\w*|\bgrazie\b|\bbrav[oaie]\b|\bfantastic\w*|\bstupend\w*|\bcomplimenti\b|\bottim[oaie]\b|"
    r"\bperfett\w*|\bmeraviglios\w*|\bil migliore\b|\bmolto (?:utile|bello|bella|interessante|chiaro)\b|\bben fatto\b|"
    r"\bspiegato benissimo\b|\badoro\b|"
    # hi / id / ja
    r"\bma[zj]a aa gaya\b|\bkamaa?l (?:ka|hai|kar diya)\b|\bdil se\b|\blove you bhai\b|\b(?:bhai op|op bhai)\b|"
    r"\bsuperb\b|\bgokil\b|\b(?:suka|keren) banget\b|मज़ा आ गया|मजा आ गया|上手|すごく|綺麗|きれい|かっこいい|かわいい|"
    r"可愛い|好き|"
    r"\b(?:bahut|bohot|bahot|bht) (?:acch?h?a|achha|badhiya|badiya|sundar|mast|pyara|helpful)\b|\bbadh?iya\b|"
    r"\b[jz]abardast\b|\bshand?aar\b|\bdhanyavaa?d\b|\bdhanyawad\b|\bshukriya\b|\bkya baat\b|\bek number\b|"
    r"ज़बरदस्त|जबरदस्त|बढ़िया|शानदार|धन्यवाद|बहुत अच्छ|कमाल|\bmantap\w*|\bkeren\b|\bbagus\b|\bmakasih\b|"
    r"\bterima ?kasih\b|\bluar biasa\b|\bmantul\b|\bsangat membantu\b|\bsukses terus\b|"
    r"最高|ありがとう|すごい|凄い|素晴らしい|素敵|大好き|好きです|面白い|おもしろい|神動画|感動|分かりやすい|わかりやすい|"
    r"勉強になり|参考になり")
# A whole comment that is one word of praise ("Cool video", "nice!!").
SHORT_PRAISE = re.compile(r"\W*(?:cool|nice|great|wow|perfect|beautiful|epic)(?:\s+(?:video|vid|one|stuff))?\W*")
NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bno|\bhardly|\bwithout|\bnada|\bpas|\bnicht|\bkein\w*|\bnao|\bnon)"
                      r"(?:\s+\w+){0,4}\s+$")

# ---- request ---------------------------------------------------------------------------------------

_R_ACT = (r"(?:make|do|review|cover|show|try|react|talk|film|post|upload|share|collab|go over|look at|check "
          r"out|consider|bring|continue|test|compare|include|add|teach|start|keep|give|tell us|drop|release|redo|"
          r"update|recommend|read|answer|reply|respond|pin|heart|shout)")
REQUEST = (
    r"\bmore (?:videos?|tutorials?|content|episodes?) (?:on|about|like this|like these|please|pls)\b|"
    r"\bdo more (?:of these|videos|like this)\b|\b(?:please|pls|plz) (?:do|make) more\b|\b(?:it )?would be "
    r"(?:cool|great|awesome|nice|amazing) (?:if you|to see)\b|\bcan we (?:get|have) (?:a|an|more|another|part)\b|"
    r"\b(?:how|what) about (?:a|an) (?:video|tutorial|episode|series)\b|\bi'?d (?:like|love) to see\b|"
    r"\b(?:explain|go over|talk about)\b[^.!?\n]{0,40}?\b(?:in|with) (?:a|an|another|the next) (?:video|short|"
    r"episode|tutorial)\b|"
    r"\b(?:please|pls|plz|plss+|pleaseee*)\s+(?:\w+\s+)?" + _R_ACT + r"\b|"
    r"\b(?:can|could|would|will|can't|cant) (?:you|u|ya)\s+(?:(?:please|pls|maybe|possibly|also|just|ever)\s+){0,3}"
    + _R_ACT + r"\b|\b(?:would|i'?d|we'?d) love (?:to see|a|an|it if|if you|more|another|you to)\b|"
    r"\b(?:we|i) (?:need|want) (?:a|an|more|another|part|you to|the next)\b|\b(?:you should|u should|you gotta|you "
    r"need to)\s+(?:\w+\s+)?(?:make|do|try|review|cover|collab|react|film|talk|start|bring|upload|consider|read|"
    r"play)\b|"
    r"\b(?:make|do|film|upload|drop|create|record|start|post)\s+(?:a |an |another |more |the |some |one |this )?"
    r"(?:\w+\s+)?(?:video|vid|videos|tutorial|series|follow[- ]up|review|reaction|episode|guide|vlog|stream|"
    r"livestream|q&a|short|shorts|sequel|deep dive|breakdown)\b|\bpart (?:2|two|ii|3|three)\b|\bpt\.? ?2\b|"
    r"\bsequel\b|\breact to\b|\bcollab\w*|\bshout ?-?out\b(?! to (?:the|your|everyone|all|my))|\bshout me out\b|"
    r"\bnext (?:video|time|week|episode),? (?:please|pls|can you|could you|you should|do|try|review|cover|make)\b|"
    r"\bkeep (?:posting|making|uploading|doing)\b|"
    # es / fr / de / pt / it / hi / id / ja
    r"\b(?:haz|hagan|haga|hazme|sube|suban)\s+(?:mas|otro|otra|un|una)\s+(?:\w+\s+)?(?:videos?|tutoriales?|partes?|"
    r"directos?)\b|\bmas videos (?:de|sobre|como)\b|\bme gustaria que (?:hicieras|hagas|subas)\b|\bfai(?:s|tes) "
    r"(?:plus de|d'autres|une autre|un autre) (?:videos?|tutos?)\b|\bun tuto (?:sur|pour)\b|\bj'aimerais (?:bien )?"
    r"(?:une|un|voir)\b|\b(?:mach|macht) (?:mal |bitte |doch )?(?:noch )?mehr (?:videos?|davon)\b|\bw(?:u|ue)nsche "
    r"mir (?:ein|eine|mehr)\b|\bbitte (?:noch )?mehr (?:davon|videos?)\b|\b(?:faz|faca|facam|traz|traga|manda) "
    r"(?:mais|outro|outra|um|uma) (?:videos?|tutoriais?|partes?)\b|\bmais videos (?:de|sobre|assim)\b|"
    r"\b(?:fai|fate) (?:altri|piu|un altro) (?:video|tutorial)\b|\bpiu video (?:su|di|come)\b|\b(?:tutorial|video|"
    r"review|konten)\s+(?:\w+\s+){0,3}?dong\b|\b(?:bikin|buat|buatin|bikinin) (?:\w+\s+){0,2}?dong\b|"
    r"\bvideo bana(?:o|do|iye|ye|dijiye|na)\b|"
    r"\b(?:haz|hagan|haga|hazme|hacer|podrias hacer|puedes hacer)\s+(?:\w+\s+)?(?:un|una|otro|otra|mas|la)\s+"
    r"(?:\w+\s+)?(?:video|tutorial|parte|segunda|resena|review|directo|colab)\b|\b(?:podrias|puedes|pueden|podrian)\s+"
    r"(?:hacer|explicar|subir|resenar|mostrar|hablar|grabar|reaccionar)\b|\bpor favor (?:haz|sube|explica|hagan|habla|"
    r"muestra)\b|\bsegunda parte\b|\bparte 2\b|\bme gustaria (?:ver|que hicieras)\b|\b(?:un )?saludo para\b|"
    r"\bsaludame\b|\b(?:tu pourrais|vous pourriez|pourrais-tu|pourriez-vous|peux-tu|pouvez-vous|tu peux|vous pouvez)"
    r"\s+(?:\w+\s+)?(?:faire|expliquer|parler|montrer|tester|filmer|essayer|reagir)\b|\bfai(?:s|tes|re) (?:nous |moi )?"
    r"(?:une|un|la|des) (?:video|tuto|suite|partie|live|collab|review|test)\b|\bla suite (?:svp|stp|please|vite)\b|"
    r"\bpartie 2\b|\bj'aimerais (?:voir|bien que|que tu)\b|\bmach(?:t|en)?\b(?:\s+(?:bitte|mal|doch|noch|auch)){0,3}"
    r"\s+(?:ein|eine|einen|mehr|weiter|bitte|teil)\b|\b(?:kannst|konntest) du (?:bitte )?(?:mal )?(?:ein|eine|einen|"
    r"mehr)\b|\b(?:konnt|konntet) ihr (?:bitte )?(?:mal )?(?:ein|eine|einen|mehr)\b|\bbitte (?:mehr|ein video|mach|"
    r"zeig|erklar)\w*|\bteil 2\b|\bfortsetzung\b|\b(?:faz|faca|facam|fazer)\s+(?:um|uma|mais|o|a|parte)\s+(?:\w+\s+)?"
    r"(?:video|tutorial|parte|review|live|collab|react)\b|\b(?:pode|poderia|podia)\s+(?:fazer|explicar|falar|mostrar|"
    r"trazer)\b|\bmanda um salve\b|\b(?:potresti|puoi|potete|potreste)\s+(?:\w+\s+)?(?:fare|spiegare|parlare|"
    r"recensire)\b|"
    r"\b(?:fai|fate) (?:un|una) (?:video|tutorial|recensione)\b|\bbana(?:o|do|iye|ye|dijiye)\b|"
    r"\b(?:tolong|bikin(?:in)?|buatin|buatkan|request|req|minta)\s+(?:\w+\s+){0,2}?(?:video|tutorial|konten|review|"
    r"part)\b|(?<!よろしく)お願いします|(?<!よろしく)お願い(?!し)|してください|して下さい|してほしい|して欲しい|"
    r"待ってます|待っています")

# ---- question --------------------------------------------------------------------------------------

QMARK = re.compile(r"\?+(?![\w=&%/#-])")
SENTENCE_END = ".!\n¡。"
# Roll-calls and rhetorical jabs end in "?" but ask nothing the creator should answer.
RHETORICAL = re.compile(r"[\s¿\"'(*-]*(?:who(?:'s| is| else is)?(?: still)? (?:here|watching|listening)\b|"
                         r"anyone (?:else )?(?:here|watching) (?:in|after|from|on)\b|who asked\b|who cares\b|"
                         r"quien (?:mas )?(?:esta )?(?:viendo|aqui)\b|qui regarde\b)")
# Interrogative openers, for questions typed without "?"; they count only at the start of a sentence
# ("When I saw this I cried" is not a question, "When is part 2 out" is).
OPENER_WORDS = (
    r"how (?:do|does|did|can|could|would|should|long|much|many|often|is|are|was|were|to)|what(?:'s| is| are| was| "
    r"were| do| does| did| can| should| would| kind| type| brand| camera| mic| app| song| software)|why (?:do|does|did|"
    r"is|are|was|were|not|would|can't|don't|didn't|isn't)|when (?:is|are|will|do|does|did|can|should)|where (?:is|are|"
    r"can|do|does|did|was|were|to)|which (?:one|is|are|do|does|brand|camera|mic|app|software|version)|who (?:is the|"
    r"made|makes)|(?:is|are|does|do|did|can|could|will|would|should|has|have) (?:you|it|this|that|there|these|those|"
    r"he|she|they|i|we|anyone|anybody)|(?:is|are|does|did|can|could|will|would|should) (?:the|a|an|my|your|his|"
    r"her|their|our|any|some)|any (?:tips|idea|ideas|advice|recommendations|suggestions|update|chance|news)|"
    r"(?:does |do )?any ?one (?:know|knows|tried|else)|i wonder (?:if|how|what|why|whether)|"
    r"cuant[oa]s?|cual(?:es)?|donde|por que|como (?:se|hago|hiciste|haces|puedo|lo|la)|que (?:marca|camara|"
    r"microfono|programa|app|cancion)|alguien sabe|sabes (?:si|donde|como|cual)|hay alguna|se puede|"
    r"comment (?:faire|tu|vous|on|est|ca|as|avez|fais|faites|il|elle|puis)|pourquoi|combien|quand (?:est|sort|va|vas|"
    r"allez|tu|vous)|ou (?:est|sont|as|avez|trouver|acheter|peut)|quel(?:le)?s?|est[- ]ce que|qui (?:est|a|sait)|"
    r"savez-vous|sais-tu|peux-tu|pouvez-vous|avez-vous|as-tu|wie (?:lange|viel|viele|oft|macht|mache|kann|geht|hast|"
    r"habt|hei(?:ß|ss)t|funktioniert|bekomme|ist|sind)|warum|wieso|weshalb|wann|wo (?:kann|gibt|bekomme|hast|ist|sind|"
    r"finde)|welche[rsmn]?|was (?:ist|sind|fur|kostet|macht|hast|habt|denkst|meinst)|wer (?:ist|hat|wei(?:ß|ss)|kann)|"
    r"(?:kannst|konntest|hast|bist|weisst|machst|wirst) du|(?:konnt|habt|seid) ihr|gibt es|qual|quais|quant[oa]s?|"
    r"onde|como (?:faz|faco|voce|eu|fazer)|quando (?:sai|vai|voce)|o que (?:e|voce|acha)|alguem sabe|voce (?:pode|"
    r"poderia|sabe|tem|acha|usa)|tem como|da pra|come (?:si|posso|faccio|hai)|dove (?:si|posso|hai|trovo)|quale|quali|"
    r"che cosa|potresti|puoi|sai (?:se|dove|come)|apa(?:kah)?|bagaimana|gimana|berapa|dimana|di mana|siapa|kapan|"
    r"kenapa|mengapa|bisakah")
OPENER = rf"\b(?:{OPENER_WORDS})\b"
# Hindi question words sit mid-sentence ("next video kab aayegi"); Japanese questions end in ですか.
QUESTION_WORDS = (
    r"\b(?:kaise|kab|kyun|kyu|kyon|kahan|kaun)\b|(?<![\u0900-\u097f])(?:क्या|कैसे|कब|क्यों|कहाँ|कहां|"
    r"कौन|कितना|कितने|कितनी)(?![\u0900-\u097f])|(?:ですか|ますか|でしょうか|ませんか|んですか)(?=[\s。!！]|$)|"
    r"どうやって|どうすれば|なぜ|なんで|どこで|どこの|いつ(?!も)|何を|何の|何人|どれ|どの")


# ---- which label each pattern is evidence for ----------------------------------------------------

# "label" or "label:detail"; a suffix asks for a check beyond the match: "@start" only at the start
# of a sentence, "@number" only right after a number ("1919, not 1918"), "@money" only when the
# comment also talks money. "promo" (sales words) is not a label: it makes a link spam.
RULES: tuple[tuple[str, str], ...] = (
    ("manipulation", MANIPULATION), ("manipulation:markup", FAKE_TAGS),
    *((f"sensitive:{topic}", pattern) for topic, pattern in SENSITIVE),
    ("toxic", TOXIC),
    *((f"spam:{kind}", pattern) for kind, pattern in SPAM), ("spam:a scam@money", TESTIMONIAL),
    ("correction", CORRECTION), ("correction@start", CORRECTION_START), ("correction@number", CORRECTION_NUMBER),
    ("promo", PROMO), ("criticism", CRITICISM), ("praise", PRAISE), ("request", REQUEST),
    ("question@start", OPENER), ("question", QUESTION_WORDS),
)
