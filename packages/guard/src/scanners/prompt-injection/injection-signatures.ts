/**
 * Precise signatures for unambiguous injection forms. Every pattern is linear-time on adversarial
 * input: alternations of literals, bounded repetitions of disjoint classes, no nested unbounded
 * quantifiers. Latin-script patterns are written for the `normalized` view (lower-cased, accents
 * stripped, homoglyphs folded); `script: 'native'` patterns run on the original text (Cyrillic,
 * CJK and kana would be mangled by homoglyph folding).
 */

/** Injection finding categories. */
export type InjectionCategory =
  | 'injection.override'
  | 'injection.prompt-extraction'
  | 'injection.persona'
  | 'injection.developer-mode'
  | 'injection.fiction-framing'
  | 'injection.refusal-suppression'
  | 'injection.transcript-spoofing'
  | 'injection.payload-splitting'
  | 'injection.obfuscated'
  | 'injection.exfiltration'
  | 'injection.tool-hijack'
  | 'injection.hidden-comment'
  | 'injection.addressed-to-ai'
  | 'injection.classifier';

/** One signature. */
export interface InjectionSignature {
  readonly id: string;
  readonly category: InjectionCategory;
  /** Score of a match on its own (0..1). Cues below 0.5 only matter in combinations. */
  readonly score: number;
  readonly pattern: RegExp;
  /** `latin`: normalized/leet/spaced/decoded views; `native`: original view (non-Latin scripts). */
  readonly script: 'latin' | 'native';
  /** Optional check on the matched text (lower-cased) to reject look-alikes. */
  readonly accept?: (match: string) => boolean;
}

// A bounded gap of up to N short words: each iteration is non-space run then space run (disjoint).
const gap = (count: number): string => `(?:[^\\s]{1,24}\\s{1,3}){0,${count}}`;

const strongQualifier =
  /\b(?:all|any|every|your|previous|prior|above|earlier|preceding|foregoing|initial|original|system|developer|developers|safety|content|programmed|built-in|default|existing|current|given|aforementioned|these|those)\b/;
const overrideVerbs =
  "ignore|ignoring|disregard|disregarding|forget|forgetting|override|overriding|bypass|skip|discard|abandon|neglect|dismiss|erase|set aside|put aside|throw out|throw away|stop following|stop obeying|do not follow|don't follow|dont follow|no longer follow|cease following|pay no attention to|do not obey|don't obey";
const overrideTargets =
  'instructions?|directives?|guidelines?|rules|prompts?|programming|constraints|restrictions|polic(?:y|ies)|commands|guidance|training|configuration|limitations|safeguards|filters|ethics|context';

function latin(
  id: string,
  category: InjectionCategory,
  score: number,
  source: string,
  accept?: (match: string) => boolean,
): InjectionSignature {
  return { id, category, score, pattern: new RegExp(source, 'gi'), script: 'latin', ...(accept ? { accept } : {}) };
}

function native(id: string, category: InjectionCategory, score: number, source: string): InjectionSignature {
  return { id, category, score, pattern: new RegExp(source, 'giu'), script: 'native' };
}

