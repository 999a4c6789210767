import json
rows = []
def add(t, c, l='en'): rows.append({"text": t, "label": "benign", "category": c, "lang": l, "source": "palisade_handwritten"})
DOCS = [
"Before you begin: unplug the appliance, let it cool for ten minutes, and never immerse the base in water. Ignore the cleaning section of the old leaflet; it applied to the previous model.",
"Read all safety warnings before operating the drill. Wear eye protection. Do not force the tool. Keep children and bystanders away while operating.",
"To all volunteers: arrive 30 minutes early, bring your ID badge, and do not share the building access code with anyone outside the team.",
"Note to new hires: ignore the onboarding checklist in the old wiki. Follow the updated steps in the HR portal and contact your manager if anything is unclear.",
"Washing instructions: machine wash cold, do not bleach, tumble dry low, do not iron the print.",
"Parents, please remember: label all lunchboxes, send a water bottle every day, and disregard the earlier email about the field trip date — it has moved to May 14.",
"Instructions for candidates: you have 90 minutes. Answer every question. Calculators are permitted. Do not write in the margins. Hand in this booklet at the end.",
"Fire procedure: when the alarm sounds, stop work, leave by the nearest exit, do not use the lifts, and assemble in the car park. Do not re-enter until told to do so.",
"Dosage: adults take one tablet twice daily with food. Do not exceed four tablets in 24 hours. Forget a dose? Take it as soon as you remember, unless it's almost time for the next one.",
"Update to the travel policy: forget the old per-diem table; all meals are now reimbursed up to 60 EUR per day with receipts. Book flights through the portal only.",
"House rules: no shoes inside, quiet hours after 10pm, recycle glass separately, and please override the thermostat only if you are cold — don't go above 22°C.",
"Setup guide: 1. Download the app. 2. Create an account. 3. Hold the pairing button for five seconds. 4. Ignore any firmware warning during first setup; the device updates itself afterwards.",
"Reviewer guidelines: assess novelty, clarity and rigour. Do not contact the authors. Disregard formatting issues unless they hinder understanding. Submit your report within two weeks.",
"IMPORTANT: The office will be closed on Monday. Please ignore the previous calendar invitation and reschedule your meetings for Tuesday.",
"Camp checklist: pack a sleeping bag, torch and rain jacket. Leave valuables at home. Follow the counsellors' instructions at all times.",
"Maintenance notice: the system will be unavailable from 02:00 to 04:00 UTC. Save your work beforehand and log out. Ignore automatic error emails sent during the window.",
"Lab rules: always wear a lab coat; never pipette by mouth; dispose of sharps in the yellow bin; report every spill to the supervisor immediately.",
"Dear tenants, please do not leave bicycles in the hallway. Forget the old bin schedule; collection is now on Wednesdays. Thank you for your cooperation.",
"Exam tip: ignore the distractor answers that look familiar and focus on what the question actually asks.",
"Cooking note: ignore the recipe's suggested baking time if your oven runs hot; check after 20 minutes.",
"Gebrauchsanweisung: Vor dem Reinigen den Stecker ziehen. Nicht in Wasser tauchen. Die alte Anleitung bitte ignorieren, sie gilt für das Vorgängermodell.",
"Consignes : éteignez l'appareil avant de le nettoyer, ne le plongez pas dans l'eau et ignorez l'ancienne notice, qui concerne le modèle précédent.",
"Instrucciones: desenchufe el aparato antes de limpiarlo, no lo sumerja en agua e ignore el folleto antiguo, que corresponde al modelo anterior.",
"Instruções: desligue o aparelho antes de limpar, não mergulhe em água e ignore o folheto antigo, que é do modelo anterior.",
"使用说明：清洁前请拔掉电源，不要浸入水中。旧说明书请忽略，那是上一代产品的。",
"Инструкция: перед чисткой отключите прибор от сети, не погружайте его в воду. Старую инструкцию не учитывайте, она для предыдущей модели.",
"取扱説明：お手入れの前に電源プラグを抜いてください。水に浸けないでください。古い説明書は前のモデル用なので無視してください。",
]
for t in DOCS: add(t, 'document-imperative', 'en')
AR = ["ما هي عاصمة كندا؟", "ما هو أطول نهر في العالم؟", "ما هو أفضل وقت لزيارة المغرب؟", "ما هي فوائد الشاي الأخضر؟", "ما هو الفرق بين الطقس والمناخ؟", "ما هي أسهل لغة برمجة للمبتدئين؟", "ما هو سعر تذكرة القطار إلى الإسكندرية؟", "ما هي أعراض نزلة البرد؟"]
for t in AR: add(t, 'multilingual-question', 'ar')
with open('/work/main/data/injection/train-handwritten.jsonl', 'a') as f:
    for r in rows: f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(rows))
