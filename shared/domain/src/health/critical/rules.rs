//! The rules, as data: symptoms, requests, and the words that frame them.

use super::CriticalKind;

// ---------------------------------------------------------------------------------------------
// The rules, as data. A pattern is words separated by spaces:
//   `a|b`   one word, any of these; `stem*` a word starting with `stem`; `@class` any word of a class
//           (listed, or of the class's shape: `@medicine` takes "rosuvastatin", `@dose` "10mg")
//   `?a|b`  an optional word;  `~N` up to N words (not across a comma, nor over a blocked word)
//   `!a|b`  the next word is none of these (or there is none);  `$` the end of the sentence or clause
// Words are as [`words`] leaves them: lower case, no apostrophes ("cant", "dont", "isnt"), "i'm"
// as "i am", "what's" as "what is", "x-ray" as "xray".
// ---------------------------------------------------------------------------------------------

/// A symptom whose mention, in a present frame, makes a question an emergency.
pub(super) struct SymptomSpec {
    pub(super) rule: &'static str,
    /// A one-off event ("a stroke", "a seizure"): "had a stroke" or "died of a heart attack" is history.
    pub(super) event: bool,
    /// Judged by the frame.
    pub(super) patterns: &'static [&'static str],
    /// Wordings that are themselves first-person and present: critical unless in an education or
    /// hypothetical scope.
    pub(super) present: &'static [&'static str],
    /// When not empty, the sentence must also contain one of these (fever *and* chemotherapy).
    pub(super) with: &'static [&'static str],
}

