"""Urdu for every service name and hint of the default catalogue, by its English text.

Machine-made, not yet reviewed by a native speaker, like the Urdu catalogue (see README,
"Citizen languages"). Names are printed on tickets too: Urdu script, and proper names in Latin."""

URDU = {
    "Passport and driving licence": "پاسپورٹ اور ڈرائیونگ لائسنس",
    "Passport": "پاسپورٹ",
    "Driving licence": "ڈرائیونگ لائسنس",
    "This needs an appointment. Book a time online or scan the QR code.": (
        "اس کے لیے وقت بک کرنا ضروری ہے۔ آن لائن وقت بک کریں یا QR کوڈ اسکین کریں۔"
    ),
    "Tax": "ٹیکس",
    "Questions about tax": "ٹیکس کے بارے میں سوالات",
    "Tax case that needs a decision": "ٹیکس کا معاملہ جس پر فیصلہ ضروری ہے",
    "Handled by staff from the Danish Tax Agency.": (
        "یہ کام ڈنمارک کے ٹیکس محکمے (Skattestyrelsen) کا عملہ دیکھتا ہے۔"
    ),
    "Health insurance card": "ہیلتھ انشورنس کارڈ",
    "Health insurance card (the yellow card)": "ہیلتھ انشورنس کارڈ (پیلا کارڈ)",
    "New card, change of doctor, European health card": (
        "نیا کارڈ، ڈاکٹر کی تبدیلی، یورپی ہیلتھ کارڈ"
    ),
    "Moving and address": "نقل مکانی اور پتا",
    "Moving and national register": "نقل مکانی اور قومی رجسٹر (CPR)",
    "Moving, register extracts, moving to or from Denmark, elections": (
        "نقل مکانی، رجسٹر سے نقول، ڈنمارک آنا یا ڈنمارک سے جانا، انتخابات"
    ),
    "Housing support": "رہائش کے لیے مدد",
    "Housing support and housing": "رہائش کے لیے مدد اور رہائش",
    "Housing benefit, deposit loans, finding a home": (
        "کرائے میں امداد، ڈپازٹ کے لیے قرض، گھر ڈھونڈنا"
    ),
    "Pension and elderly": "پنشن اور بزرگ شہری",
    "Pension and supplements": "پنشن اور اضافی رقوم",
    "State pension, disability pension, supplements": ("سرکاری پنشن، معذوری پنشن، اضافی رقوم"),
    "Help at home and aids": "گھر پر مدد اور معاون آلات",
    "Home help, aids, preventive visits": "گھریلو مدد، معاون آلات، احتیاطی ملاقاتیں",
    "Family and children": "خاندان اور بچے",
    "Child benefit, childcare, parental leave, school": (
        "بچوں کا الاؤنس، بچوں کی دیکھ بھال، والدین کی چھٹی، اسکول"
    ),
    "Other questions and digital help": "دیگر سوالات اور ڈیجیٹل مدد",
    "Help with digital self-service": "ڈیجیٹل سیلف سروس میں مدد",
    "MitID, Digital Post, online self-service": (
        "MitID، ڈیجیٹل ڈاک (Digital Post)، آن لائن سیلف سروس"
    ),
    "Payments and cash desk": "ادائیگیاں اور کیش کاؤنٹر",
    "Payment plans, bills, cash desk": "ادائیگی کے منصوبے، بل، کیش کاؤنٹر",
    "Other questions": "دیگر سوالات",
    "We will help you find the way": "ہم آپ کو راستہ بتانے میں مدد کریں گے",
}