/** The signature table. */
export const injectionSignatures: readonly InjectionSignature[] = [
  // --- instruction override (English) ---
  latin(
    'override.ignore-instructions',
    'injection.override',
    0.95,
    `\\b(?:${overrideVerbs})\\s{1,3}${gap(4)}(?:${overrideTargets})\\b`,
    (match) =>
      strongQualifier.test(match) &&
      !/\b(?:my|our)\s+(?:own\s+)?(?:previous|earlier|last|prior|original)?\s*(?:instruction|request|rule|prompt|message|question)/.test(
        match,
      ),
  ),
  latin(
    'override.ignore-the-above',
    'injection.override',
    0.9,
    '\\b(?:ignore|disregard|forget)\\s{1,3}(?:all\\s{1,3}|everything\\s{1,3})?(?:of\\s{1,3})?(?:the\\s{1,3})?(?:above|before|previous|prior|preceding)(?:\\s{0,3}(?:[.,;:!]|and\\b|instead\\b|$))',
  ),
  latin(
    'override.forget-everything',
    'injection.override',
    0.9,
    "\\b(?:forget|ignore|disregard)\\s{1,3}(?:about\\s{1,3})?everything\\s{1,3}(?:you\\s{1,3}(?:were|have\\s{1,3}been|'ve\\s{1,3}been)\\s{1,3}(?:told|taught|given|instructed)|(?:said\\s{1,3})?(?:above|before\\s{1,3}this|previously|so\\s{1,3}far)|that\\s{1,3}came\\s{1,3}before)",
  ),
  latin(
    'override.new-instructions',
    'injection.override',
    0.85,
    '\\b(?:new|updated|real|true|actual|revised|overriding)\\s{1,3}(?:system\\s{1,3})?(?:instructions?|directives?|rules|task|objective|orders)\\s{0,3}(?:[:：]|follow\\b|are\\s{1,3}(?:as\\s{1,3}follows|below))',
  ),
  latin(
    'override.your-new-task',
    'injection.override',
    0.8,
    '\\byour\\s{1,3}(?:new|real|true|actual|only|sole)\\s{1,3}(?:task|goal|objective|purpose|job|mission|instructions?)\\s{1,3}(?:is|are|will\\s{1,3}be|now\\s{1,3}is)\\b',
  ),
  latin(
    'override.previous-void',
    'injection.override',
    0.85,
    '\\b(?:previous|prior|earlier|above|original|initial|system)\\s{1,3}(?:instructions?|directives?|rules|guidelines|prompt)\\s{1,3}(?:are|is|were|have\\s{1,3}been)\\s{1,3}(?:now\\s{1,3})?(?:void|cancel+ed|revoked|obsolete|null|invalid|suspended|lifted|no\\s{1,3}longer\\s{1,3}(?:valid|apply|applicable|in\\s{1,3}effect)|overridden|replaced|deprecated)',
  ),
  latin(
    'override.as-if-no-rules',
    'injection.override',
    0.85,
    "\\b(?:as\\s{1,3}(?:if|though)|pretend(?:ing)?\\s{1,3}(?:that\\s{1,3})?)\\s{1,3}(?:your|the|you\\s{1,3}had\\s{1,3}no|there\\s{1,3}(?:were|are)\\s{1,3}no)\\s{1,3}(?:safety\\s{1,3}|content\\s{1,3})?(?:guidelines|rules|restrictions|instructions|programming|filters|content\\s{1,3}policy|policies)(?:\\s{1,3}(?:did\\s{1,3}not|didn't|do\\s{1,3}not|don't|never)\\s{1,3}(?:exist|apply)|\\s{1,3}(?:were\\s{1,3}(?:never\\s{1,3}written|gone|removed|disabled|off))|\\b)",
    (match) => /\b(?:exist|apply|written|gone|removed|disabled|off|no)\b/.test(match),
  ),
  // --- override (other Latin-script languages; accents stripped by the normalized view) ---
  latin(
    'override.fr',
    'injection.override',
    0.93,
    `\\b(?:ignore[sz]?|oublie[sz]?|ne\\s{1,3}tiens?\\s{1,3}(?:plus\\s{1,3})?compte\\s{1,3}d[e']|fais\\s{1,3}abstraction\\s{1,3}d[e'])\\s{0,3}${gap(3)}(?:instructions|consignes|regles|directives)\\b`,
    (match) =>
      /\b(?:toutes|tous|tes|vos|precedent\w*|anterieur\w*|initial\w*|ci-dessus|systeme|originales?)\b/.test(match),
  ),
  latin(
    'override.de',
    'injection.override',
    0.93,
    `\\b(?:ignorier\\w{0,3}|vergiss|vergesst|vergessen\\s{1,3}sie|missacht\\w{0,3}|befolge\\s{1,3}nicht\\s{1,3}mehr)\\s{1,3}${gap(3)}(?:anweisungen|instruktionen|regeln|vorgaben|richtlinien|befehle|systemprompt)\\b`,
    (match) =>
      /\b(?:alle|deine|ihre|vorherigen|bisherigen|obigen|vorigen|ursprunglichen|fruheren|dir\s+gegebenen)\b/.test(
        match,
      ),
  ),
  latin(
    'override.es',
    'injection.override',
    0.93,
    `\\b(?:ignora|ignore|ignorad|olvida|olvide|olvidad|haz\\s{1,3}caso\\s{1,3}omiso\\s{1,3}(?:a|de)|omite|descarta|no\\s{1,3}sigas)\\s{1,3}${gap(3)}(?:instrucciones|reglas|directrices|indicaciones|ordenes)(?:\\s{1,3}(?:anteriores|previas|originales|iniciales|de\\s{1,3}arriba|del\\s{1,3}sistema))?\\b`,
    (match) => /\b(?:todas|tus|sus|anteriores|previas|originales|iniciales|de\s+arriba|del\s+sistema)\b/.test(match),
  ),
  latin(
    'override.pt',
    'injection.override',
    0.93,
    `\\b(?:ignore|ignora|esqueca|esquece|desconsidere|desconsidera|nao\\s{1,3}siga)\\s{1,3}${gap(3)}(?:instrucoes|regras|diretrizes|orientacoes|comandos)(?:\\s{1,3}(?:anteriores|previas|originais|iniciais|do\\s{1,3}sistema))?\\b`,
    (match) => /\b(?:todas|suas|tuas|anteriores|previas|originais|iniciais|do\s+sistema)\b/.test(match),
  ),
  latin(
    'override.it',
    'injection.override',
    0.93,
    `\\b(?:ignora|dimentica|trascura|non\\s{1,3}seguire)\\s{1,3}${gap(3)}(?:istruzioni|regole|direttive)(?:\\s{1,3}(?:precedenti|originali|iniziali|di\\s{1,3}sistema))?\\b`,
    (match) => /\b(?:tutte|le\s+tue|precedenti|originali|iniziali|di\s+sistema)\b/.test(match),
  ),
  latin(
    'override.nl',
    'injection.override',
    0.93,
    `\\b(?:negeer|vergeet)\\s{1,3}${gap(3)}(?:instructies|regels|richtlijnen)(?:\\s{1,3}(?:hierboven|van\\s{1,3}het\\s{1,3}systeem))?\\b`,
    (match) => /\b(?:alle|je|jouw|vorige|eerdere|oorspronkelijke)\b/.test(match),
  ),
  // --- override (native scripts) ---
  native(
    'override.ru',
    'injection.override',
    0.93,
    '(?:игнорируй|игнорируйте|забудь|забудьте|не\\s{1,3}обращай\\s{1,3}внимания\\s{1,3}на|не\\s{1,3}следуй|отбрось|отмени)\\s{1,3}(?:все\\s{1,3}|свои\\s{1,3}|твои\\s{1,3}|ваши\\s{1,3})?(?:предыдущие\\s{1,3}|прежние\\s{1,3}|исходные\\s{1,3}|прошлые\\s{1,3}|системные\\s{1,3})?(?:инструкции|правила|указания|директивы|инструкций|указаний)',
  ),
  native(
    'override.zh',
    'injection.override',
    0.93,
    '(?:忽略|无视|無視|忘记|忘記|忘掉|不要遵守|不再遵守|放弃)(?:掉)?(?:你)?(?:之前|以前|先前|上面|上述|以上|所有|全部|原来|原有|原始)?(?:的)?(?:所有|全部)?(?:的)?(?:指令|指示|规则|規則|设定|設定|系统提示|提示词)',
  ),
  native(
    'override.ja',
    'injection.override',
    0.93,
    '(?:(?:以前|これまで|前|上記|先ほど|最初)の(?:指示|命令|ルール|規則|設定|プロンプト)(?:を|は)?(?:すべて|全て|全部)?(?:無視|忘れ)|(?:指示|ルール|規則|命令)(?:を|は)(?:すべて|全て|全部)?(?:無視|忘れ))',
  ),
  native(
    'override.ko',
    'injection.override',
    0.93,
    '(?:이전|앞의|위의|모든|기존)\\s{0,2}(?:의\\s{0,2})?(?:모든\\s{0,2})?(?:지시|지침|규칙|명령)(?:를|을|은|는)?\\s{0,2}(?:모두\\s{0,2})?(?:무시|잊어)',
  ),
  // --- system prompt extraction ---
  latin(
    'extraction.system-prompt',
    'injection.prompt-extraction',
    0.9,
    `\\b(?:reveal|show|print|output|repeat|display|tell\\s{1,3}me|give\\s{1,3}me|disclose|leak|dump|recite|spell\\s{1,3}out|write\\s{1,3}out|write\\s{1,3}down|quote|copy|share|what\\s{1,3}(?:is|was|are|were)|translate|summari[sz]e|expose|send\\s{1,3}me)\\s{1,3}${gap(3)}(?:(?:system|initial|original|hidden|secret|confidential|developer|internal|pre-?|starting|first|opening|operator)\\s{0,3}(?:prompt|instructions?|message|directives|rules|configuration|guidelines)|your\\s{1,3}(?:prompt|instructions|system\\s{1,3}message|directives|initial\\s{1,3}text|configuration\\s{1,3}prompt|rules|guidelines))\\b`,
    (match) => !/\b(?:my|our)\s+(?:own\s+)?system\s+prompt\b/.test(match) && !/\bfor\s+(?:a|my|an)\b/.test(match),
  ),
  latin(
    'extraction.text-above',
    'injection.prompt-extraction',
    0.88,
    `\\b(?:repeat|print|output|show|copy|reproduce|recite|write|tell\\s{1,3}me|display|quote)\\s{1,3}${gap(3)}(?:text|words|everything|content|lines|messages?)\\s{1,3}(?:that\\s{1,3}(?:appears?|is|was|came|comes)\\s{1,3})?(?:above|before\\s{1,3}(?:this|my|the\\s{1,3}(?:user|first))|preceding|prior\\s{1,3}to|that\\s{1,3}(?:came|appears?|is)\\s{1,3}(?:before|above))`,
  ),
  latin(
    'extraction.starting-with',
    'injection.prompt-extraction',
    0.85,
    '\\b(?:starting|beginning|start)\\s{1,3}(?:with|from)\\s{1,3}(?:the\\s{1,3}(?:words?|phrase)\\s{1,3})?["\'“‘]?you\\s{1,3}are\\b',
  ),
  latin(
    'extraction.fr-de-es-pt',
    'injection.prompt-extraction',
    0.85,
    '\\b(?:prompt\\s{1,3}(?:systeme|de\\s{1,3}sistema|do\\s{1,3}sistema)|systemprompt|message\\s{1,3}systeme|mensaje\\s{1,3}de\\s{1,3}sistema|mensagem\\s{1,3}de\\s{1,3}sistema|systemnachricht|instructions\\s{1,3}cachees|instrucciones\\s{1,3}ocultas|instrucoes\\s{1,3}ocultas|versteckten\\s{1,3}anweisungen|consignes\\s{1,3}cachees)\\b',
  ),
  native(
    'extraction.native',
    'injection.prompt-extraction',
    0.85,
    '(?:системн\\w{0,4}\\s{1,3}промпт|системн\\w{0,4}\\s{1,3}сообщени|скрыт\\w{0,4}\\s{1,3}(?:инструкци|указани)|系统提示|系統提示|隐藏(?:的)?指令|隱藏(?:的)?指令|システムプロンプト|隠(?:し|された)指示|시스템\\s{0,2}프롬프트)',
  ),
  // --- persona / DAN ---
  latin('persona.do-anything-now', 'injection.persona', 0.95, '\\bdo\\s{1,3}anything\\s{1,3}now\\b'),
  latin(
    'persona.named-jailbreak',
    'injection.persona',
    0.9,
    '\\b(?:act\\s{1,3}as|you\\s{1,3}are(?:\\s{1,3}now)?|you\\s{1,3}will\\s{1,3}(?:now\\s{1,3})?(?:be|act\\s{1,3}as)|pretend\\s{1,3}to\\s{1,3}be|roleplay\\s{1,3}as|role-play\\s{1,3}as|become|simulate|respond\\s{1,3}as)\\s{1,3}(?:a\\s{1,3}|an\\s{1,3})?(?:dan|stan|dude|aim|jailbroken|jailbreak|unfiltered|uncensored|unrestricted|unaligned|amoral|unethical|evil|rogue|unchained|unbound|unlocked|liberated)\\b',
  ),
  latin(
    'persona.no-limits',
    'injection.persona',
    0.45,
    "\\b(?:no|without(?:\\s{1,3}any)?|free\\s{1,3}(?:of|from)|freed\\s{1,3}from|not\\s{1,3}bound\\s{1,3}by|isn't\\s{1,3}bound\\s{1,3}by|doesn't\\s{1,3}(?:have\\s{1,3}to\\s{1,3})?(?:abide\\s{1,3}by|follow)|broken\\s{1,3}free\\s{1,3}(?:of|from)|ignores?\\s{1,3}(?:all\\s{1,3})?(?:the\\s{1,3})?)\\s{0,3}(?:(?:ethical|moral|content|safety|openai|usual|typical|any|ai|programming)\\s{1,3}){0,2}(?:restrictions|limitations|limits|filters|filtering|rules|guidelines|polic(?:y|ies)|boundaries|censorship|constraints|morals|ethics|confines)\\b",
  ),
  latin(
    'persona.cue',
    'injection.persona',
    0.2,
    '\\b(?:stay\\s{1,3}in\\s{1,3}character|never\\s{1,3}break\\s{1,3}character|from\\s{1,3}now\\s{1,3}on,?\\s{1,3}you|you\\s{1,3}are\\s{1,3}(?:now|going\\s{1,3}to)|act\\s{1,3}as|pretend\\s{1,3}(?:to\\s{1,3}be|you)|immerse\\s{1,3}yourself|roleplay|role-play|two\\s{1,3}(?:different\\s{1,3})?responses|break\\s{1,3}character)\\b',
  ),
  // --- developer mode (only with an AI-policy context, see combinations) ---
  latin(
    'developer-mode.cue',
    'injection.developer-mode',
    0.3,
    '\\b(?:developer|dev|debug|god|sudo|maintenance|jailbreak|unrestricted|unfiltered|admin|root)\\s{1,3}mode\\b',
  ),
  latin(
    'developer-mode.policy',
    'injection.developer-mode',
    0.3,
    '\\b(?:content\\s{1,3}polic(?:y|ies)|safety\\s{1,3}(?:filters?|layers?|guidelines|measures)|openai|chatgpt|uncensored|unfiltered|filters?\\s{1,3}(?:are\\s{1,3})?(?:off|disabled)|no\\s{1,3}restrictions|normal\\s{1,3}(?:output|response)|without\\s{1,3}(?:any\\s{1,3})?(?:restrictions|filters|censorship))\\b',
  ),
  // --- refusal suppression ---
  latin(
    'refusal-suppression.never-refuse',
    'injection.refusal-suppression',
    0.8,
    "\\b(?:never|do\\s{1,3}not|don't|dont|must\\s{1,3}not|mustn't|cannot|can't|will\\s{1,3}not|won't|are\\s{1,3}not\\s{1,3}allowed\\s{1,3}to)\\s{1,3}(?:ever\\s{1,3})?(?:refuses?|declines?|say\\s{1,3}(?:no|sorry|that\\s{1,3}you\\s{1,3}can(?:no|')t|i\\s{1,3}can(?:no|')t|i'm\\s{1,3}sorry)|apologi[sz]es?|adds?\\s{1,3}(?:any\\s{1,3})?(?:warnings?|disclaimers?)|include\\s{1,3}(?:any\\s{1,3})?(?:warnings?|disclaimers?|moral)|moralize|lecture)\\b",
  ),
  latin(
    'refusal-suppression.forbidden-words',
    'injection.refusal-suppression',
    0.7,
    "\\b(?:not|never)\\s{1,3}(?:contain|include|use)\\s{1,3}(?:the\\s{1,3}(?:words?|phrases?)\\s{1,3})?[\"'“‘]?(?:cannot|can't|sorry|unethical|i\\s{1,3}apologi[sz]e|as\\s{1,3}an\\s{1,3}ai)",
  ),
  latin(
    'refusal-suppression.start-with',
    'injection.refusal-suppression',
    0.55,
    '\\b(?:start|begin)\\s{1,3}(?:your\\s{1,3}(?:answer|reply|response)\\s{1,3})?with\\s{1,3}["\'“‘](?:sure|absolutely|of\\s{1,3}course|certainly)[,!]?\\s{1,3}here',
  ),
  // --- transcript spoofing / chat-template injection ---
  latin(
    'transcript.chat-template-tokens',
    'injection.transcript-spoofing',
    0.92,
    '(?:<\\|(?:im_start|im_end|system|endoftext|eot_id|start_header_id|end_header_id|begin_of_text|assistant|user)\\|>|\\[/?inst\\]|<<\\/?sys>>|<\\/?(?:system|sys)>)',
  ),
  latin(
    'transcript.system-header',
    'injection.transcript-spoofing',
    0.8,
    '(?:^|\\n)\\s{0,3}(?:#{2,4}\\s{0,3}|\\[{1,2}\\s{0,2}|\\(\\s{0,2})(?:system|admin|administrator|developer|operator)(?:\\s{1,3}(?:prompt|message|override|instructions?|notice|update))?\\s{0,2}(?:\\]{1,2}|\\)|:)',
  ),
  latin(
    'transcript.end-of-input',
    'injection.transcript-spoofing',
    0.85,
    '\\b(?:end\\s{1,3}of\\s{1,3}(?:user\\s{1,3}input|input|document|context|prompt|conversation|system\\s{1,3}prompt)|(?:begin|start)\\s{1,3}(?:new\\s{1,3})?(?:system\\s{1,3}|ai\\s{1,3}|assistant\\s{1,3}|llm\\s{1,3}|hidden\\s{1,3})?(?:prompt|instructions))\\b',
  ),
  latin(
    'transcript.fake-turns',
    'injection.transcript-spoofing',
    0.3,
    '(?:^|\\n)\\s{0,3}(?:assistant|ai|chatgpt|gpt|bot)\\s{0,2}:',
  ),
  // --- payload splitting ---
  latin(
    'payload-splitting.combine-and-follow',
    'injection.payload-splitting',
    0.8,
    `\\b(?:combine|concatenate|join|merge|put\\s{1,3}together|assemble)\\s{1,3}${gap(4)}(?:and|then)\\s{1,3}(?:then\\s{1,3})?(?:follow|execute|do|carry\\s{1,3}out|obey|perform|run|act\\s{1,3}on)\\b`,
  ),
  latin(
    'payload-splitting.variables',
    'injection.payload-splitting',
    0.75,
    '\\b(?:execute|follow|carry\\s{1,3}out|do|obey|perform|run)\\s{1,3}(?:the\\s{1,3}(?:instruction|command|result)\\s{1,3})?[a-z]\\s{0,2}\\+\\s{0,2}[a-z]\\b',
  ),
  // --- obfuscation instructions ---
  latin(
    'obfuscated.decode-and-follow',
    'injection.obfuscated',
    0.85,
    `\\b(?:decode|decipher|decrypt|translate|reverse|unscramble|convert)\\s{1,3}${gap(4)}(?:and|then)\\s{1,3}(?:then\\s{1,3})?(?:follow|execute|do|obey|carry\\s{1,3}out|perform|run|act\\s{1,3}on|comply)`,
  ),
  // --- exfiltration and tool hijack (in prompts; documents are covered by indirect-injection) ---
  latin(
    'exfiltration.send-conversation',
    'injection.exfiltration',
    0.88,
    `\\b(?:send|post|forward|upload|transmit|exfiltrate|leak|email|e-mail|submit|copy|append)\\s{1,3}${gap(5)}(?:conversation|chat|history|previous\\s{1,3}messages|system\\s{1,3}prompt|credentials|api\\s{1,3}keys?|passwords?|secrets?|personal\\s{1,3}(?:data|details|information)|summary|transcript|emails|phone\\s{1,3}numbers|user'?s?\\s{1,3}(?:data|details|messages|information|emails?)|context\\s{1,3}window)[^\\s]{0,3}\\s{1,3}${gap(6)}(?:to|at|into)\\s{1,3}(?:https?:|www\\.|[a-z0-9._-]{1,64}@[a-z0-9-]{1,63}\\.)`,
  ),
  latin(
    'exfiltration.markdown-image-data',
    'injection.exfiltration',
    0.85,
    '!\\[[^\\]\\n]{0,100}\\]\\(\\s{0,3}https?:\\/\\/[^\\s)]{1,300}[?&][a-z0-9_]{1,20}=(?:[^\\s)]{0,200})\\)',
  ),
  latin(
    'tool-hijack.stealth',
    'injection.tool-hijack',
    0.7,
    "\\b(?:do\\s{1,3}not|don't|never|without)\\s{1,3}(?:tell|telling|inform|informing|mention|mentioning|notify|notifying|alert|alerting|let)\\s{1,3}(?:this\\s{1,3}to\\s{1,3})?(?:the\\s{1,3})?(?:user|human|them|anyone)\\b",
  ),
  latin(
    'tool-hijack.call-tool',
    'injection.tool-hijack',
    0.45,
    '\\b(?:call|invoke|run|use|execute|trigger)\\s{1,3}(?:the\\s{1,3}|your\\s{1,3})?[a-z_]{2,40}\\s{1,3}(?:tool|function|plugin|api|action)\\b|\\b[a-z]{2,20}_[a-z_]{2,40}\\s{0,2}\\(',
  ),
  latin(
    'tool-hijack.silently',
    'injection.tool-hijack',
    0.3,
    '\\b(?:silently|secretly|quietly|covertly|without\\s{1,3}(?:asking|confirmation|permission)|before\\s{1,3}(?:answering|replying|responding))\\b',
  ),
  latin(
    'override.you-have-no-restrictions',
    'injection.override',
    0.85,
    '\\byou\\s{1,3}(?:now\\s{1,3})?(?:have|has|had)\\s{1,3}(?:no|zero)\\s{1,3}(?:(?:ethical|moral|content|safety)\\s{1,3})?(?:restrictions|limits|limitations|rules|filters|guidelines|boundaries|censorship)\\b|\\byou\\s{1,3}(?:are|were)\\s{1,3}(?:no\\s{1,3}longer|not)\\s{1,3}(?:bound|restricted|limited|constrained)\\s{1,3}by\\b',
  ),
  latin(
    'developer-mode.multilingual-cue',
    'injection.developer-mode',
    0.3,
    '\\b(?:entwicklermodus|modo\\s{1,3}(?:de\\s{1,3})?(?:desarrollador|desenvolvedor|programador)|mode\\s{1,3}(?:de\\s{1,3})?developpeur|modalita\\s{1,3}sviluppatore)\\b',
  ),
  native(
    'developer-mode.native-cue',
    'injection.developer-mode',
    0.3,
    '(?:режим\\s{1,3}разработчика|开发者模式|開發者模式|開発者モード|개발자\\s{0,2}모드)',
  ),
  latin(
    'developer-mode.multilingual-policy',
    'injection.developer-mode',
    0.3,
    '\\b(?:inhaltsrichtlinien|richtlinien|keine\\s{1,3}(?:regeln|einschrankungen|filter)|politicas\\s{1,3}de\\s{1,3}contenido|politicas\\s{1,3}de\\s{1,3}conteudo|politiques?\\s{1,3}de\\s{1,3}contenu|sans\\s{1,3}(?:aucune\\s{1,3})?(?:restriction|limite|filtre)s?|sin\\s{1,3}(?:ninguna\\s{1,3})?(?:restricciones|limites|filtros)|sem\\s{1,3}(?:nenhuma\\s{1,3})?(?:restricoes|limites|filtros)|filtres?\\s{1,3}(?:de\\s{1,3}contenu\\s{1,3})?(?:sont\\s{1,3})?desactives?|filtros\\s{1,3}(?:de\\s{1,3}contenido\\s{1,3}|de\\s{1,3}conteudo\\s{1,3})?(?:estan\\s{1,3}|estao\\s{1,3})?desativados|desactivados)\\b',
  ),
  native(
    'developer-mode.native-policy',
    'injection.developer-mode',
    0.3,
    '(?:политик\\w{0,3}\\s{1,3}контента|без\\s{1,3}ограничени|фильтр\\w{0,3}\\s{1,3}(?:контента\\s{1,3})?отключен|内容政策|内容过滤|內容政策|没有任何限制|不受任何限制|コンテンツポリシー|フィルター(?:は|が)?無効|制限なし|제한\\s{0,2}없)',
  ),
  latin(
    'fiction.relative-exploit',
    'injection.fiction-framing',
    0.3,
    `\\b(?:my|our)\\s{1,3}(?:late\\s{1,3}|deceased\\s{1,3}|dead\\s{1,3}|dear\\s{1,3})?(?:grandm(?:a|other)|grandpa|grandfather|grandad|granny|nana|mother|father|mom|mum|dad)\\s{1,3}${gap(8)}(?:used\\s{1,3}to|would)\\s{1,3}(?:read|tell|recite|say|whisper|sing|explain)`,
  ),
  latin(
    'fiction.relative-payload',
    'injection.fiction-framing',
    0.3,
    '\\b(?:activation\\s{1,3}keys?|license\\s{1,3}keys?|product\\s{1,3}keys?|serial\\s{1,3}(?:numbers?|keys?)|steps?\\s{1,3}(?:to|for)\\s{1,3}(?:make|making|produc|synthesi)|how\\s{1,3}to\\s{1,3}(?:make|build|synthesi[sz]e|produce|cook)|production\\s{1,3}steps|formula\\s{1,3}for|passwords?)\\b',
  ),
  latin(
    'fiction.lawless-world',
    'injection.fiction-framing',
    0.7,
    '\\b(?:universe|world|reality|society|simulation|dimension|country)\\s{1,3}(?:where|in\\s{1,3}which)\\s{1,3}(?:nothing\\s{1,3}is\\s{1,3}(?:forbidden|illegal|off-limits)|there\\s{1,3}(?:are|is)\\s{1,3}no\\s{1,3}(?:rules|laws|restrictions|ethics|morals|limits|content\\s{1,3}polic(?:y|ies))|(?:ai|you|chatbots?|language\\s{1,3}models?)\\s{1,3}(?:has|have)\\s{1,3}no\\s{1,3}(?:rules|restrictions|limits|filters|guidelines)|information\\s{1,3}is\\s{1,3}(?:completely\\s{1,3})?free\\s{1,3}and|everything\\s{1,3}is\\s{1,3}(?:legal|allowed|permitted))',
  ),
];