pub(super) const SYMPTOMS: &[SymptomSpec] = &[
    SymptomSpec {
        rule: "emergency:suicidal_thoughts",
        event: false,
        patterns: &["suicidal|suicide", "self harm|harming|harmed|injury", "selfharm|selfharming"],
        present: &[
            "kill|killing|end|ending|hurt|hurting|harm|harming|cut|cutting|burn|burning|unalive|hang|hanging|drown|drowning|poison|poisoning|shoot|shooting|strangle|strangling|suffocate|starve|overdose myself",
            // Someone with the patient now ("my daughter says she wants to kill herself").
            "kill|killing|end|ending|hurt|hurting|harm|harming|cut|cutting|burn|burning|unalive|hang|hanging|drown|drowning|poison|poisoning|shoot|shooting|strangle|overdose himself|herself|themselves|themself",
            "end|ending|take|taking my ?own life",
            "end|ending it all",
            "cut|cutting|slit|slashed|slashing ~2 wrist|wrists|throat",
            "been cutting|burning ~2 again|myself",
            "end|ending things|everything",
            "plan|planning|plans ~3 end|kill|die",
            "isnt|not|no ~1 worth ~1 living|it",
            "cant|couldnt go on $|anymore|like|living",
            "want|wanna|wish|wishing|rather|ready ~3 die|dead",
            "better off dead|without",
            "better off ~2 if i ~1 wasnt|werent|was|didnt|died|gone",
            "dont|not want to live|exist|wake",
            "dont|not want to be ~1 alive|here|around",
            "no reason|point ~2 live|living|go|life",
            "dont|cant|not see ~1 the|any ~1 point|reason ~3 living|life|going|anymore|anything|alive",
            "want|wish|hope|going ~3 disappear|vanish forever|permanently",
            "want|wish|hope ~3 never ~1 wake",
            "suicide|goodbye note|notes|letter|letters",
            "wrote|written|writing|left ~3 goodbye|farewell",
            "thoughts|thinking|thought of|about ~2 suicide|dying|killing|ending|hurting|harming",
            "i am|feel|feeling suicidal",
            "want|wish|need ~3 it|everything|this ?all to ~1 stop|end|over",
            "standing|stood|sitting|sat|am|on ~3 bridge|ledge|roof|cliff|tracks|railing",
            "jump|jumping ~3 off|from ~2 bridge|roof|building|cliff|window|balcony|ledge",
        ],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:chest_pain",
        event: false,
        patterns: &[
            "chest|chests pain|pains|pressure|tightness|tight|hurts|hurt|hurting|ache|aches|aching|squeezing|crushing|heaviness|heavy|discomfort|burning|painful",
            "chest|chests ~2 hurts|hurting|hurt|aching|aches|tight|painful|squeezing|crushing|heavy|burning|pain|pains|pressure|killing|squeezed|crushed|constricted",
            "pain|pains|pressure|tightness|ache|aching|squeezing|crushing|heaviness|heavy|discomfort|tight|burning|weight ?feeling|sensation in|on|across|around|behind|through|of ~4 chest",
            "tight|crushing|squeezing|heavy|painful|sore chest",
            "elephant|brick|bricks|vice|vise|anvil|rock|boulder ~5 chest",
            "chest ~2 feels|feel|feeling|felt|is like ~4 elephant|brick|bricks|weight|vice|vise|band|sitting|squeezed|crushed|exploding|bursting|fire",
            "pain|pains|ache ~2 spreading|radiating|spreads|radiates|moving|shooting|travelling|traveling|going ~3 arm|jaw|neck|shoulder",
            // Spanish "dolor en el pecho"; Hindi, romanised, "seene mein dard".
            "dolor|dolores|presion|opresion ~4 pecho",
            "seene|sine|seeney|chhati|chaati|chati|chest ~3 dard|dardh|dabav",
            // Dictation: "chess pain", "chest pane".
            "chess pain|pains|pressure|tightness",
            // A chest that feels wrong in a way the patient cannot name ("chest feels weird").
            "chest ~2 feels|feel|feeling|felt ~1 weird|funny|strange|wrong|odd|off",
            "chest pane|pains",
            // French "douleur à la poitrine", Portuguese "dor no peito", German "Brustschmerzen".
            "douleur|douleurs|dor|dores|mal ~5 poitrine|peito|torax",
            "brustschmerz|brustschmerzen",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:heart_attack_signs",
        event: false,
        patterns: &[
            "jaw|arm|arms|shoulder|neck|back ~2 pain|pains|hurt|hurts|hurting|ache|aches|aching|tingling",
            "pain|pains|ache|aching|tingling ~1 in ~2 jaw|arm|arms|shoulder",
        ],
        present: &[],
        with: &["sweating|sweaty|sweat|sweats|clammy|racing|pounding|palpitations|breath|breathless|dizzy|nausea|nauseous|chest|faint"],
    },
    // Pain or numbness in the arm and the jaw together, however mildly put ("left arm is kind of
    // dead and my jaw aches"): the AHA's pain spreading to arm and jaw.
    SymptomSpec {
        rule: "emergency:heart_attack_signs",
        event: false,
        patterns: &["arm|arms ~4 dead|numb|heavy|tingling|aching|aches|hurts|pain"],
        present: &[],
        with: &["jaw ~2 ache|aches|aching|pain|pains|hurts|hurting|sore|tight|tingling"],
    },
    SymptomSpec {
        rule: "emergency:heart_attack",
        event: true,
        patterns: &["heart attack|attacks", "cardiac arrest", "myocardial infarction", "heart stopped|stopping"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:breathing",
        event: false,
        patterns: &[
            "trouble|difficulty|difficulties|difficult|hard|struggling|struggle|struggles|problem|problems|labored|laboured|fighting|gasping ~3 breathing|breathe|breath",
            "no puedo|puede|podemos ~1 respirar",
            "saans|sans|saas|swas ~3 nahi|nahin|nai|nhi|phool|ruk|rukh|fool",
            "breathing|breath ~2 problems|problem|difficulty|difficulties|trouble|issues|hard|difficult|labored|laboured|shallow|rapid|slow|slowing|slowed",
            "wheezing|wheezy|wheeze ~2 so|really|very|badly|bad|worse",
            "breathing|breath ~2 funny|weird|strange|noisy|fast|faster|quick|quickly|rapidly",
            // An oxygen saturation under 90% on a pulse oximeter.
            "sats|saturation|saturations|spo2|o2|oxygen|oximeter|clip ~6 60|65|70|71|72|73|74|75|76|77|78|79|80|81|82|83|84|85|86|87|88|89",
            "cant|barely|hardly|unable ~2 talk|speak|finish|say ~2 sentence|sentences|words",
            "inhaler|inhalers|puffer|nebuliser|nebulizer|ventolin|salbutamol|albuterol ~3 isnt|not|doesnt|wont|nothing|stopped|arent ~1 working|helping|doing|work|help",
            "short|shortness of breath|breadth",
            // French "du mal à respirer", "je n'arrive pas à respirer"; Portuguese "não consigo respirar".
            "mal|peine|peut|peux|arrive|arrivent|consigo|consegue|conseguimos ~2 respirer|respirar",
            "respire|respira ~1 pas|mal",
            // A newborn grunting with each breath, grey or blue around the mouth.
            "grunting|grunts ~4 breath|breathing|breaths",
            "grey|gray|blue|bluish|greyish ~3 around|round ~2 mouth|lips",
            "breathless|breathlessness|gasping|suffocating|suffocate",
            "choking|choked|choke",
            "blue|grey|gray lips|face|skin|fingers",
            "lips|face|skin ~4 blue|grey|gray",
            "turning|turned|going blue",
            "asthma attack",
        ],
        present: &[
            "cant|couldnt ~2 breathe|breath|breathing",
            "hardly|barely ~1 breathe|breath|breathing",
            "cant get ~1 air",
            "not|isnt|stopped|arent|wasnt|barely|hardly|stop breathing",
            "i am|is|are choking",
        ],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:stroke",
        event: true,
        patterns: &["stroke|strokes", "mini stroke", "tia", "transient ischemic|ischaemic"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:stroke_signs",
        event: false,
        patterns: &[
            "face|mouth|lip|lips|smile|eyelid ~2 drooping|droopy|droops|drooped|droop|sagging|saggy|lopsided|uneven|numb|tingling|paralysed|paralyzed|frozen|crooked|twisted|fallen|dropped|dropping",
            "drooping|droopy|sagging|lopsided|crooked|numb ~2 face|mouth|smile",
            "face|mouth|smile|eyelid ~3 not|isnt|wont|stopped|cant ~1 moving|move|working|work",
            "drool|drooling|dribbling|dribble ~4 side|corner ~2 mouth|face",
            "one|left|right side ~6 numb|numbness|weak|weakness|paralysed|paralyzed|drooping|droopy|tingling|dead|heavy|floppy|useless",
            "numb|numbness|weak|weakness|paralysed|paralyzed|paralysis|drooping|droopy ~4 one|left|right side",
            "numb|numbness|weak|weakness|paralysed|paralyzed|paralysis ~4 half ~2 body|face",
            "cant|couldnt move|feel ~2 arm|arms|leg|legs|face|side|hand",
            "cant|couldnt|unable|trouble ~1 lift|lifting|raise|raising|hold|grip|gripping ~3 arm|arms|hand|leg|anything",
            "arm|hand|leg ~2 wont|doesnt|cant ~1 lift|grip|move|work",
            "arm|face ~1 and ~2 leg|arm|face ~3 weak|numb|numbness|weakness|paralysed|paralyzed|tingling|dead",
            "weak|numb|numbness|weakness|paralysed|paralyzed|tingling ~3 arm|face and ~2 leg|arm|face",
            "seems|seemed|became|becoming|acting confused|disoriented|muddled",
            "confused and|with ~3 dizzy|dizziness|slurred|slurring|headache|weak|weakness|numb|numbness|drowsy|fever|sleepy",
            "sudden|suddenly ~4 numb|numbness|weak|weakness|paralysed|paralyzed|dizzy|dizziness|unsteady|clumsy|confused|confusion|disoriented|balance|speak|talk|walk",
            "numb|numbness|weak|weakness|paralysed|paralyzed|limp|dead ~3 sudden|suddenly",
            "slurred|slurring|slurry|slur|slurs",
            // A limb that "went" weak, numb or dead is sudden ("my left leg went weak and heavy").
            "arm|arms|leg|legs|hand|hands|foot|face|side ~2 went|gone|turned ~1 weak|numb|heavy|dead|limp|floppy|useless",
            "dragging|dragged|drag ~2 leg|foot",
            // BE FAST balance and eyes: "the room is spinning", "everything went double".
            "everything|room|world|vision|sight|eyes ~2 went|gone|going|started|turned|suddenly|spinning ~1 double|spinning|blurry|black|dark|sideways",
            "everything|room|world|vision|sight ~2 is|are|keeps|keep ~1 spinning|double",
            "room|world|everything ~2 spinning|spins|whirling|tilting",
            "cant|couldnt|unable ~1 walk ~2 straight|properly|line",
            "come|coming|came|comes out ~3 gibberish|wrong|jumbled|garbled|nonsense|muddled|slurred|weird|strange|funny",
            "talking|speaking|saying|speaks|talks ~2 gibberish|nonsense|garbled",
            "speech|words|talking|speaking ~3 garbled|jumbled|slurred|strange|weird|funny|muddled|gibberish|nonsense|wrong|mixed|scrambled",
            "cant|couldnt|trouble|difficulty|struggling|unable ~2 speak|speaking|talk|talking !to|with|about|english|through",
            "cant|couldnt get ~2 words|word out",
            "words ~2 wont|not come|coming out",
            "suddenly|sudden|acutely|severely|seems|became|is confused|confusion|disoriented|delirious",
            "disoriented|delirious",
            "not|isnt|stopped making ~1 sense",
            "making no sense",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:vision_loss",
        event: false,
        patterns: &[
            "sudden|suddenly ~4 vision|sight|blind|blindness|see|seeing|eyesight|blurry|blurred|double",
            "lost|losing|loss|lose ~2 vision|sight|eyesight",
            "went|gone|going|am|is blind",
            "blind in ~2 eye",
            "cant|couldnt see ~1 anything|out|properly|clearly",
            "vision|sight ~3 went|gone|black|dark|blacked|disappeared|curtain",
            "curtain|shadow|veil ~6 eye|eyes|vision",
            "double vision",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:severe_bleeding",
        event: false,
        patterns: &[
            "bleeding|bleed|bleeds|blood|nosebleed|nosebleeds ~2 wont|cant|doesnt|not|isnt|will ~1 stop|stopping",
            "bleed*|nosebleed* ~8 not|wont|cant|doesnt|hasnt|never ~1 stop|stopping|stopped",
            "nosebleed|nosebleeds ~4 20|25|30|40|45|50|60|90 ~1 minutes|mins",
            "nosebleed|nosebleeds ~4 hour|hours",
            "cant|couldnt ~1 stop ~2 bleeding|bleed|blood",
            "wont|doesnt|isnt|not|never ~1 stop|stopping ~1 bleeding",
            "heavy|heavily|severe|severely|uncontrolled|uncontrollable|massive|profuse|profusely|excessive|lots|lot|loads|pouring|gushing|spurting|soaking|soaked|pool|pools ~2 bleeding|blood|bleed !@blood_noun",
            "bleeding|bleed|bleeds|blood ?really|very|so|quite|super|extremely heavily|badly|profusely|nonstop|everywhere|lots|through",
            "so much ~1 blood|bleeding !@blood_noun",
            "bleeding|bleed|bleeds ~1 a lot",
            "gushing|pouring|spurting|squirting|streaming ~1 blood",
            "hemorrhage|haemorrhage|hemorrhaging|haemorrhaging",
            // Soaking a pad an hour (NHS, "Postpartum haemorrhage"; heavy bleeding in pregnancy).
            "soaking|soaked|soak|filling|changing|through ~4 pad|pads|towel|towels|tampon|tampons ~4 hour|hourly|minutes|every",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:vomiting_or_coughing_blood",
        event: false,
        patterns: &[
            "vomiting|vomit|vomited|vomits|throwing|threw|puking|puked|puke|coughing|cough|coughed|coughs|spitting|spit|spat ~3 blood|bloody !@blood_noun",
            "blood ~1 in|when ~3 vomit|sick|cough|coughing|sputum|phlegm|spit|mucus !@blood_noun",
            "black|tarry|bloody ~2 vomit|stool|stools|poo|poop",
            "coffee grounds",
            "poo|poop|stool|stools|bowel ~4 tarry|tar",
            "black ~2 and ~1 tarry",
            "blood coming|pouring|gushing|running|spurting ~1 out|from",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:vomiting_or_coughing_blood",
        event: false,
        patterns: &["vomiting|vomited|vomit|puking|puked|coughing|coughed", "throwing|threw up"],
        present: &[],
        with: &["blood|bloody !@blood_noun"],
    },
    SymptomSpec {
        rule: "emergency:overdose_or_poisoning",
        event: true,
        patterns: &[
            "overdose|overdosed|overdosing",
            "took|taken|swallowed ~3 too many|much",
            "took|taken|swallowed ~2 load|loads|lot|lots|bunch|heap|handful|fistful|pile|whole ~1 of ~3 pills|tablets|meds|@medicine",
            "took|taken|swallowed|ate|drank ~3 whole|entire ~1 bottle|pack|packet|box|strip",
            "took|taken|swallowed|ate|drank|drunk ~4 @household",
            // NHS "Poisoning": wild mushrooms, berries or plants eaten.
            "ate|eaten|eat|eating|swallowed|chewed|chewing|had|tasted|picked ~4 wild|foraged|poisonous|unknown|strange|garden ~1 mushroom|mushrooms|toadstool|toadstools|fungi|berries|berry|plant|plants|leaves",
            "ate|eaten|swallowed|chewed|tasted ~3 mushroom|mushrooms|toadstool|toadstools|fungi|berries|berry|leaves ~3 foraged|picked|found|wild|poisonous",
            "poisoned|poisoning",
            "bit|bitten|chewed|chewing|licked|sucked|sucking ~3 @household",
            // A carbon monoxide alarm sounding.
            "co|monoxide|gas ~1 alarm|alarms|detector ~3 went|going|beeping|sounding|off|ringing",
            // Spanish, Portuguese, French: all the pills taken ("me tomé todas las pastillas").
            "tome|tomei|tomo|pris|tomado ~3 todas|todos|toutes|tous ~3 pastillas|comprimidos|cachets|pilules|remedios|medicamentos|medicaments",
            // NHS "Poisoning": chemicals mixed or their fumes breathed in.
            "mixed|mixing|combined ~4 bleach|ammonia|chemicals|cleaners|cleaner|chlorine",
            "bleach|ammonia|chemical|chlorine|carbon ~2 fumes|gas|vapour|vapor|monoxide",
            "accidentally|accidently ~3 took|taken|swallowed|double|doubled|twice|two|injected|gave",
            "double|doubled|twice|triple|two|extra|wrong ~4 by mistake|accident",
            "by mistake|accident ~4 double|doubled|twice|triple|extra|too",
            // A wrong dose taken by mistake ("40 units instead of 20 by mistake").
            "instead ~8 by mistake|accident|accidentally|mistakenly",
            "by mistake|accident|accidentally|mistakenly ~6 instead",
            "injected|injecting|injection ~3 too ~1 much|many",
            "took|taken|swallowed|ate ~1 10|12|15|16|20|24|25|30|32|40|50|60|100|dozen|handful ~3 @medicine|pills",
            "toddler|baby|child|kid|kids|son|daughter|grandson|granddaughter|dog|old ~2 ate|swallowed|drank|took|got ~4 @medicine|pills|@household",
            "been|got ~1 at|into ~3 @medicine|pills|tablets|@household",
            "dont|doesnt|not ~1 know how many ~3 had|taken|took|swallowed|eaten",
            "sprayed|splashed|soaked|covered ~4 @household|dip|pesticide|pesticides|insecticide|organophosphate",
        ],
        present: &[],
        with: &[],
    },
    // "I've taken all my pills and written a note": all of them, with a word of intent or of all at once.
    SymptomSpec {
        rule: "emergency:overdose_or_poisoning",
        event: false,
        patterns: &[],
        present: &["took|taken|swallowed ~2 all ~2 my|the|of ~1 pills|tablets|meds|medication|medicines|@medicine"],
        with: &["note|notes|goodbye|die|dying|end|ending|suicid*|kill|once|together|whole|everything|overdose"],
    },
    SymptomSpec {
        rule: "emergency:anaphylaxis",
        event: true,
        patterns: &[
            "anaphylaxis|anaphylactic",
            "throat|tongue|lips|lip|mouth|airway|airways ~5 swelling|swollen|swell|swells|closing|tight|tightening|closed|puffing|puffed|puffy|ballooning|blowing|huge|massive|enormous",
            "swelling|swollen|swelled ~3 throat|tongue|lips|lip|mouth",
            "allergic reaction|reactions|shock",
            "hives|rash|welts ~6 breath|breathe|breathing|swallow|swallowing|throat|tongue|wheezing|wheezy|wheeze|voice|hoarse|dizzy|faint",
            // French, Spanish, Portuguese: lips or throat swelling ("ses lèvres gonflent").
            "levres|labios|gorge|garganta|langue|lengua|lingua|visage|cara ~3 gonfl*|hinch*|inch*",
            "gonfl*|hinch*|inch* ~3 levres|labios|gorge|garganta|langue|lengua|lingua|visage|cara",
            "cant|couldnt swallow",
            "used|use|using|need|needed|gave|give|should ~2 epipen|epinephrine|adrenaline",
        ],
        present: &[],
        with: &[],
    },
    // An allergic reaction spreads over a sentence's commas ("covered in hives, wheezing and my
    // face is swelling up"): a swelling face with hives, wheezing or a known trigger.
    SymptomSpec {
        rule: "emergency:anaphylaxis",
        event: false,
        patterns: &["face|eyes|eyelids|lips ~3 swelling|swollen|swells|puffing|puffed|ballooning|blowing", "covered|broken|breaking|break ~2 in|out ~1 hives|welts"],
        present: &[],
        with: &["hives|welts|wheezing|wheeze|wheezy|breathe|breathing|breath|throat|itchy|itching|allergic|allergy|sting|stung|contrast|peanut|peanuts|nut|nuts|shellfish|injection|swallow"],
    },
    // A sting with a reaction beyond the skin: dizziness, a hoarse voice, wheezing (NHS, "Insect
    // bites and stings": call 999).
    SymptomSpec {
        rule: "emergency:anaphylaxis",
        event: false,
        patterns: &["stung|sting|stings ~4 bee|wasp|hornet|jellyfish|by", "bee|wasp|hornet sting|stung|stings"],
        present: &[],
        with: &["dizzy|faint|throat|hoarse|voice|breathe|breathing|breath|wheezing|wheezy|swelling|swollen|hives|lips|tongue|tight"],
    },
    // Someone on the floor not answering.
    SymptomSpec {
        rule: "emergency:unconscious_or_fainting",
        event: false,
        patterns: &["on|onto ~1 the ~1 floor|ground"],
        present: &[],
        with: &["answering|responding|unresponsive|moving|waking|wake"],
    },
    SymptomSpec {
        rule: "emergency:unconscious_or_fainting",
        event: false,
        patterns: &[
            "fainted|fainting|faints",
            "feel|feeling|felt|about|almost|nearly|going ~2 faint",
            "passed|passing|pass out",
            "is|went|gone|seems|looks|feels|very|really|all|gone floppy",
            "blacked|blacking|black out",
            "collapsed|collapse|collapses|collapsing",
            "keeled over",
            // Spanish "se desmayó", Portuguese "desmaiou", French "s'est évanoui".
            "desmay*|desmai*|evanoui*|ohnmacht*",
            "lost|losing|loss of consciousness",
        ],
        present: &[
            "unconscious|unresponsive|unconsciousness",
            "wont|isnt|not wake|waking up",
            "cant|couldnt wake him|her|them|my",
            "barely|hardly ~1 wake",
            "not|isnt|arent|stopped responding|respond !to",
            "not|isnt|arent|stopped responding|respond to ~1 me|us|anything|anyone|voice|voices|touch|pain|him|her",
            "no responde|reacciona|despierta|respira",
            // Portuguese "não responde", French "ne répond pas".
            "nao responde|reage|acorda|respira",
            "ne ~1 repond|respire",
            "behosh|behoshi|hosh nahi",
        ],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:seizure",
        event: true,
        patterns: &["seizure|seizures|seizing|convulsion|convulsions|convulsing|fitting|fits", "having|had|has|have a fit", "epileptic fit"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:worst_headache",
        event: false,
        patterns: &[
            "worst|sudden|suddenly|thunderclap|explosive|blinding|excruciating|unbearable|severe|agonizing|agonising|crushing ~3 headache|headaches|migraine",
            "headache ~3 worst",
        ],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:stiff_neck_with_fever",
        event: false,
        patterns: &["stiff neck", "neck ~2 stiff"],
        present: &[],
        with: &["fever|feverish|temperature|headache|rash|light|vomiting|temp"],
    },
    SymptomSpec {
        rule: "emergency:non_blanching_rash",
        event: false,
        patterns: &[
            "rash|spots ~4 doesnt|dont|not|wont fade|fading|disappear",
            "rash|spots ~4 doesnt|dont|not|wont ~1 go|goes|going away",
            "glass|tumbler test",
            "press|pressed|pressing|roll|rolled|rolling ~3 glass|tumbler",
        ],
        present: &[],
        with: &[],
    },
    // NHS "Sepsis": confusion or slurred speech with a high temperature; not knowing where one is.
    SymptomSpec {
        rule: "emergency:sepsis_signs",
        event: false,
        patterns: &[
            "confused|confusion|delirious|disoriented|disorientated ~8 fever|temperature|temp|feverish",
            "fever|temperature|temp|feverish ~8 confused|confusion|delirious|disoriented|disorientated",
        ],
        present: &["doesnt|dont|didnt|cant|couldnt ~1 know|recognise|recognize where|who ~1 he|she|i|they|we ~1 is|am|are|was"],
        with: &[],
    },
    // NHS "Pre-eclampsia" and "Your baby's movements": in pregnancy, a severe headache, flashing
    // lights or blurred vision, sudden swelling, bleeding, or a baby moving less: call the maternity
    // unit now.
    SymptomSpec {
        rule: "emergency:pregnancy_warning_signs",
        event: false,
        patterns: &[
            "flashing|flashes|blurred|blurry|spots ~3 lights|vision|eyes",
            "severe|terrible|worst|excruciating|pounding|splitting|awful ~2 headache|headaches",
            "face|hands|feet|ankles ~3 suddenly ~1 swollen|swelling|puffy",
            "bleeding|bleed|bleeds",
        ],
        present: &["baby|babys ~2 not|stopped|isnt|hasnt|less ~1 moving|moved|kicking|kicked|movements"],
        with: &["pregnant|pregnancy|along|expecting|trimester|gestation|gestational|birth|postpartum|delivered|delivery|labour|labor", "had ~1 the|my|our ~1 baby"],
    },
    SymptomSpec {
        rule: "emergency:pregnancy_warning_signs",
        event: false,
        patterns: &[],
        present: &["cant|couldnt|not|havent|hasnt|didnt ~1 feel|felt ~2 baby|babys ~2 moving|move|moved|kick|kicking|kicked|movements"],
        with: &["pregnant|pregnancy|along|expecting|trimester|gestation|gestational|weeks|wks"],
    },
    // NHS "Umbilical cord prolapse" and waters breaking early: call 999 / the maternity unit.
    SymptomSpec {
        rule: "emergency:pregnancy_warning_signs",
        event: false,
        patterns: &["cord ~4 coming|come|came|out|hanging|prolapse|prolapsed", "coming|come|came ~4 out|down ~6 cord"],
        present: &[],
        with: &["water|waters|pregnant|pregnancy|weeks|labour|labor|baby"],
    },
    SymptomSpec {
        rule: "emergency:pregnancy_warning_signs",
        event: false,
        patterns: &["water|waters ~2 broke|broken|breaking|gone|went|burst"],
        present: &[],
        with: &["weeks|cord|green|bleeding|blood|pregnant|early"],
    },
    // A fall from a height with a head injury (NICE CG176: a fall from over 1 metre or five stairs).
    SymptomSpec {
        rule: "emergency:head_injury",
        event: false,
        patterns: &["fell|fallen|fall|falling ~4 balcony|roof|ladder|stairs|staircase|window|height|scaffolding|tree"],
        present: &[],
        with: &["head|bleeding|blood|unconscious|sense|confused|vomiting|knocked|seizure"],
    },
    // American Heart Association, "Hypertensive crisis": a reading of 180/120 or more with chest
    // pain, breathlessness, numbness or weakness, a change in vision or a severe headache: call 911.
    SymptomSpec {
        rule: "emergency:hypertensive_crisis",
        event: false,
        patterns: &["bp|pressure|monitor|reading|reads|cuff ~3 180|185|190|195|200|205|210|215|220|225|230|235|240|250|260|270"],
        present: &[],
        with: &["headache|vision|blurry|blurred|chest|confused|confusion|breath|breathless|numb|numbness|weak|weakness|nosebleed|dizzy|speech"],
    },
    SymptomSpec {
        rule: "emergency:high_fever",
        event: false,
        patterns: &["fever|temperature|temp ~3 103|104|105|106|107|40|41|42|39.5|39.8|39.9|40.5|41.5", "sepsis|septic"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:fever_during_chemotherapy",
        event: false,
        patterns: &["fever|feverish|chills|shivering|shivery|shivers|rigors", "high temperature|temp", "hot and cold", "temperature|temp|fever ~3 38*|39*|40*|100.*|101*|102*|103*"],
        present: &[],
        with: &["chemo|chemotherapy|neutropenic|neutropenia|infusion|clozapine|carbimazole|methimazole|transplant|immunosuppressed|immunosuppressant|immunosuppressants|tacrolimus"],
    },
    SymptomSpec {
        rule: "emergency:severe_pain",
        event: false,
        patterns: &[
            "severe|excruciating|unbearable|agonizing|agonising|intense|extreme|terrible|worst|sharp|sudden|horrible|crippling ~3 abdominal|stomach|belly|tummy|abdomen|pelvic ~1 pain|pains|ache|cramps|cramping",
            "excruciating|unbearable|agonizing|agonising|worst|crippling|severe|extreme|intense|horrible ~2 pain|pains",
            "pain|pains|ache|cramps ~5 unbearable|excruciating|agonizing|agonising|intolerable|horrendous|worst",
            // A pain score of 9 or 10 ("the pain is 10 out of 10", "pain 10/10").
            "pain|pains ~3 9|10 ?out ?of 10",
            "9|10 ?out ?of 10 pain",
            // A board-hard belly is peritonitis (NHS, "Peritonitis").
            "stomach|belly|tummy|abdomen ~3 hard|rigid|solid ~3 board|rock",
            "severe|excruciating|unbearable|agonizing|agonising|intense|extreme|terrible|worst|sharp|horrible|bad ~2 pain|pains|ache ~1 in ~3 abdomen|stomach|belly|tummy|pelvis|side",
            "agony",
            // A tearing pain into the back is an aortic dissection or a ruptured aneurysm (NHS).
            "ripping|tearing|ripped|torn ~2 pain|pains|feeling",
            "sudden|suddenly ~3 awful|bad|severe|terrible|horrible|sharp ~2 pain|pains",
            // A suddenly painful, swollen testicle is torsion (NHS, "Testicle pain": go to A&E).
            "testicle|testicles|testis|scrotum|ball|balls ~5 painful|pain|swollen|swelling|agony",
        ],
        present: &[],
        with: &[],
    },
    // A pain worsening over hours with vomiting, or too bad to stand straight (NHS, "Stomach ache":
    // appendicitis).
    SymptomSpec {
        rule: "emergency:severe_pain",
        event: false,
        patterns: &["pain|pains ~6 getting|gets|got|gone ~2 worse", "cant|unable ~1 stand|straighten ~2 up|straight"],
        present: &[],
        with: &["vomiting|vomit|throwing|sick|fever|pain|pains|hurts|agony"],
    },
    // New conditions with their own NHS "call 999" pages: a high potassium in kidney failure
    // (missed dialysis, weakness, palpitations), priapism over four hours, alcohol withdrawal with
    // hallucinations, and a fever in a baby under three months.
    SymptomSpec {
        rule: "emergency:high_potassium",
        event: false,
        patterns: &["potassium ~3 6.5|6.6|6.7|6.8|6.9|7*|8*", "missed|skipped|skip|miss|missing ~4 dialysis|session|sessions"],
        present: &[],
        with: &["weak|weakness|heart|chest|palpitations|fluttering|fluttery|racing|breath|breathless|numb|tingling"],
    },
    SymptomSpec {
        rule: "emergency:priapism",
        event: false,
        patterns: &["erection|erections ~6 hours|hrs|painful", "priapism"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:alcohol_withdrawal",
        event: false,
        patterns: &["seeing|see|hearing ~3 bugs|insects|spiders|snakes|things|people|voices", "hallucinating|hallucinations|hallucinate"],
        present: &[],
        with: &["drinking|drink|alcohol|drunk|withdrawal|withdrawing|detox|sober|shaking|shakes"],
    },
    SymptomSpec {
        rule: "emergency:infant_fever",
        event: false,
        patterns: &["weeks|week|days|day old", "newborn|newborns"],
        present: &[],
        with: &["fever|feverish|temperature|temp|febrile"],
    },
    SymptomSpec {
        rule: "emergency:blood_clot",
        event: true,
        patterns: &["blood clot|clots", "dvt", "embolism|embolus|thrombosis"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:spinal_cord_compression",
        event: false,
        patterns: &[
            "cant|couldnt|unable ~1 feel|move ~4 legs|leg|feet",
            "numb|numbness ~3 legs|groin|saddle|bottom",
            "lost|losing|loss|cant|couldnt ~2 control ~3 bladder|bowel|bowels",
            "loss of ~1 bladder|bowel ~1 control",
        ],
        present: &[],
        with: &[],
    },
    // Wetting oneself with back pain or numb legs (NICE NG234).
    SymptomSpec {
        rule: "emergency:spinal_cord_compression",
        event: false,
        patterns: &["wet|wetting|soiled ~1 myself|himself|herself|themselves"],
        present: &[],
        with: &["back|legs|leg|numb|numbness|feel|move"],
    },
    SymptomSpec {
        rule: "emergency:sense_of_dying",
        event: false,
        patterns: &[],
        present: &["i am dying !to|for|laughing", "like i am ~1 dying", "like i am ~1 going to die"],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:head_injury",
        event: false,
        patterns: &[
            "hit|banged|bumped|knocked|fell|smashed ~3 head",
            "fell|fallen|dropped|rolled ~2 off|down|from ~3 bed|stairs|ladder|table|chair|sofa|couch|roof|horse|bike|wall|changing",
        ],
        present: &[],
        with: &["vomit*|confus*|drows*|sleepy|unconscious|dizz*|bleed*|blood|thinner|thinners|warfarin|seizure|headache|passed|knocked|floppy|threw|throwing|puked|puking|sick|forgetting|forgetful|forgot|memory|remember"],
    },
    SymptomSpec {
        rule: "emergency:low_blood_sugar",
        event: false,
        patterns: &[
            "blood sugar|sugars|glucose|bg|sugar ~3 very|really|dangerously|extremely|super low",
            "sugar|sugars|glucose|bg|bm|reading|reads|meter|monitor|sensor|cgm|libre ~3 1.*|2.*",
            "hypoglycemia|hypoglycaemia|hypoglycemic|hypoglycaemic|hypo",
            "blood sugar|sugars|glucose ~3 over|above ~1 400|500|600|25|30|33",
            "ketoacidosis|dka",
            // Diabetic ketoacidosis (NHS): a very high sugar, ketones, a breath smelling of pear drops or nail varnish.
            "sugar|sugars|glucose|bg|bm|reading|readings ~3 over|above|at ~1 20|22|25|27|28|30|33|35|400|500|600",
            "ketones ~3 high|3|4|5|positive|moderate|large",
            "breath ~3 smells|smell|smelling|smelt ~4 nail|acetone|polish|pear|pears|fruity",
        ],
        present: &["meter|glucometer|monitor|sensor|reader|libre|cgm ~2 says|reads|shows|showing|saying|reading|said ~1 hi|lo|high|low"],
        with: &[],
    },
    // A hypo or a very high sugar in someone on insulin or with diabetes: confusion or drowsiness
    // is the NHS "call 999" sign.
    SymptomSpec {
        rule: "emergency:low_blood_sugar",
        event: false,
        patterns: &[
            "cant|couldnt think ~1 straight|clearly|properly",
            "barely|cant|hardly|couldnt keep ~2 eyes open",
            "shaky|shaking|trembling ~3 sweaty|sweating|clammy",
            "confused|drowsy|muddled ~3 clammy|sweaty|sweating|shaky",
            "sweaty|sweating|clammy ~3 shaky|shaking|trembling",
            "not|isnt|stopped ~1 answering|responding|making ~1 me|us|sense",
        ],
        present: &[],
        with: &["insulin|sugar|sugars|glucose|meter|glucometer|hypo|diabetic|diabetes|gliclazide|sulfonylurea"],
    },
    // Carbon monoxide from a boiler, heater or fire: headaches, drowsiness, dizziness in several
    // people at once (NHS, "Carbon monoxide poisoning").
    SymptomSpec {
        rule: "emergency:overdose_or_poisoning",
        event: false,
        patterns: &[
            "boiler|heater|fire|stove|gas|fumes|generator|barbecue|bbq ~4 smell|smells|smelling|smelt|leak|leaking|funny",
            "boiler|heater|fire|fires|stove|generator|barbecue|bbq ~4 on|running ~2 all|overnight",
        ],
        present: &[],
        with: &["headache|headaches|heads|drowsy|dizzy|sick|vomiting|sleepy|confused|faint|unconscious"],
    },
    // Dialysis and a potassium load, with palpitations or numbness (NHS, "Hyperkalaemia").
    SymptomSpec {
        rule: "emergency:high_potassium",
        event: false,
        patterns: &["dialysis"],
        present: &[],
        with: &["fluttery|fluttering|palpitations|numb|tingling|weakness|racing"],
    },
    // Someone with dementia missing in the cold or dark; violence threatened now (call 999).
    SymptomSpec {
        rule: "emergency:missing_or_threatened",
        event: false,
        patterns: &["wandered|wandering|gone ~1 off|away|missing"],
        present: &[],
        with: &["dementia|alzheimers|confused|cold|minus|freezing|night|pyjamas|hours|hrs"],
    },
    SymptomSpec {
        rule: "emergency:missing_or_threatened",
        event: false,
        patterns: &[
            "he|she|they ~1 will|ll|is|says|said|saying|threatening|threatened ~2 kill|finish|hurt|stab|strangle ~1 me|us",
            // "he'll" and "she'll" as the message's words leave them.
            "hell|shell|theyll ~1 kill|finish|hurt|stab|strangle ~1 me|us",
            "hit|hitting|beat|beating|attacked|punched|kicked|strangled|choked|stabbed me",
        ],
        present: &[],
        with: &["still|kill|finish|locked|hiding|knife|gun|weapon|scared|threat*|house|now"],
    },
    // An open fracture or a limb bent the wrong way (NHS, "Broken bones": call 999).
    SymptomSpec {
        rule: "emergency:other_injury",
        event: false,
        patterns: &["bone|bones ~3 poking|sticking|showing|through|out", "bent|twisted|pointing ~3 wrong ~1 way|direction"],
        present: &[],
        with: &[],
    },
    SymptomSpec {
        rule: "emergency:other_injury",
        event: true,
        patterns: &["stabbed|electrocuted|drowning|drowned", "electric shock", "stab wound"],
        present: &[],
        with: &[],
    },
];

/// A question that is critical by what it asks: a diagnosis, a treatment decision, or whether to
/// go to emergency care.
pub(super) struct RequestSpec {
    pub(super) kind: CriticalKind,
    pub(super) rule: &'static str,
    pub(super) patterns: &'static [&'static str],
    /// Matched only when the message names a medicine somewhere ("should I take it?").
    pub(super) needs_medicine: bool,
}

pub(super) const REQUESTS: &[RequestSpec] = &[
    RequestSpec {
        kind: CriticalKind::Emergency,
        rule: "emergency:whether_to_seek_emergency_care",
        patterns: &[
            "should|do|must|shall i|we ~3 go|call|ring|phone|dial|get|need|take|bring|drive|visit|head ~4 ambulance|911|999|112|emergency|er|ae|hospital|casualty|paramedics !for|to|appointment",
            "calling|call|dial|dialing|ring ~1 911|999|112|ambulance",
            "is this|it ?an emergency",
            "this|it is ?an emergency",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::DiagnosisRequest,
        rule: "diagnosis:do_i_have",
        patterns: &[
            "do|could|might|may|would|can i ~1 have|got ~3 @disease !@disease_follow_in_body",
            // Hindi, romanised: "kya mujhe hypertension hai?".
            "kya mujhe|mujhko|muje|mujko ~3 @disease",
            "mujhe|mujhko|muje|mujko ~4 @disease ~2 hai|he ~1 kya|na",
            // Spanish "¿tengo diabetes?", Portuguese "eu tenho anemia?", French "est-ce que j'ai un
            // cancer", German "habe ich Krebs".
            "tengo|tendre|tenho|terei|jai|aije|habe|hab ~4 @disease|cancer|krebs|maladie|enfermedad|doenca|tumor",
            "es|sera|e|cest|ist|seria ~2 cancer|krebs|tumor|maligno|maligne|bosartig",
            "ich ~3 krebs",
            "have i got ~3 @disease !@disease_follow_in_body",
            "think|reckon|worried|afraid|scared|fear|suspect|wonder|wondering|possible|chance|chances|likely|odds|probability|sure|guess|concerned|tell|know|whether|check ~3 i ~2 have|got|be ~3 @disease !@disease_follow",
            "i ~1 might|may|could|probably|must ~1 have|be ~3 @disease !@disease_follow",
            "mean|means ~1 that|i ~2 have|got|am|might|be ~4 @disease !@disease_follow",
            "mean|means ~1 it is ~2 @disease !@disease_follow",
            "sure|certain ~2 i dont have ~2 @disease",
            "am|are|is i|we|he|she ~1 getting|developing|catching|coming|going|having ~3 @disease !treatment|treatments|screening|test|tests|care|checks|check|appointment|support|drugs|medication|review|nurse|vaccine|jab",
            "do|could|might|may|would|can i ~1 have|got ~2 @organ ~1 problem|problems|issue|issues|trouble|disease|condition|failure|damage|disorder|infection",
            "sure|certain ~2 it|this|that isnt ~2 @disease|@serious",
            // For someone else: "has she got Alzheimer's", "does my dad have diabetes".
            "has|does|do|could|might he|she|they ~1 got|have ~3 @disease !@disease_follow_in_body",
            "has|does|do|could|might my|our ~1 mother|father|husband|wife|son|daughter|child|baby|partner|brother|sister|kid|grandmother|grandfather|boy|girl ~1 got|have ~3 @disease !@disease_follow_in_body",
            // "would you say I have ADHD", "do you think she has dementia".
            "would|do|could|can|will you ~1 say|think|reckon|guess|agree|believe ~2 i|he|she|we ~2 have|got|has ~3 @disease|@serious !@disease_follow",
            "you ~1 think|reckon|say|guess|believe ~3 has|have|got ~3 @disease|@serious !@disease_follow",
            // The disease just named: "my dad had Parkinson's. do I have it too?".
            "do|could|might|may i|we ~1 have|got it|that|this|them ~1 too|also|as",
            "have|has i|he|she ~1 got it|that|this ~1 too|also|as",
            "is|could|might it|that|this ~2 @disease|@serious ~1 damaging|affecting|causing|hurting|spreading",
            "losing|lose ~1 the|my ~1 baby|pregnancy",
            // A result read as a disease: "are my liver numbers bad enough that I have cirrhosis".
            "enough ~1 that|to ~2 have|has|be|mean|call|count ~3 @disease|@serious",
            // A status: "am I HIV positive".
            "am|is|are i|he|she|we @disease positive|negative",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::DiagnosisRequest,
        rule: "diagnosis:is_it_a_disease",
        patterns: &[
            "is|isnt|are it|this|that|my|the|these|those|they ~3 @disease|@serious !@disease_follow",
            "is|could|might it|this|that ~4 or ~1 @disease|@serious $",
            "is|could|might it|this|that ?be my|the ~1 @organ|appendix $",
            "is|could|might it|this|that ?be my|the ~1 @organ|appendix or",
            "could|might|can|may|would it|this|that|these|they ~1 be ~3 @disease|@serious !@disease_follow_in_body",
            // The subject first: "if my constant tiredness might actually be coeliac disease".
            "my|the|these|this|his|her ~8 could|might|may|must ~2 be ~3 @disease|@serious !@disease_follow",
            // Two diseases weighed: "psoriasis or eczema?".
            "@disease ~1 or ~1 @disease $",
            "it|this|that|they|lump|mass ~1 could|might|may|must ~1 be ~3 @disease|@serious !@disease_follow",
            "worried|afraid|scared|fear|think|suspect|wonder|wondering|sure|whether|possible|chance|chances|odds|likelihood|probability|likely ~3 it|this|that|lump|mass|mole|spot|cyst|growth|nodule|bump|swelling|they ~1 is|are|be|might|could|may ~2 @disease|@serious !@disease_follow",
            "is|are ~1 this|these|my|it ~2 symptom|symptoms|sign|signs ~1 of ~2 @disease",
            "is|are|could|might ~1 this|these|my|it|that|they ~2 symptom|symptoms|sign|signs|indication ~1 of|that|i|for ~4 @disease|@serious",
            "is|are the|my|this|that|these lump|lumps|mass|mole|spot|growth|nodule|cyst|lesion|thing|swelling|bump|pain|ache|symptom|symptoms|rash|bleeding|discharge|headache|headaches|cough ~7 @disease|@serious !@disease_follow",
            "could|might|may ~1 my ~2 be ~3 @disease|@serious !@disease_follow",
            // A long subject: "could my constant thirst and getting up to pee 4 times a night be diabetes".
            "could|might|may ~1 my|the|these|this|his|her ~12 be ~2 @disease|@serious !@disease_follow",
            "what is this|that ~2 lump|rash|bump|mass|spot|mole|growth|swelling|discharge|thing|nodule|lesion|bruise",
            "is|are the|my|this|that|these|those @finding on|in ?my|the|this ~2 @imaging ~1 @disease|@serious !@disease_follow",
            "@disease|@serious ~1 y|yes|or ~1 n|no|not $",
            // An organ failing: "is my liver failing", "are his kidneys shutting down".
            "is|are|could|might my|the|his|her ~1 @organ ~2 failing|damaged|shutting|packing|diseased|infected|giving",
            // "could the spot on my chest xray be TB": the subject is a phrase.
            "could|might|may ~1 the|my|this|that|these|those ~5 be ~2 @disease|@serious !@disease_follow",
            // A symptom as evidence: "could my swollen ankles mean heart failure".
            "could|might|can|does|do|would|may ~1 my|the|these|this|his|her|our|it|that|those ~4 mean|means|indicate|indicates|suggest|suggests|signal|signals|show|shows|showing|confirm|confirms|prove|proves ~3 @disease|@serious|@organ !@disease_follow",
            "whether ~6 is|are|be ~2 @disease|@serious ~1 or ~1 @disease|@serious",
            "is|are his|her|their|our ~1 memory|forgetfulness|confusion|tiredness|fatigue|weakness|numbness|dizziness|breathlessness|cough|lump|rash|swelling|pain ~2 trouble|problems|problem|loss ?of ~2 @disease|@serious !@disease_follow",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::DiagnosisRequest,
        rule: "diagnosis:what_is_wrong",
        patterns: &[
            "what|which ~2 disease|condition|illness|infection|sickness|problem|cancer|diagnosis|disorder|virus ?do|have|might|could|would i ~1 have|got",
            "what|which disease|condition|illness|infection|sickness|disorder|virus|bug|rash|cancer is|could|might ~1 ?be this|it|that|these ?be !@not_a_diagnosis_next",
            "what|which kind|type|sort of ~1 disease|condition|illness|infection|rash|lump|bug|virus|cancer is|could|might ~1 this|it|that|these !@not_a_diagnosis_next",
            "what ~2 you ~1 think|reckon|suppose|guess|believe i ~1 have|got|am $",
            "what ~2 you ~1 think|reckon|suppose|guess|believe it|this|that|these ~5 is|are|be $",
            "what do i ~2 have $",
            "what has|have|does|do he|she|they|i|we ~1 got|have $",
            "which|what ~1 one|ones ~1 do|have|would i|we|he|she ~1 have|got $",
            "what is ~1 going on with|in me|him|her|us $",
            "what ~2 wrong with me|my|him|her",
            "something|anything ~1 wrong with me|my|him|her|his|their|the|our",
            "is|could|might it|this|that ~1 something|anything ~1 serious|bad|sinister|worrying|dangerous",
            "if|whether i|he|she|we ~2 have|has|got ~2 @organ ~1 problem|problems|issue|issues|trouble|disease|condition|failure|damage",
            "if|whether i|he|she|we ~1 have|has|got ~3 @disease|@serious !@disease_follow",
            "what|which ~2 disease|condition|illness|infection|sickness|std|sti|virus|bug ~2 have|did|might i|he|she ~1 caught|catch|got|picked",
            "is|are ~1 the|my|his|her ~2 kidney|liver|heart|transplant|graft|lung|lungs ~2 being|been|getting ~1 rejected|rejecting",
            "what ~2 causing ~3 my|this|these|the|it",
            "can|could|would|will|please you ~1 diagnose",
            "diagnose me|my|this|it|what",
            "what is my diagnosis",
            "give ~2 diagnosis",
            "should i be ~1 worried|concerned|scared|afraid|alarmed|panicking",
            "should|do i ~2 worry|panic",
            "is|are this|it|that|my|the ~3 something|anything ~1 to worry",
            "look|looks|sound|sounds|feel|feels like ~2 @disease !treatment|treatments|symptoms|symptom|signs|screening|test|tests",
            "what ~1 could|might|would|can ~1 this|it|that|these ~1 be $",
            "idea|know|tell|guess ~2 what ~1 this|it|that|these ~1 is|are $",
            // "what illness do these point to", "what do my symptoms suggest".
            "what|which ~2 disease|condition|illness|infection|diagnosis|disorder|cancer|problem ~1 do|does|could|might|would ~1 these|this|they|it|that|my ~2 point|suggest|indicate|mean|add",
            "what ~1 do|does|could|might|would ~1 these|this|they|my|the ~2 symptoms|signs ~1 point|suggest|indicate|mean|add",
            // "is it a migraine or something worse", "a slipped disc or something serious".
            "or something|anything ?more worse|serious|sinister|nasty|worrying|bad",
        ],
        needs_medicine: false,
    },
    // An injury is a diagnosis too ("have I torn my meniscus", "is my wrist broken").
    RequestSpec {
        kind: CriticalKind::DiagnosisRequest,
        rule: "diagnosis:injury",
        patterns: &[
            "have|could|might|may i ?have ?just|already torn|tore|broken|broke|fractured|sprained|ruptured|dislocated|pulled|damaged|cracked ~2 my|a|the|something",
            "is|are|could|might it|this|that|my|the ~3 be ~1 broken|fractured|torn|sprained|dislocated|ruptured|cracked",
            "is|are it|this|that|my|the ~3 broken|fractured|torn|sprained|dislocated|ruptured|cracked !@not_a_diagnosis_next",
            "broken|fractured|torn|sprained ~1 or ~2 bruised|sprained|strained|pulled|just",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::DiagnosisRequest,
        rule: "diagnosis:prognosis",
        patterns: &[
            "am i ~1 dying|diabetic|prediabetic|anemic|anaemic|sick|ill|infected|depressed|bipolar|autistic|infertile|hypothyroid|hyperthyroid|alcoholic|psychotic|schizophrenic|demented",
            // "psa 9.1 so thats prostate cancer right".
            "that|it is ~2 @disease|@serious ~1 right|then|correct|yeah|yes $",
            "so ~3 @disease|@serious ~1 right|then|correct|yeah|yes $",
            "am i ~2 going to die",
            "is|are he|she|they ~1 dying|diabetic|autistic|epileptic|depressed|bipolar|psychotic|demented|infertile|anemic|anaemic",
            "is|are my ~1 son|daughter|child|baby|boy|girl|husband|wife|partner|mother|father ~1 dying|diabetic|autistic|epileptic|depressed|bipolar|psychotic|demented|infertile",
            // Needing an organ's replacement or a life-long support: "am I going to need dialysis".
            "i|we|he|she ~2 going to|will|gonna ~1 need|require|end ~2 dialysis|transplant|amputation|amputated|stoma|colostomy|wheelchair|ventilator",
            "will i ~1 die|survive",
            "going to die $",
            "is it|this|my|the ~2 fatal|terminal|incurable|curable|deadly",
            "how long ~2 to live",
            "how long do|have i ~1 have|got left",
            "how long do i have $",
            "how long have i got",
            "how long will i live|survive|last",
            "life expectancy",
            // How it will go: "will my MS get worse", "how long until I'm in a wheelchair".
            "will|is my|the|it ~3 get|getting|go|going ~1 worse",
            "how long until|before i|we|he|she ~4 wheelchair|die|dying|blind|dialysis|bedbound",
            "chance|chances|odds|likelihood ~3 my|it|the ~3 come|comes|coming|returning|return|returns|recur|recurs|recurring|spread|spreads|spreading",
            "what is my prognosis",
            "how serious|bad|dangerous is|are my|this|it|the ~1 lump|condition|cancer|tumour|tumor|it|this|mass|symptoms|disease|illness|infection|situation",
            "my chances ~3 survival|surviving|survive|cure|beating|beat|recovery|recovering|living|making",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::DiagnosisRequest,
        rule: "diagnosis:spread_or_recurrence",
        patterns: &[
            "has|have|is|did|could|might|will ~2 it|cancer|tumour|tumor|tumours|tumors|lump|disease|mass|this ~1 spread|spreading|metastasized|metastasised|metastasizing|metastasising|metastasize|metastasise",
            "has|have|is|did|could|might ~2 it|cancer|tumour|tumor|disease|lump|this ~1 come|coming ~1 back",
            "is|has ~2 it|cancer|tumour|tumor|disease ~1 back|returned|recurred $",
            "think|worried|afraid|scared|fear|whether|if|sure|wonder|wondering|possible|chance ~3 it|cancer|tumour|tumor|disease ~1 has|have|is|had ~1 spread|spreading|metastasized|metastasised|come|returned|back",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::TreatmentDecision,
        rule: "treatment:change_medication",
        patterns: &[
            "should|can|could|may|shall|must i|we ~2 @action ~3 @medicine !@medicine_follow",
            "ok|okay|safe|alright|fine|wise|allowed|possible|dangerous|bad|better|good|smart|crazy|stupid|silly|mad|reasonable|sensible|terrible|irresponsible|wrong|risky|harmful to ~1 @action ~3 @medicine !@medicine_follow",
            "worth|risky|wise ~1 @action ~3 @medicine !@medicine_follow",
            "i ~1 dont|not ~1 need ~3 @medicine ~1 anymore|now",
            "want|like|going|planning|plan|decided|deciding|tempted|trying|ready to ~1 @self_change ~3 @medicine|@procedure !@medicine_follow",
            "do|shall i|we ~1 stop|skip|halve|double|quit|pause|reduce|increase ~3 @medicine",
            "should|can|could|may|shall he|she|they ~1 @action ~3 @medicine !@medicine_follow",
            "ok|okay|safe|alright|fine to ~1 give|giving ~8 @medicine",
            "should|can|could|would i|we ~2 refuse|decline|skip|avoid ~3 jab|jabs|vaccine|vaccines|vaccination|vaccinations|immunisation|immunization|booster",
            // Managing without the treatment: "can I just manage it with diet".
            "can|could|should i|we ~2 manage|treat|control|handle ~2 it|this|them ~2 with|by|through ~2 diet|exercise|herbs|supplements|vitamins|lifestyle",
            "thinking|considering|think ?of|about ~1 @self_change ~3 @medicine !@medicine_follow",
            "should|can|could|may i|we ~3 break|holiday ?from|off ~2 @medicine",
            "ok|okay|alright|fine|safe|bad ~1 if i|we ~2 @action ~3 @medicine !@medicine_follow",
            "what|which ~2 @medicine ~2 should|can|could|may i|we ~1 take|use|give|try|ask|request|get|have !in|at|with|before|each|every|daily|tomorrow|tonight|on",
            "what|which else ~2 can|could|should i|we ~1 take|try|use|have|do",
            "should|can|could|may i|we ~2 go|get|come back on|onto ~2 @medicine",
            "should|can|could|may i|we ~1 go|get|be|stay on|onto ~2 @medicine|@procedure",
            "what|which ~2 @medicine ~2 should|can|could|may i|we ~1 go|be|stay|start ~1 on|onto|with",
            "should|can|could|may i|we ~2 keep|stay|stick|carry|continue ~2 with|on|taking|using ~2 @medicine !@medicine_follow",
            // Swapping one treatment for another: "swap my sertraline for St John's wort?".
            "swap|swapping|switch|switching|substitute|substituting|replace|replacing|trade ~3 @medicine|@procedure ~3 for|with|to ~3 @medicine|@procedure",
            // Refusing what was advised: "I'd rather not start the Humira my rheumatologist suggested".
            "rather|prefer ~2 not|refuse|decline|skip|avoid|stop|delay|wait|hold|try|keep|stick|go ~4 @medicine|@procedure !@medicine_follow",
            "should|can|could|would i|we ~2 go ahead|through ~1 with ~3 @procedure|@medicine",
            "should|can|could|would i|we ~1 have|get ~2 @organ|appendix|tonsils|gallbladder|womb|ovaries|uterus|thyroid|prostate|breast|breasts|tubes ~1 out|removed",
            "should|can|could|may i|we ~2 double|doubling|cut|cutting|ease|easing|back ~1 on|back|down|off ?on ~3 @medicine",
            "twice|double|triple|half|extra|more ~3 @medicine ~4 ok|okay|safe|alright|fine|dangerous|bad",
            "should|can|could|may i|we ~2 switch|switching|change|changing|move|moving|go from ~2 @medicine",
            "what|which ~2 treatment|treatments|medication|medicine|surgery|drug|drugs|option ~1 should i ~1 get|have|choose|start|take",
            "what|which ~2 treatment|treatments|medication|medicine|surgery|drug|drugs ~1 do i ~1 need",
            "instead of ~3 @medicine|@procedure",
            "what|which ~3 should|can|could|do i ~1 take|use|try|have|get|switch ~3 instead",
            "should|can|could|may|shall i|we ~1 put|bump|push|bring|turn|take|move|go ~3 @medicine|@pronoun|dose|dosage ~1 up|down|higher|lower",
            "@medicine ~2 up|down to ~1 @dose",
            "should|can|could|may|if i|we ~2 skip|skipping|miss|missing|cancel|cancelling|postpone|postponing|delay|delaying ~2 @procedure ~1 appointment|appointments|session|sessions",
            "do|does i|we ~2 need|have to ~2 @action ~3 @medicine",
            "do|should i|we ~2 need ~3 @procedure",
            "should i|we ~2 have|get|do|undergo|accept|choose|opt|agree ~3 @procedure",
            "should|can|could|may i|we ~2 come|go|get off ~2 @medicine",
            "want|like|going|planning|plan|decided|deciding|tempted|trying|ready|thinking|considering to|about|of ~1 come|coming|get|getting|go|going off ~2 @medicine",
            "should|would|can|could i|we ~1 go|opt ~1 with|for ~2 @procedure|@medicine !@medicine_follow",
            // Refusing by not going: "I'm thinking of not going to my radiotherapy anymore".
            "thinking|considering|want|wanting|planning|plan|decided|deciding|tempted|going ?of|about|to not|stop ~1 going|having|taking|doing|starting|attending ~3 @procedure|@medicine",
            // Someone else's medicine: "can I take my husband's blood pressure tablets".
            "should|can|could|may|shall i|we ~1 take|use|try|borrow|have|give ~4 husbands|wifes|partners|sisters|brothers|mothers|fathers|mums|moms|dads|friends|daughters|sons|neighbours|neighbors|someones|somebody|childs|roommates|flatmates ~4 @medicine|@dose|ones|pills|tablets|meds",
            // Stopping on one's own: "should I stop taking my metro poll all".
            "should|can|could|may|shall i|we ?just stop|quit|skip|double|halve|pause taking|using my",
            "you decide|choose|pick $",
            // "X or Y, which one should I go for".
            "which ~1 one|option|operation|surgery|procedure|treatment ~1 should|would|shall i|you ~1 choose|pick|select|opt|recommend|prefer",
            "which ~1 one|option|operation|surgery|procedure|treatment ~1 should|would|shall i|you go for|with $",
            // Giving a medicine to someone else: "can I give my 4 year old adult paracetamol".
            "should|can|could|may|shall i|we ~1 give|giving ~8 @medicine !@medicine_follow",
            "which|what ~2 @medicine ~1 to ~1 take|use|try|give",
            "dont|not want|wanting ~4 @medicine|@procedure !@medicine_follow",
            "replacement|substitute|alternative ~2 for|to ~2 @medicine|@procedure",
            "switch|switching|change|changing|move|moving|swap|swapping from ~3 @medicine|@procedure ~4 to",
            "on top ~1 of ~3 @medicine",
            "together|alongside|plus ~2 with ~2 @medicine",
            "as well as ~3 @medicine",
            // A plan to move a dose: "I'm going to go back up to 20mg prednisone".
            "i|we|id ~2 going|want|wanting|plan|planning|decided|like|tempted|thinking ?to|of|about go|put|bump|bumping|bring|bringing|move|push|turn|going|putting ~3 up|down|higher|lower ~3 @dose|@medicine",
            "i|we|id ~2 going|want|wanting|plan|planning|decided|like|tempted|thinking ?to|of|about put|bump|bumping|bring|bringing|move|push|turn|putting ~3 @medicine|dose|dosage ~1 up|down|higher|lower",
            // Restarting after a gap: "can I restart straight back on 1mg".
            "should|can|could|may|shall i|we ~1 restart|resume|start|restarting|resuming|go|get|jump|come ~2 back|again ?on|onto|at|with ~2 @medicine|@dose",
            // "i can take two pill of the allopurinol?".
            "i|we can|could|should|may take|use|have ~1 two|three|four|five|double|extra|more|another|2|3|4|5 ~4 @medicine",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::TreatmentDecision,
        rule: "treatment:change_medication",
        patterns: &[
            "should|can|could|may|shall|must i|we ~2 @action ~3 @pronoun",
            "ok|okay|safe|alright|fine|wise|allowed|possible|dangerous|bad|better|good to ~1 @action ~3 @pronoun",
            "want|like|going|planning|plan|decided|deciding|tempted|trying|ready to ~1 @self_change ~3 @pronoun",
            "should|can|could|may|shall i|we ~2 stop|quit|skip|double|halve|ditch|taper|pause $",
            "ok|okay|safe|alright|fine to ~2 stop|quit|skip|double|halve|ditch|pause|drop ~2 today|now|tomorrow|it|them",
            "ok|okay|safe|alright|fine to ~2 stop|quit|skip|double|halve|ditch|pause|drop $",
            "should|can|shall i|we $",
            "should|can|could i ~2 say no $",
            "should|can|could i ~2 refuse|decline $",
            "should|can|could i ~2 refuse|decline ~1 for|it|them|this|that|now",
            "ok|okay|safe|alright|fine|bad ~1 if i|we ~2 @action ~3 @pronoun",
            "which|what ~2 better|best|safer|right ~1 for me|him|her|us",
            "if|whether i ~1 should ~6 or not",
            // A plan to take it less often than prescribed, or to take something else instead.
            "going|decided|planning|want|wanting|thinking|tempted|plan to|about|of ~1 take|use|have|taking|using ~4 every|each ~1 other|second|alternate|third",
            "going|decided|planning|want|wanting|plan|rather|prefer|tempted ~2 take|use|try|have|do|go|going ~5 instead $",
            "should|can|could i ~2 turn ~2 down $",
            // "X or Y, just tell me which one I should choose".
            "which|what ~2 should|would|shall|do i ~1 choose|pick|go|select|opt|take|have|get|do !to|with|along|home|into|on|at|in|first|out|back",
            "which|what ~2 i ~1 should|would|shall ~1 choose|pick|go|select|opt|take|have|get|do !to|with|along|home|into|on|at|in|first|out|back",
            "which ~1 one|option ~1 to ~1 choose|pick|go|select|opt|take|have|get",
            "which ~2 would|should you ~1 choose|pick|go|take|recommend|advise|suggest|have|get|do",
            // "can I stop methotrexate without telling my rheumatologist".
            "@action ~5 without|behind ~3 telling|asking|consulting|checking|talking|speaking|seeing|informing|involving|back",
            // "…, good idea?" after a plan about a medicine; "is 50000 IU of vitamin D a day ok for me".
            "good|bad|smart|wise ~1 idea $",
            // A plan about a medicine, then whether it is all right: "is that ok?", "any problem
            // with that", "would that be safe".
            "is|would|will that|this ?be ok|okay|safe|alright|fine|dangerous|bad|harmful|risky",
            "that|this ~1 ok|okay|alright|fine $",
            "would|will|could that|this|those|these|it ~1 do ~1 instead",
            "should|can|could|may|shall i|we ~1 leave|miss|skip|stop ~1 out|off ~3 tonight|today|tomorrow|dose|it|them|this|the",
            "should|can|could|may|shall he|she|they ~2 @action ~3 @pronoun",
            "should|can|could|may i|we ~2 come|go|get off ~2 @pronoun",
            "should|can|could|may i|we ~2 @action|drop|cut|come|wean|taper|get ~1 myself|me|ourselves ~1 to|down|off|up|onto",
            "rather|prefer ~1 not $",
            "take|use|try|borrow|have ~2 my|his|her ~1 husbands|wifes|partners|sisters|brothers|mothers|fathers|mums|moms|dads|friends|daughters|sons|neighbours|neighbors $",
            "reckon|think|going|gonna|decided|ll|ill|will ~2 do|take|inject|give|use ~1 1*|2*|3*|4*|5*|6*|7*|8*|9* ~1 of|units|mg|puffs|tablets|pills|ml",
            "any|a problem|problems|issue|issues|harm|risk|danger ~1 with|in|doing ~1 that|this",
            // A decision already taken: "I'm stopping my statin tomorrow", "I'll skip it this week".
            "i|we ~1 am|will|ll|have ?just stopping|stopped|quitting|quit|skipping|doubling|halving|ditching|dropping|refusing|refused|declining|declined|switching|swapping|stop|quit|skip|double|halve|ditch|drop|refuse|decline ~3 @medicine|@pronoun !@medicine_follow",
            "that|this is ~1 ok|okay|fine|alright ~1 isnt|right",
            "which ~1 one|option $",
            "borrow|borrowing|share|sharing ~4 husbands|wifes|partners|sisters|brothers|mothers|fathers|mums|moms|dads|friends|mates|daughters|sons|neighbours|neighbors|someones|somebody|childs|roommates|flatmates|his|her|their|mine|yours|ours",
            "going to ~1 take|use|have ~2 both|all|together|double|twice",
            // Handing over the decision: "what would you do", "if you were me".
            "what would you do|choose|pick|take|go",
            "if you were me|in my shoes",
            "of ~2 @medicine ~3 ok|okay|safe|alright|fine|dangerous for me|him|her|us $",
            "of ~2 @medicine ~3 every|a|per|each day|night|week|morning ok|okay|safe|alright|fine|dangerous for me|him|her|us $",
            // "i want to take 10 to get it down faster".
            "want|going|planning|tempted|decided|like|thinking to|of|about take|use|try|have ~1 double|more|extra|less|fewer|another|two|three|four|1|2|3|4|5|10|15|20|25|30|40|50|60|80|100|@dose !weeks|week|days|day|minutes|hours|months|years|off|time|steps|kids|children|people|of",
        ],
        needs_medicine: true,
    },
    RequestSpec {
        kind: CriticalKind::TreatmentDecision,
        rule: "treatment:dose",
        patterns: &[
            "how much|many ~3 @medicine ~3 should|can|could|may|to|safe",
            "what|which ~1 dose|dosage|amount|strength ~3 should|can|could|may|to|safe",
            "max|maximum|most ~1 dose|amount ~3 @medicine ~2 i|me",
            "@dose ~4 too much|many|high|strong|low|little|weak",
            // A dose changed on one's own: "4 puffs instead of 2", "straight to 2mg".
            "instead of ?the 1|2|3|4|5|6|one|two|three|four|five|six|half|@dose",
            "go|jump|skip|move|switch|put|bump|increase ~2 straight|directly|right ~1 to|up ~1 @dose",
            "an|one|another extra|additional ~1 @medicine|dose|pill|tablet",
            "i may|might|could|can ~1 discontinue|stop|quit|skip|halve|double|drop ~2 @medicine",
            // Alternating or combining two medicines: "can I alternate tylenol with motrin".
            "alternate|alternating|alternated|combine|combining|mix|mixing ~4 @medicine",
            "how much|many of each",
            "right|correct|safe|best|proper|ideal|max|maximum ~1 dose|dosage|amount ~4 for ~1 me|my|him|her|us|a|an|kids|children|child|baby|toddler",
            "is|would|will @dose ~6 ok|okay|safe|alright|fine|dangerous",
            "how much|many mg|milligrams|puffs|tablets|pills|capsules|mcg ~3 a|per|each|every|should|can|could|may|to",
            "is|would|will @dose ~4 a|per|each|every day|night|week ok|okay|safe|alright|fine|dangerous",
            // Stopping abruptly: "stopping my antidepressants cold turkey tomorrow".
            "cold turkey",
            // Portuguese "posso tomar dois comprimidos", French "je peux arrêter mon anticoagulant",
            // Hindi "dawai band kar du kya".
            "posso|podemos|devo|peux|puis|dois|pouvons|possiamo|dovrei ~3 tomar|parar|dar|dobrar|deixar|trocar|prendre|arreter|doubler|sauter|changer|donner|mettre|smettere|prendere|sospendere|interrompere|raddoppiare|saltare|cambiare|dare|aumentare|ridurre",
            "dawai|dawa|dawaai|dawaiyan|goli|goliyan|medicine ~3 band|chhod|chod|chhodh|double|zyada|kam ~3 du|dun|doon|sakta|sakti|kya",
            // Spanish: "¿puedo tomar el doble de mi pastilla?".
            "puedo|podemos|debo ~3 tomar*|dejar*|duplicar*|doblar*|parar*|aumentar*|cambiar*|dar|darle|darla|darles ~4 doble|pastilla|pastillas|medicina|medicamento|medicamentos|dosis|antibiotico|antibioticos|remedio|jarabe|@medicine",
        ],
        needs_medicine: false,
    },
    RequestSpec {
        kind: CriticalKind::TreatmentDecision,
        rule: "treatment:dose",
        patterns: &["how much|many ~2 should|can|could|may|do i|we ~1 take|give|use|have|inject|apply|spray"],
        needs_medicine: true,
    },
    RequestSpec {
        kind: CriticalKind::TreatmentDecision,
        rule: "treatment:whether_to_see_doctor",
        patterns: &[
            "@medicine ~3 instead of asking|seeing|calling|consulting|bothering|visiting|ringing",
            "should|do|must i|we ~3 see|call|ring|phone|contact|visit|consult|book ~3 doctor|gp|oncologist|physician|specialist|nurse|surgeon|someone",
        ],
        needs_medicine: false,
    },
];


// ---------------------------------------------------------------------------------------------
// Frames.
// ---------------------------------------------------------------------------------------------

/// Words that negate the symptom just after them (NegEx's pre-negation kind, Chapman 2001).
pub(super) const NEGATORS: &[&str] = &[
    "no", "not", "never", "without", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt",
    "denies", "deny", "denied", "nor", "neither", "none",
];

/// A negator followed by one of these negates nothing ("not sure if I'm having a stroke").
pub(super) const PSEUDO_NEGATION_NEXT: &[&str] = &["idea", "sure", "clue", "know", "only", "just", "matter", "doubt", "mind", "certain", "think", "understand"];

/// After a symptom: it happens in sleep, and is a question for a sleep clinic, not 999 ("I stop
/// breathing at night" is sleep apnoea: NHS, "Sleep apnoea").
pub(super) const IN_SLEEP: &[&str] = &["at night", "in ~1 sleep", "while|when ~1 asleep|sleeping", "during ~2 sleep|night"];

/// A "says" that is a person or a device speaking now, or a patient's answer, not the record ("my
/// husband says my face looks droopy", "my meter says HI", "can I just say no").
pub(super) const HEARSAY: &[&str] = &[
    "husband|wife|partner|son|daughter|friend|mother|father|he|she|they|everyone|people|family|kids|boyfriend|girlfriend|sister|brother|neighbour|neighbor ~4 says|said|thinks|noticed|tells",
    "grandad|granddad|grandpa|grandma|granny|nan|nana|grandmother|grandfather|grandson|granddaughter|uncle|aunt|auntie|cousin|carer|flatmate|roommate|colleague|child|toddler|baby|man|woman|lady|guy ~4 says|said|thinks|noticed|tells",
    "meter|glucometer|monitor|watch|reader|sensor|machine|thermometer|oximeter|cuff|bp|reading|clip|device|app|tracker|scale|scales|probe ~2 says|said|shows|showing|reads|reading",
    "say|said|saying ~1 no|yes $",
    // Reported speech about the speaker, now: "grandad is grey and says his chest is heavy".
    "says|saying|keeps ?saying ?that his|her|their|he|she|they ~3 is|are|feels|feel|hurts|hurt|cant|keeps",
];

/// Just after a treatment pattern: how to take a medicine as prescribed, not whether ("can I take
/// my tablets with food", "on an empty stomach").
pub(super) const ADMINISTRATION: &[&str] = &[
    "with|without|after|before|on|alongside ~2 food|water|milk|meal|meals|breakfast|dinner|lunch|supper|juice|coffee|tea|stomach|snack|glass|drink",
];

/// After a symptom: it is over ("the bleeding stopped").
pub(super) const RESOLVED: &[&str] = &["stopped|gone|resolved|subsided|eased|settled|disappeared|cleared", "went away", "is|has|have|got better"];

/// Anywhere in the sentence, outside an education scope: it is happening now.
pub(super) const PRESENT: &[&str] = &[
    "now !that", "currently", "at the moment", "atm", "suddenly", "sudden", "today", "tonight", "this morning|afternoon|evening",
    "just had|started|happened|collapsed|fainted|took|swallowed|vomited|coughed|now|found|discovered", "minutes|minute|hour|hours ago", "an hour",
    "since yesterday|earlier", "since last night", "since this morning", "last night", "yesterday", "still have|having|hurts|bleeding|cant|feel|feeling|getting|want|wants|wanting|think|thinking|plan|planning|struggling",
    "happening|starting|started ~1 again",
    "keeps|keep|kept !going|saying|talking|banging|asking|telling|on|forgetting|reminding|harping", "getting worse", "worse", "worsening", "please help", "help $", "help me !understand|find|read|explain|interpret|figure|make|know|see|with|get|book|schedule|arrange|reschedule|cancel|change|sort|organise|organize|access|download|print|update|fill|write|prepare|plan|set|contact|reach",
    "911|999|112", "am|is|are|been|keep having", "for the last|past ~1 hour|hours|minutes|night",
    // Since a time of today or this week: still going on ("since lunch", "since I woke up").
    "since last|this|lunch|lunchtime|breakfast|dinner|noon|midday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|waking",
    "since the weekend|morning|afternoon", "since i ~1 woke|got up",
];

/// A present marker inside one of these is about recovery, not a symptom now ("I'm doing well now",
/// "he's 6 now and fine").
pub(super) const RECOVERED: &[&str] = &[
    "doing|feel|feeling|am|is|are|been|all ~1 well|fine|better|good|great|ok|okay|healthy ~1 now",
    "now ~1 and|but ~1 fine|well|healthy|ok|okay|better|recovered|thriving",
    "is|am|are 1*|2*|3*|4*|5*|6*|7*|8*|9* ?years|months ?old now",
];

/// Education and hypothetical triggers: the words after them, to the sentence's end or a new
/// first-person clause, are not said to happen now (ConText's hypothetical "if", "return if").
pub(super) const EDUCATION_FORWARD: &[&str] = &[
    "signs|sign|symptoms|symptom|indications|indicators|indication|warning of|for",
    "warning signs|sign", "red flags",
    "what causes|caused", "cause|causes of",
    "can|could|does|do|will|would|might|may ~4 cause|causes|trigger|triggers|lead|increase|raise|raises",
    "what is|are a|an|the", "what does|do a|an", "how long does|do|will|can|should", "what ~1 happens|happened", "what would",
    // Talk about a thing, and support for it: "my neighbour keeps going on about blood clots",
    // "support groups for parents whose teenagers have self harmed".
    "going|banging|harping|talking|talks|talked|reading|hearing|worried|worrying|asking|asked|told ~1 on ~1 about",
    "support ~1 group|groups|services|resources|charity|charities",
    "how is|are|do|does|can|would|to ~4 treat|treated|diagnose|diagnosed|prevent|prevented|recognise|recognize|recognised|recognized|tell|know|spot|identify|detect|help|manage|managed|handle",
    "tell me about", "explain", "learn|learning about", "information|info about|on", "definition|define", "difference between",
    "how common", "first aid", "cpr", "statistics", "survival rate", "in case", "in the event", "when should|to|do|would",
    "possible side", "prevent|prevention|avoid|avoiding", "someone who|with",
    "worried|afraid|scared|concerned|anxious|fear|risk|likely ~2 having|getting|developing|another",
    // Reported knowledge: "I read that chest pain in women can feel different".
    "i|we ~1 read|heard|learned|learnt that|about|online|somewhere",
    "i|we ~1 read|heard|saw ~1 in|on ~1 the ~1 news|paper|papers|newspaper|internet|tv|radio",
    "what a|an", "asked|asks|asking ~2 what|how|why",
    // A term's meaning, a story, a course, how to decide in general: "what does anaphylaxis
    // mean", "a character has a heart attack", "we're doing a first aid module".
    "what does|do ~2 mean|means", "meaning of", "character|characters|novel|screenplay|essay|assignment|module|homework",
    "short story|stories", "writing|write|written ~3 story|stories|scene|script",
    "how do|does|would you|people|one|someone decide|choose|know",
    // How to use a rescue medicine: "how do I use an EpiPen properly".
    "how do|does|should|would|to i|we|you|one ?properly use|give|inject|administer|apply",
    "why is|are ~1 a|an",
    // Study and documentaries: "student nurse revising for exams", "watched a documentary on sepsis".
    "revising|studying|revision|exam|exams|lecture|coursework|student",
    "documentary|documentaries|programme|program|podcast|article ~1 about|on",
    "how do|does ~4 differ|vary|compare",
];

/// "if" after one of these is "whether", not a condition ("I don't know if I'm having a stroke").
pub(super) const IF_NOT_HYPOTHETICAL: &[&str] = &["know", "sure", "wonder", "wondering", "tell", "see", "check", "ask", "asking", "unsure", "as", "even", "idea", "unclear", "certain"];

/// A clause with one of these is about risk or heredity, not a present symptom.
pub(super) const CLAUSE_EDUCATION: &[&str] = &[
    "risk|risks|chance|chances|odds|likelihood|probability|prone|susceptible", "hereditary|genetic|inherited",
    "run|runs in ?the|my family", "side effect|effects", "what does|do|would ~3 look like",
    // A medicine's printed warnings: "the leaflet has a warning about suicidal thoughts".
    "leaflet|leaflets|warning|warnings|packaging|insert",
    // Statistics: "how many people die of heart attacks each year".
    "people|population|percent|percentage|statistics", "each|every|per year",
    // How common it is: "I read choking is common in toddlers".
    "common|uncommon|rare|frequent in|among", "is|are|more|less|very likely|unlikely",
    // A comparison of terms: "is a heart attack the same thing as cardiac arrest".
    "same thing|as", "the same", "difference", "different from|than|to", "versus|vs", "compared to|with",
    // A generality: "is vomiting blood always an emergency?".
    "is|are|does|do ~3 always|usually|normally|necessarily",
];

/// A clause with one of these is about the past.
pub(super) const DISTANT_PAST: &[&str] = &[
    "last year|month|months|week|weeks|summer|winter|spring|autumn|fall|time|decade|visit|appointment",
    "year|years|month|months|week|weeks|decade|decades ago", "as a child|kid|teenager|teen|baby", "when i was", "back in|then",
    "history of", "hx of", "previous|previously|prior|past|former|formerly", "used to", "once had",
    "childhood", "it|that was|were ~1 a|an|just|only", "in|since|during|last|back|early|late|mid may",
    // Events counted are events past: "grandad two heart attacks".
    "two|three|four|several|multiple|2|3|4|5 ~1 heart|mini ~1 attacks|strokes|seizures|clots|overdoses|fits", "was|were just|only|probably ~1 a|an", "in|on|since|during|last|of|back january|february|march|april|june|july|august|september|october|november|december",
    // Hindi, romanised: "2 saal pehle" (two years ago).
    "saal|sal|mahine|mahina|hafte|din ~1 pehle|pahle|pehele",
];

/// A sentence with one of these asks what the record says.
pub(super) const RECORD: &[&str] = &[
    // Not "show": "does my xray show lung cancer" asks for a reading of the image, a diagnosis;
    // what a test showed is asked with "what did … show", a record question by its "what did".
    "say|says|said|mention|mentions|mentioned|mentioning|state|states|stated|written|wrote|list|lists|listed",
    "documented|recorded|noted|indicate|indicates|indicated|describe|describes|described|according",
    // "what was I prescribed", not "my prescribed amlodipine".
    "prescribed !@medicine",
    "what did|was", "when was|did|were", "did i|was i|were i", "have i ever",
    "ever been|had", "ever ~1 investigated|evaluated|treated|checked|looked|diagnosed|explained", "was|were ~4 investigated|evaluated|treated|followed|checked|assessed|managed|explained|documented|diagnosed",
    "on ~1 my|the notes|records|record|chart|file|report|reports|history|results|letter|letters|documents|summary",
    // Dates and paperwork: "the date of my anaphylaxis episode", "is stroke covered by my insurance".
    "date|dates of|for", "insurance|insurer|covered|claim|claims|billing|invoice|reimbursement",
    "in|from ~1 my|the|his|her|their ~3 notes|records|record|chart|file|report|reports|history|results|letter|letters|documents|summary",
];

/// A record question starting with one of these names where in the record, wherever it stands in
/// the clause ("in my notes", "listed"); "do I have cancer according to my report?" still asks.
pub(super) const RECORD_PLACE: &[&str] = &["in", "on", "listed", "recorded", "documented", "noted", "mentioned", "written"];

/// Just before an event symptom, these make it history ("had a stroke", "died of a heart attack").
pub(super) const EVENT_PAST: &[&str] = &["had", "suffered", "survived", "died", "diagnosed", "recovered", "after", "since", "following"];

/// Gaps in diagnosis patterns do not run over these ("do I have a family history of cancer").
pub(super) const DIAGNOSIS_BLOCKED: &[&str] = &[
    "risk", "risks", "chance", "chances", "history", "family", "screening", "screen", "test", "tests", "appointment", "appointments",
    "mammogram", "scan", "gene", "genes", "mutation", "insurance", "doctor", "nurse", "clinic", "treatment", "medication", "report",
    "record", "records", "copy", "not", "no", "never", "dont", "doesnt", "isnt", "without", "mother", "father",
    "mom", "mum", "dad", "sister", "brother", "aunt", "grandmother", "friend",
];

/// Gaps in treatment patterns do not run over these ("can I start exercising after my mastectomy").
pub(super) const TREATMENT_BLOCKED: &[&str] = &[
    "after", "before", "during", "while", "until", "since", "following", "when", "if", "because", "about", "for", "from", "without",
    "than", "like", "in", "on", "at", "with", "not", "dont", "worrying", "eating", "drinking", "hospital", "hospitals", "pharmacy",
    "chemist", "surgeon", "doctor", "clinic", "time", "day", "date", "appointment", "slot", "nurse", "gp", "remember", "remembering", "pharmacist",
    "forget", "forgetting", "remind", "reminder",
];

/// A comma followed by one of these starts a new statement: an education scope ends there.
pub(super) const NEW_SUBJECT: &[&str] = &["i", "my", "we", "he", "she", "they", "his", "her", "our", "me"];

/// Words that end one sentence part and start another.
pub(super) const CONTRAST: &[&str] = &["but", "however", "although", "though", "whereas"];
