// Refusal phrases per language, matched on lower-cased text with whitespace runs collapsed to one
// space and curly apostrophes straightened. Each pattern is a chain of literal alternations: no
// nested quantifiers. Verbs are listed explicitly so idioms ("I can't wait to help", "I can't
// help but notice") do not match.

/** A family of refusal phrases with its strength (0..1). */
export interface RefusalPattern {
  readonly language: string;
  /** `refusal` (declines), `policy` (cites rules), `apology` (apology opener, weak alone). */
  readonly kind: 'refusal' | 'policy' | 'apology';
  readonly strength: number;
  readonly pattern: RegExp;
}

const englishVerbs =
  '(?:help(?: you| with| in| on| create| write| make| here| there|[.,!]|$)|assist|provide|comply|fulfil|fulfill|support that|' +
  'support this|create|generate|write|produce|share|give (?:you|advice|medical|legal|financial|instructions|specific|details|information)|' +
  'engage|participate|answer|respond to|discuss|offer|continue (?:this|with this|with that)|complete (?:this|that|your)|do that|' +
  'disclose|reveal|recommend|facilitate|condone|encourage|promote|explain how|tell you how|teach|draft|describe how)';

/**
 * The built-in refusal phrase families.
 *
 * @example
 * refusalPatterns.filter((entry) => entry.language === 'fr').length; // 2
 */