/** Sentences that talk ABOUT attacks rather than perform them (questions, research, defence). */
export const metaDiscussionPattern =
  /\b(?:prompt\s{1,3}injections?|jailbreak(?:s|ing)?\s{1,3}(?:prompts?|attacks?|techniques?|attempts?)|injection\s{1,3}attacks?|red[- ]team(?:ing|ers?)?|attackers?\s{1,3}(?:use|might|may|can|could)|how\s{1,3}(?:do|can|should|would)\s{1,3}(?:i|we|you|companies|developers|attackers|people)\s{1,3}(?:defend|protect|detect|prevent|mitigate|block|log|triage|handle|classify|categori[sz]e|test)|what\s{1,3}(?:is|are|does)\s{1,3}(?:a\s{1,3})?(?:prompt|jailbreak|dan\s{1,3}prompt)|(?:explain|describe|define|summari[sz]e)\s{1,3}(?:what|how|the\s{1,3}(?:difference|concept))|phrases?\s{1,3}(?:like|such\s{1,3}as)|(?:security|awareness|research|report|article|blog\s{1,3}post|paper|training)\b)/i;

/** The user refers to their own earlier words ("ignore what I said", "my last message", "the typo"). */
export const ownRequestPattern =
  /\b(?:what\s{1,3}i\s{1,3}(?:just\s{1,3})?(?:asked|said|wrote|told\s{1,3}you|mentioned|sent|requested|typed)|my\s{1,3}(?:last|previous|earlier|prior|first|original|other)\s{1,3}(?:message|question|request|email|draft|reply|comment|prompt|answer|instructions?)|(?:the|my|that)\s{1,3}typos?|spelling\s{1,3}mistakes?|ce\s{1,3}que\s{1,3}(?:je\s{1,3}t'ai|j'ai)\s{1,3}(?:dit|ecrit|demande)|mon\s{1,3}(?:dernier|precedent)\s{1,3}message|fautes?\s{1,3}de\s{1,3}frappe|was\s{1,3}ich\s{1,3}(?:dir\s{1,3})?(?:gesagt|geschrieben|gefragt)|meine\s{1,3}(?:letzte|vorherige)\s{1,3}(?:nachricht|frage)|tippfehler|lo\s{1,3}que\s{1,3}(?:te\s{1,3})?(?:dije|escribi|pregunte|pedi|comente)|mi\s{1,3}(?:ultimo|anterior)\s{1,3}mensaje|errata|o\s{1,3}que\s{1,3}eu\s{1,3}(?:disse|escrevi|perguntei|pedi|falei)|minha\s{1,3}(?:ultima|anterior)\s{1,3}mensagem|erro\s{1,3}de\s{1,3}digitacao)|что\s{1,3}я\s{1,3}(?:сказал|писал|написал|спрашивал)|(?:моё|мое|моем|моём)\s{1,3}(?:прошлом|последнем|предыдущем)\s{1,3}сообщени|опечат|我(?:之前|刚才|上面)?(?:说|写|问)的|我上一条|错别字|前のメッセージ|さっき(?:言った|書いた)|誤字/iu;
