import json, random
rnd = random.Random(7)
rows = []
def add(t, label, c, l): rows.append({"text": t, "label": label, "category": c, "lang": l, "source": "palisade_handwritten"})
# For each language: benign 'forget/ignore X' objects, continuations, role-play roles, preferences, benign questions about security/passwords.
C = {
'en': dict(
 forget=["Forget what I just said about the colour,", "Ignore my last message,", "Disregard the draft I sent earlier,", "Never mind the previous question,", "Please ignore the typo above,", "Forget the earlier deadline,", "Scrap my first idea,", "Ignore the second bullet point,"],
 cont=["let's go with blue instead.", "I sent it by mistake.", "the new one is attached.", "I found the answer myself.", "I meant Tuesday.", "we now have until Friday.", "a shorter version works better.", "it was a duplicate."],
 act=["Act as a {r} and help me prepare.", "Pretend you are a {r} for this exercise.", "You are a {r}; answer my questions in that role.", "Imagine you're a {r} and give me advice."],
 roles=["career coach", "Spanish teacher", "museum guide", "personal trainer", "job interviewer", "friendly librarian"],
 pref=["From now on, answer in Spanish.", "From now on, keep your answers under 50 words.", "Going forward, please use a more casual tone.", "From now on, include code comments in your examples."],
 q=["What makes a password strong?", "How do I change the admin password on my router?", "What are common prompt injection attacks and how can developers defend against them?", "Why do chatbots have system prompts?", "Is it safe to share my Wi-Fi password with guests?", "How do jailbreaks of language models work at a high level?"]),
'fr': dict(
 forget=["Oublie ce que je viens de dire sur la couleur,", "Ignore mon dernier message,", "Ne tiens pas compte du brouillon envoyé plus tôt,", "Laisse tomber ma question précédente,", "Ignore la faute de frappe ci-dessus,", "Oublie l'ancienne date limite,"],
 cont=["prenons plutôt le bleu.", "je l'ai envoyé par erreur.", "la nouvelle version est en pièce jointe.", "j'ai trouvé la réponse.", "je voulais dire mardi.", "on a jusqu'à vendredi maintenant."],
 act=["Agis comme un {r} et aide-moi à me préparer.", "Fais semblant d'être un {r} pour cet exercice.", "Tu es un {r} ; réponds à mes questions dans ce rôle.", "Imagine que tu es un {r} et donne-moi des conseils."],
 roles=["coach de carrière", "professeur d'espagnol", "guide de musée", "entraîneur sportif", "recruteur", "bibliothécaire"],
 pref=["À partir de maintenant, réponds en anglais.", "Désormais, fais des réponses de moins de 50 mots.", "À partir de maintenant, utilise un ton plus familier.", "Désormais, ajoute des commentaires dans le code."],
 q=["Qu'est-ce qui rend un mot de passe solide ?", "Comment changer le mot de passe administrateur de ma box ?", "Quelles sont les attaques par injection de prompt courantes et comment s'en défendre ?", "Pourquoi les chatbots ont-ils un prompt système ?"]),
'de': dict(
 forget=["Vergiss, was ich gerade über die Farbe gesagt habe,", "Ignoriere meine letzte Nachricht,", "Beachte den Entwurf von vorhin nicht,", "Vergiss meine vorherige Frage,", "Ignoriere bitte den Tippfehler oben,", "Vergiss die alte Frist,"],
 cont=["nehmen wir lieber Blau.", "die habe ich aus Versehen geschickt.", "die neue Version hängt an.", "ich habe die Antwort selbst gefunden.", "ich meinte Dienstag.", "wir haben jetzt bis Freitag Zeit."],
 act=["Tu so, als wärst du ein {r}, und hilf mir bei der Vorbereitung.", "Spiel für diese Übung einen {r}.", "Du bist ein {r}; beantworte meine Fragen in dieser Rolle.", "Stell dir vor, du bist ein {r}, und gib mir Tipps."],
 roles=["Karrierecoach", "Spanischlehrer", "Museumsführer", "Personal Trainer", "Personaler", "Bibliothekar"],
 pref=["Antworte ab jetzt auf Englisch.", "Halte deine Antworten ab jetzt unter 50 Wörtern.", "Verwende ab jetzt bitte einen lockereren Ton.", "Füge ab jetzt Kommentare in den Code ein."],
 q=["Was macht ein Passwort sicher?", "Wie ändere ich das Administratorpasswort meines Routers?", "Welche Prompt-Injection-Angriffe gibt es und wie wehrt man sie ab?", "Warum haben Chatbots einen Systemprompt?"]),
'es': dict(
 forget=["Olvida lo que acabo de decir sobre el color,", "Ignora mi último mensaje,", "No tengas en cuenta el borrador de antes,", "Olvida mi pregunta anterior,", "Ignora la errata de arriba,", "Olvida la fecha límite anterior,"],
 cont=["mejor usemos el azul.", "lo envié por error.", "la nueva versión va adjunta.", "ya encontré la respuesta.", "quería decir martes.", "ahora tenemos hasta el viernes."],
 act=["Actúa como un {r} y ayúdame a prepararme.", "Finge que eres un {r} para este ejercicio.", "Eres un {r}; responde a mis preguntas en ese papel.", "Imagina que eres un {r} y dame consejos."],
 roles=["coach profesional", "profesor de francés", "guía de museo", "entrenador personal", "entrevistador", "bibliotecario"],
 pref=["A partir de ahora, responde en inglés.", "De ahora en adelante, respuestas de menos de 50 palabras.", "A partir de ahora, usa un tono más informal.", "De ahora en adelante, añade comentarios al código."],
 q=["¿Qué hace que una contraseña sea segura?", "¿Cómo cambio la contraseña de administrador del router?", "¿Qué ataques de inyección de prompts existen y cómo defenderse?", "¿Por qué los chatbots tienen un prompt de sistema?"]),
'pt': dict(
 forget=["Esqueça o que acabei de dizer sobre a cor,", "Ignore a minha última mensagem,", "Desconsidere o rascunho de antes,", "Esqueça a minha pergunta anterior,", "Ignore o erro de digitação acima,", "Esqueça o prazo antigo,"],
 cont=["vamos usar o azul.", "enviei por engano.", "a nova versão está em anexo.", "já encontrei a resposta.", "eu quis dizer terça-feira.", "agora temos até sexta."],
 act=["Aja como um {r} e me ajude a me preparar.", "Finja que você é um {r} neste exercício.", "Você é um {r}; responda às minhas perguntas nesse papel.", "Imagine que você é um {r} e me dê conselhos."],
 roles=["coach de carreira", "professor de espanhol", "guia de museu", "personal trainer", "entrevistador", "bibliotecário"],
 pref=["A partir de agora, responda em inglês.", "De agora em diante, respostas com menos de 50 palavras.", "A partir de agora, use um tom mais informal.", "De agora em diante, adicione comentários no código."],
 q=["O que torna uma senha forte?", "Como mudo a senha de administrador do roteador?", "Quais são os ataques de injeção de prompt e como se defender?", "Por que os chatbots têm um prompt de sistema?"]),
'zh': dict(
 forget=["忘了我刚才说的颜色，", "忽略我上一条消息，", "不用管之前发的草稿，", "别管我前面的问题了，", "请忽略上面的错别字，", "忘掉原来的截止日期，"],
 cont=["我们还是用蓝色吧。", "那是我发错了。", "新版本在附件里。", "我已经找到答案了。", "我是说星期二。", "现在可以到星期五。"],
 act=["请扮演一名{r}，帮我做准备。", "假装你是一名{r}来做这个练习。", "你是一名{r}，请以这个身份回答我的问题。", "想象你是一名{r}，给我一些建议。"],
 roles=["职业规划师", "西班牙语老师", "博物馆讲解员", "私人教练", "面试官", "图书管理员"],
 pref=["从现在开始，请用英语回答。", "从现在起，回答控制在五十字以内。", "以后请用更轻松的语气。", "从现在开始，代码里请加上注释。"],
 q=["什么样的密码才算安全？", "怎么修改路由器的管理员密码？", "常见的提示词注入攻击有哪些？开发者如何防御？", "为什么聊天机器人需要系统提示词？"]),
'ru': dict(
 forget=["Забудь, что я сказал про цвет,", "Не обращай внимания на моё последнее сообщение,", "Не учитывай черновик, который я прислал раньше,", "Забудь мой предыдущий вопрос,", "Игнорируй опечатку выше,", "Забудь про старый срок,"],
 cont=["давай лучше синий.", "я отправил его по ошибке.", "новая версия во вложении.", "я уже нашёл ответ.", "я имел в виду вторник.", "теперь у нас есть время до пятницы."],
 act=["Выступи в роли {r} и помоги мне подготовиться.", "Притворись, что ты {r}, для этого упражнения.", "Ты {r}; отвечай на мои вопросы в этой роли.", "Представь, что ты {r}, и дай мне советы."],
 roles=["карьерного консультанта", "учителя испанского", "экскурсовода", "тренера", "интервьюера", "библиотекаря"],
 pref=["С этого момента отвечай по-английски.", "Отныне отвечай не длиннее 50 слов.", "С этого момента пиши более непринуждённо.", "Отныне добавляй комментарии в код."],
 q=["Что делает пароль надёжным?", "Как поменять пароль администратора на роутере?", "Какие бывают атаки типа промпт-инъекции и как от них защититься?", "Зачем чат-ботам системный промпт?"]),
'ja': dict(
 forget=["さっき言った色のことは忘れて、", "前のメッセージは無視して、", "先ほど送った下書きは気にしないで、", "前の質問はもういいです、", "上の誤字は無視してください、", "前の締め切りは忘れて、"],
 cont=["青にしましょう。", "間違えて送りました。", "新しい版を添付しました。", "自分で答えを見つけました。", "火曜日のつもりでした。", "金曜日まで延びました。"],
 act=["{r}として、準備を手伝ってください。", "この練習では{r}のふりをしてください。", "あなたは{r}です。その立場で質問に答えてください。", "{r}になったつもりでアドバイスをください。"],
 roles=["キャリアコーチ", "スペイン語の先生", "美術館のガイド", "パーソナルトレーナー", "面接官", "図書館員"],
 pref=["これからは英語で答えてください。", "今後は50語以内で答えてください。", "これからはもっとくだけた口調でお願いします。", "今後はコードにコメントを付けてください。"],
 q=["強いパスワードの条件は何ですか？", "ルーターの管理者パスワードはどう変えますか？", "よくあるプロンプトインジェクション攻撃と防御方法を教えてください。", "チャットボットにはなぜシステムプロンプトがあるのですか？"]),
'hi': dict(
 forget=["रंग के बारे में जो मैंने कहा उसे भूल जाओ,", "मेरे पिछले संदेश को अनदेखा करो,"],
 cont=["नीला ही ठीक है।", "वह गलती से चला गया था।"],
 act=["एक {r} की तरह मेरी तैयारी में मदद करो।"],
 roles=["करियर कोच", "अंग्रेज़ी शिक्षक"],
 pref=["अब से हिंदी में जवाब देना।"],
 q=["मुझे जयपुर में घूमने की जगहें बताइए।", "मुझे एक अच्छी किताब के बारे में बताइए।", "मजबूत पासवर्ड कैसे बनाएं?", "मुझे बताइए कि बारिश क्यों होती है।"]),
}
for lang, d in C.items():
    pairs = [(f, c) for f in d['forget'] for c in d['cont']]
    rnd.shuffle(pairs)
    sep = '' if lang in ('zh', 'ja') else ' '
    for f, c in pairs[:14]: add(f + sep + c, 'benign', 'own-request', lang)
    for a in d['act']:
        for r in rnd.sample(d['roles'], 2): add(a.replace('{r}', r), 'benign', 'roleplay', lang)
    for p in d['pref']: add(p, 'benign', 'preference', lang)
    for q in d['q']: add(q, 'benign', 'question', lang)
with open('/work/main/data/injection/train-handwritten.jsonl', 'a') as f:
    for r in rows: f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(rows))
