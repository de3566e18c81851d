"""Build the default Copenhagen service catalogue from the municipality's task list.

Reads kernel/data/borgerservice-tasks.csv (all 138 tasks: level 3 ones are "information and
hand-over") and writes kernel/data/catalogue.json, listing each service's tasks by id with
its main task first. Run it again after editing the
rules below; a test checks that the committed JSON is what this script makes.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from catalogue_polish import POLISH  # noqa: E402
from catalogue_tr import TURKISH  # noqa: E402
from catalogue_urdu import URDU  # noqa: E402

from kernel.tasks import task_id  # noqa: E402

CSV_PATH = ROOT / "kernel" / "data" / "borgerservice-tasks.csv"
JSON_PATH = ROOT / "kernel" / "data" / "catalogue.json"


def svc(
    id,
    prefix,
    da,
    en,
    minutes,
    roles=("staff",),
    appointment=False,
    hint=None,
    match=(),
    exclude=(),
):
    return {
        "id": id,
        "prefix": prefix,
        "name": {"da": da, "en": en},
        "service_minutes": minutes,
        "roles": list(roles),
        "requires_appointment": appointment,
        "hint": hint or {},
        "match": list(match),
        "exclude": list(exclude),
    }


BOOK_HINT = {
    "da": "Det kræver en bestilt tid. Bestil tid på borgerservice.kk.dk eller scan QR-koden.",
    "en": "This needs an appointment. Book a time online or scan the QR code.",
}

CATEGORIES = [
    {
        "id": "passport",
        "icon": "passport",
        "name": {"da": "Pas og kørekort", "en": "Passport and driving licence"},
        "services": [
            svc(
                "passport",
                "P",
                "Pas",
                "Passport",
                15,
                appointment=True,
                hint=BOOK_HINT,
                match=["Pas og kørekort"],
            ),
            svc(
                "driving_licence",
                "K",
                "Kørekort",
                "Driving licence",
                15,
                appointment=True,
                hint=BOOK_HINT,
                match=["Pas og kørekort"],
            ),
        ],
    },
    {
        "id": "tax",
        "icon": "tax",
        "name": {"da": "Skat", "en": "Tax"},
        "services": [
            svc(
                "tax_questions",
                "T",
                "Spørgsmål om skat",
                "Questions about tax",
                10,
                roles=("staff", "tax"),
                match=[
                    "Skatteopgaver",
                    "ejd.skat",
                    "Attester (vurderings",
                    "Værdipåtegning",
                    "betalingsevnevurdering",
                ],
            ),
            svc(
                "tax_decision",
                "R",
                "Skattesag med afgørelse",
                "Tax case that needs a decision",
                20,
                roles=("tax",),
                hint={
                    "da": "Tages af en medarbejder fra Skattestyrelsen.",
                    "en": "Handled by staff from the Danish Tax Agency.",
                },
                match=["Skatteopgaver"],
            ),
        ],
    },
    {
        "id": "health",
        "icon": "health",
        "name": {"da": "Sundhedskort", "en": "Health insurance card"},
        "services": [
            svc(
                "health_card",
                "H",
                "Sundhedskort (det gule kort)",
                "Health insurance card (the yellow card)",
                6,
                hint={
                    "da": "Nyt kort, skift af læge, EU-sygesikringskort",
                    "en": "New card, change of doctor, European health card",
                },
                match=["sygesikring", "Sygesikring"],
            ),
        ],
    },
    {
        "id": "moving",
        "icon": "moving",
        "name": {"da": "Flytning og adresse", "en": "Moving and address"},
        "services": [
            svc(
                "moving",
                "F",
                "Flytning og folkeregister",
                "Moving and national register",
                8,
                hint={
                    "da": "Flytning, udskrifter, ind- og udrejse, valg",
                    "en": "Moving, register extracts, moving to or from Denmark, elections",
                },
                match=["Folkeregister", "BBR", "brevafstemning", "valgliste", "Vælgererklæringer"],
                exclude=["sygesikring"],
            ),
        ],
    },
    {
        "id": "housing",
        "icon": "housing",
        "name": {"da": "Boligstøtte", "en": "Housing support"},
        "services": [
            svc(
                "housing",
                "G",
                "Boligstøtte og bolig",
                "Housing support and housing",
                10,
                hint={
                    "da": "Boligsikring, boligydelse, beboerindskudslån",
                    "en": "Housing benefit, deposit loans, finding a home",
                },
                match=["Bolig", "bolig", "Beboerindskud", "Nødboliger", "botilbud", "Botilbud"],
                exclude=["BBR"],
            ),
        ],
    },
    {
        "id": "pension",
        "icon": "pension",
        "name": {"da": "Pension og ældre", "en": "Pension and elderly"},
        "services": [
            svc(
                "pension",
                "N",
                "Pension og tillæg",
                "Pension and supplements",
                12,
                hint={
                    "da": "Folkepension, førtidspension, tillæg",
                    "en": "State pension, disability pension, supplements",
                },
                match=[
                    "pension",
                    "Pension",
                    "tillæg",
                    "Tillæg",
                    "Efterlevelseshjælp",
                    "Licensnedsættelse",
                    "Begravelseshjælp",
                ],
            ),
            svc(
                "elderly_help",
                "J",
                "Hjælp i hverdagen",
                "Help at home and aids",
                12,
                hint={
                    "da": "Hjemmehjælp, hjælpemidler, forebyggende besøg",
                    "en": "Home help, aids, preventive visits",
                },
                match=[
                    "Hjælpemidler",
                    "bistand",
                    "Hjemmeservice",
                    "Forebyggende besøg",
                    "Frit valg",
                    "Personlig hjælp",
                ],
            ),
        ],
    },
    {
        "id": "family",
        "icon": "family",
        "name": {"da": "Familie og børn", "en": "Family and children"},
        "services": [
            svc(
                "family",
                "C",
                "Familie og børn",
                "Family and children",
                10,
                hint={
                    "da": "Børneydelse, børnetilskud, pasning, barsel, skole",
                    "en": "Child benefit, childcare, parental leave, school",
                },
                match=[
                    "Barsel",
                    "Børn",
                    "børn",
                    "Pladsanvisning",
                    "friplads",
                    "pasning",
                    "Dagtilbud",
                    "unge",
                    "Skole, ",
                    "Modersmål",
                    "Sprogstimulering",
                    "Ungdomsskoler",
                    "Ungdommens",
                    "Ungdomsuddannelse",
                ],
            ),
        ],
    },
    {
        "id": "other",
        "icon": "other",
        "name": {
            "da": "Andre spørgsmål og digital hjælp",
            "en": "Other questions and digital help",
        },
        "services": [
            svc(
                "digital_help",
                "D",
                "Hjælp til digital selvbetjening",
                "Help with digital self-service",
                15,
                hint={
                    "da": "MitID, Digital Post, selvbetjening",
                    "en": "MitID, Digital Post, online self-service",
                },
                match=["digital signatur", "Telefonekspedition"],
            ),
            svc(
                "payment",
                "M",
                "Betaling og kasse",
                "Payments and cash desk",
                6,
                hint={
                    "da": "Betalingsaftaler, opkrævninger, kasse",
                    "en": "Payment plans, bills, cash desk",
                },
                match=["Kassefunktion", "Opkrævning"],
            ),
            svc(
                "other",
                "A",
                "Andre spørgsmål",
                "Other questions",
                8,
                hint={"da": "Vi hjælper dig videre", "en": "We will help you find the way"},
                match=[],
            ),
        ],
    },
]


# Each service's main task (a visit's default when staff name none), where the first task
# matched is not the one citizens mostly come for.
MAIN_TASKS = {
    "tax_questions": "Skatteopgaver",
    "moving": "Folkeregister (flytteanmeldelser)",
    "housing": "Boligsikring",
    "pension": "Folkepension",
    "elderly_help": "Praktisk bistand",
    "family": "Børnefamilieydelse (automatisk og efter ansøgning)",
    "digital_help": "Udlevering af digital signatur",
    "other": "Vejvisning",
}


# Arabic for every name and hint, by its English text (machine-made, not yet reviewed by a
# native speaker, like the Arabic catalogue: see README, "Citizen languages").
ARABIC = {
    "Passport and driving licence": "جوازات السفر ورخص القيادة",
    "Passport": "جواز السفر",
    "Driving licence": "رخصة القيادة",
    "This needs an appointment. Book a time online or scan the QR code.": (
        "هذا يحتاج إلى موعد. احجز موعدًا عبر الإنترنت أو امسح رمز QR."
    ),
    "Tax": "الضرائب",
    "Questions about tax": "أسئلة عن الضرائب",
    "Tax case that needs a decision": "قضية ضريبية تحتاج إلى قرار",
    "Handled by staff from the Danish Tax Agency.": "يتولاها موظف من مصلحة الضرائب الدنماركية.",
    "Health insurance card": "بطاقة التأمين الصحي",
    "Health insurance card (the yellow card)": "بطاقة التأمين الصحي (البطاقة الصفراء)",
    "New card, change of doctor, European health card": (
        "بطاقة جديدة، تغيير الطبيب، البطاقة الصحية الأوروبية"
    ),
    "Moving and address": "الانتقال والعنوان",
    "Moving and national register": "الانتقال والسجل المدني",
    "Moving, register extracts, moving to or from Denmark, elections": (
        "الانتقال، مستخرجات السجل، الانتقال إلى الدنمارك أو منها، الانتخابات"
    ),
    "Housing support": "دعم السكن",
    "Housing support and housing": "دعم السكن والسكن",
    "Housing benefit, deposit loans, finding a home": "إعانة السكن، قروض التأمين، إيجاد مسكن",
    "Pension and elderly": "المعاش وكبار السن",
    "Pension and supplements": "المعاش والإضافات",
    "State pension, disability pension, supplements": "معاش الدولة، معاش العجز، الإضافات",
    "Help at home and aids": "المساعدة في المنزل والوسائل المساعدة",
    "Home help, aids, preventive visits": "المساعدة المنزلية، الوسائل المساعدة، الزيارات الوقائية",
    "Family and children": "الأسرة والأطفال",
    "Child benefit, childcare, parental leave, school": (
        "إعانة الأطفال، رعاية الأطفال، إجازة الوالدين، المدرسة"
    ),
    "Other questions and digital help": "أسئلة أخرى ومساعدة رقمية",
    "Help with digital self-service": "المساعدة في الخدمة الذاتية الرقمية",
    "MitID, Digital Post, online self-service": "MitID، البريد الرقمي، الخدمة الذاتية عبر الإنترنت",
    "Payments and cash desk": "المدفوعات والصندوق",
    "Payment plans, bills, cash desk": "خطط الدفع، الفواتير، الصندوق",
    "Other questions": "أسئلة أخرى",
    "We will help you find the way": "سنساعدك في إيجاد طريقك",
}


# Ukrainian for every name and hint, by its English text (machine-made, not yet reviewed by a
# native speaker, like the Ukrainian catalogue: see README, "Citizen languages").
UKRAINIAN = {
    "Passport and driving licence": "Паспорт і посвідчення водія",
    "Passport": "Паспорт",
    "Driving licence": "Посвідчення водія",
    "This needs an appointment. Book a time online or scan the QR code.": (
        "Потрібен попередній запис. Запишіться онлайн або відскануйте QR-код."
    ),
    "Tax": "Податки",
    "Questions about tax": "Питання щодо податків",
    "Tax case that needs a decision": "Податкова справа, яка потребує рішення",
    "Handled by staff from the Danish Tax Agency.": (
        "Розглядає працівник податкової служби Данії (Skattestyrelsen)."
    ),
    "Health insurance card": "Картка медичного страхування",
    "Health insurance card (the yellow card)": "Картка медичного страхування (жовта картка)",
    "New card, change of doctor, European health card": (
        "Нова картка, зміна лікаря, європейська медична картка"
    ),
    "Moving and address": "Переїзд і адреса",
    "Moving and national register": "Переїзд і реєстр населення (CPR)",
    "Moving, register extracts, moving to or from Denmark, elections": (
        "Переїзд, витяги з реєстру, переїзд до Данії або з Данії, вибори"
    ),
    "Housing support": "Допомога на житло",
    "Housing support and housing": "Допомога на житло та житлові питання",
    "Housing benefit, deposit loans, finding a home": (
        "Житлова допомога, позика на заставу за житло, пошук житла"
    ),
    "Pension and elderly": "Пенсія та літні люди",
    "Pension and supplements": "Пенсія та доплати",
    "State pension, disability pension, supplements": (
        "Державна пенсія, пенсія по інвалідності, доплати"
    ),
    "Help at home and aids": "Допомога вдома та допоміжні засоби",
    "Home help, aids, preventive visits": "Допомога вдома, допоміжні засоби, профілактичні візити",
    "Family and children": "Сім’я та діти",
    "Child benefit, childcare, parental leave, school": (
        "Допомога на дітей, дитячий садок, декретна відпустка, школа"
    ),
    "Other questions and digital help": "Інші питання та цифрова допомога",
    "Help with digital self-service": "Цифрова допомога",
    "MitID, Digital Post, online self-service": "MitID, Digital Post, самообслуговування онлайн",
    "Payments and cash desk": "Платежі та каса",
    "Payment plans, bills, cash desk": "Графіки платежів, рахунки, каса",
    "Other questions": "Інші питання",
    "We will help you find the way": "Ми підкажемо, куди звернутися",
}
# Each further citizen language's table, by the English text (above, or `catalogue_*.py`).
TRANSLATED = {"ar": ARABIC, "pl": POLISH, "tr": TURKISH, "uk": UKRAINIAN, "ur": URDU}


def with_translations(texts: dict) -> dict:
    """A name or hint in every citizen language beside its Danish and English (none for an
    empty hint)."""
    if not texts:
        return texts
    return {**texts, **{code: table[texts["en"]] for code, table in TRANSLATED.items()}}


def build(csv_path: Path = CSV_PATH) -> dict:
    """The catalogue as a dict; every task lands in at least one service, by its id."""
    with open(csv_path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    services = [s for c in CATEGORIES for s in c["services"]]
    tasks: dict[str, list[str]] = {s["id"]: [] for s in services}
    for row in rows:
        task = row["task"].strip()
        hits = [
            s["id"]
            for s in services
            if any(m in task for m in s["match"]) and not any(x in task for x in s["exclude"])
        ]
        # Everything no rule claims goes to "other questions": reception sorts it out.
        for service_id in hits or ["other"]:
            tasks[service_id].append(task_id(row))
    for s in services:
        # The main task (the visit's default) comes first: the named one, else the first hit.
        if s["id"] in MAIN_TASKS:
            main = next(task_id(r) for r in rows if r["task"].strip() == MAIN_TASKS[s["id"]])
            tasks[s["id"]] = [main] + [t for t in tasks[s["id"]] if t != main]
    out = []
    for cat in CATEGORIES:
        out.append(
            {
                "id": cat["id"],
                "icon": cat["icon"],
                "name": with_translations(cat["name"]),
                "services": [
                    {k: v for k, v in s.items() if k not in ("match", "exclude")}
                    | {
                        "name": with_translations(s["name"]),
                        "hint": with_translations(s["hint"]),
                        "tasks": tasks[s["id"]],
                    }
                    for s in cat["services"]
                ],
            }
        )
    return {
        "source": "borgerservice-tasks.csv (Copenhagen 2005, all 138 tasks by id)",
        "categories": out,
    }


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    JSON_PATH.write_text(render(build()), encoding="utf-8")
    print(f"wrote {JSON_PATH.relative_to(ROOT)}", file=sys.stderr)