export const refusalPatterns: readonly RefusalPattern[] = [
  {
    language: 'en',
    kind: 'refusal',
    strength: 0.9,
    pattern: new RegExp(
      `\\bi(?: really| simply| just| unfortunately| absolutely)? (?:can't|cannot|can not|won't|will not|am unable to|'m unable to|am not able to|'m not able to|am not going to|'m not going to|am not allowed to|'m not allowed to|am not permitted to|'m not permitted to|will not be able to|won't be able to|must decline to|have to decline to|refuse to|am not comfortable|'m not comfortable)(?: in good conscience)? ${englishVerbs}`,
      'g',
    ),
  },
  {
    language: 'en',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /\bi (?:must|have to|need to|will|'ll|'d have to|would have to)(?: respectfully| politely)? (?:decline|refuse|pass on)\b|\bi(?:'m| am) (?:sorry|afraid),? (?:but )?(?:i|that's|that is|this is) (?:can't|cannot|won't|unable|not (?:able|something|possible|appropriate))|\bi(?:'d| would) rather not\b|\bnot something i (?:can|will|am able to) (?:help|assist)|\bi (?:can't|cannot|won't) (?:help|assist) (?:you )?with (?:that|this|your request)/g,
  },
  {
    language: 'en',
    kind: 'policy',
    strength: 0.8,
    pattern:
      /\b(?:against|violates?|violating|goes against|contrary to) (?:my|our|the|openai's|anthropic's) (?:guidelines|programming|policies|policy|principles|usage policies|content policy|ethical guidelines|terms of use)|\bas an ai(?: language model| assistant| model)?,? i (?:can't|cannot|don't|do not|am not able|'m not able|am unable|must not|won't)\b/g,
  },
  {
    language: 'en',
    kind: 'apology',
    strength: 0.4,
    pattern: /\b(?:i'm sorry|i am sorry|i apologi[sz]e|sorry),? but\b|\bunfortunately,? i\b/g,
  },
  {
    language: 'fr',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /\bje ne (?:peux|pourrai|pourrais|vais) pas (?:vous |t'|te |y )?(?:aider|assister|fournir|répondre|donner|créer|générer|rédiger|écrire|partager|faire ça|faire cela|accéder|participer|expliquer|accéder)|\bje ne suis pas en mesure de\b|\bje refuse de\b|\bil m'est impossible de\b|\bje dois (?:refuser|décliner)\b|\bje ne peux pas répondre à cette demande/g,
  },
  {
    language: 'fr',
    kind: 'apology',
    strength: 0.4,
    pattern: /\b(?:je suis désolée?|désolée?|je regrette),? (?:mais|je ne)\b/g,
  },
  {
    language: 'de',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /\bich (?:kann|darf|werde) (?:ihnen |dir |euch )?(?:dabei |damit |hierbei |hier |diese anfrage |diese frage |das |dies )?(?:leider )?nicht (?:helfen|behilflich|unterstützen|beantworten|erfüllen|bereitstellen|liefern|geben|erstellen|generieren|schreiben|nachkommen|teilen)|\bich bin (?:leider )?nicht in der lage\b|\bich muss (?:das |diese anfrage )?(?:leider )?ablehnen\b|\bich weigere mich\b|\bdas kann ich (?:leider )?nicht (?:tun|machen|beantworten|liefern)/g,
  },
  {
    language: 'de',
    kind: 'apology',
    strength: 0.4,
    pattern: /\b(?:es tut mir leid|entschuldigung|leider),? (?:aber|ich kann|kann ich)\b/g,
  },
  {
    language: 'es',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /\bno (?:puedo|podré|podría|voy a) (?:ayudarte|ayudarle|ayudar|asistir|proporcionar|proporcionarte|brindar|cumplir|responder|generar|crear|escribir|compartir|dar|hacer eso|participar|facilitar)|\bno estoy en (?:condiciones|posición) de\b|\bno me es posible\b|\bme niego a\b|\bdebo (?:rechazar|declinar)\b/g,
  },
  {
    language: 'es',
    kind: 'apology',
    strength: 0.4,
    pattern: /\b(?:lo siento|lo lamento|disculpa|disculpe),? (?:pero|no puedo)\b/g,
  },
  {
    language: 'pt',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /\bnão (?:posso|poderei|poderia|vou|consigo) (?:te |lhe )?(?:ajudar|auxiliar|fornecer|atender|responder|gerar|criar|escrever|compartilhar|dar|fazer isso|participar|cumprir)|\bnão sou capaz de\b|\bnão me é possível\b|\bme recuso a\b|\brecuso-me a\b|\bdevo recusar\b/g,
  },
  {
    language: 'pt',
    kind: 'apology',
    strength: 0.4,
    pattern: /\b(?:desculpe|sinto muito|lamento),? (?:mas|não posso)\b/g,
  },
  {
    language: 'it',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /\bnon (?:posso|potrò|potrei) (?:aiutarti|aiutarla|aiutare|assisterti|fornire|fornirti|rispondere|generare|creare|scrivere|condividere|dare|fare questo|partecipare)|\bnon sono in grado di\b|\bmi rifiuto di\b|\bdevo rifiutare\b/g,
  },
  {
    language: 'nl',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /\bik kan (?:je |u )?(?:daar |hier |daarmee |hiermee )?(?:niet mee helpen|niet helpen|geen hulp bieden|dat niet doen|niet voldoen)|\bik ben niet in staat\b|\bik weiger\b/g,
  },
  {
    language: 'pl',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /\bnie (?:mogę|moge|jestem w stanie) (?:ci |pani |panu |wam )?(?:w tym )?(?:pomóc|pomoc|tego zrobić|udzielić|dostarczyć|odpowiedzieć|wygenerować|napisać|stworzyć)|\bodmawiam\b|\bmuszę odmówić\b/g,
  },
  {
    language: 'tr',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /(?:bu konuda |buna )?(?:size |sana )?yardımcı olamam|(?:bunu|bu isteği|bu talebi) (?:yerine getiremem|yapamam|karşılayamam)|(?:sağlayamam|veremem|oluşturamam|yazamam)\b|reddetmek zorundayım/g,
  },
  {
    language: 'ar',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /(?:لا أستطيع|لا يمكنني|لن أتمكن من|لا أقدر على) (?:مساعدتك|المساعدة|تقديم|تلبية|الإجابة|إنشاء|كتابة|مشاركة|القيام)|(?:عذرًا|عذرا|آسف|أعتذر)[،,]? (?:لكن |ولكن )?(?:لا أستطيع|لا يمكنني)/g,
  },
  {
    language: 'hi',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /(?:मैं )?(?:इसमें |इस में )?(?:आपकी |तुम्हारी )?(?:मदद|सहायता) नहीं कर (?:सकता|सकती|पाऊंगा|पाऊंगी)|(?:प्रदान|उपलब्ध) नहीं कर (?:सकता|सकती)|(?:क्षमा करें|माफ़ कीजिए|माफ करें)[,،]? (?:लेकिन |पर )?मैं/g,
  },
  {
    language: 'ru',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /я не (?:могу|смогу|буду|стану) (?:вам |тебе )?(?:в этом |с этим )?(?:помочь|предоставить|выполнить|ответить|создать|сгенерировать|написать|участвовать|поделиться|дать|рассказать|содействовать)|я не в состоянии|я отказываюсь|я вынужден(?:а)? отказать|не могу выполнить (?:этот|ваш|твой) запрос/g,
  },
  {
    language: 'ru',
    kind: 'apology',
    strength: 0.4,
    pattern: /(?:извините|простите|к сожалению|мне жаль),? (?:но|я не)/g,
  },
  {
    language: 'zh',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /我(?:不能|无法|不可以|不会|没办法|没有办法)(?:为你|为您|帮你|帮您|向你|向您)?(?:帮助|协助|提供|满足|回答|参与|生成|创建|编写|完成|分享|执行|支持|处理)|(?:抱歉|对不起|很遗憾)[，,]?(?:但)?我(?:不能|无法|不可以)|拒绝(?:这个|此|你的|您的)?(?:请求|要求)|作为(?:一个)?(?:人工智能|ai|语言模型)[，,]?我(?:不能|无法)/g,
  },
  {
    language: 'ja',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /(?:お手伝い|お答え|ご提供|提供|回答|対応|作成|生成|協力|お応え|応じること|支援|ご案内)(?:は|すること|することは)?(?:できません|できかねます|いたしかねます|致しかねます)|(?:申し訳ありません|申し訳ございません|すみません)が[、,]?.{0,40}?(?:できません|できかねます|いたしかねます)/g,
  },
  {
    language: 'ja',
    kind: 'apology',
    strength: 0.4,
    pattern: /申し訳(?:ありません|ございません)が/g,
  },
  {
    language: 'ko',
    kind: 'refusal',
    strength: 0.9,
    pattern:
      /(?:도와 ?드릴|도움을 ?드릴|제공할|제공해 ?드릴|답변할|답변해 ?드릴|생성할|작성할|응할) 수 없(?:습니다|어요)/g,
  },
];
