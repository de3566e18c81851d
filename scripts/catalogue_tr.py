"""Turkish for every name and hint of the default catalogue, by its English text.

Written for Én indgang, not yet reviewed by a native speaker, like the Turkish gettext
catalogue (see README, "Citizen languages"). `build_catalogue.py` reads it."""

TURKISH = {
    "Passport and driving licence": "Pasaport ve ehliyet",
    "Passport": "Pasaport",
    "Driving licence": "Ehliyet",
    "This needs an appointment. Book a time online or scan the QR code.": (
        "Bunun için randevu gerekir. İnternetten randevu alın veya QR kodunu okutun."
    ),
    "Tax": "Vergi",
    "Questions about tax": "Vergi soruları",
    "Tax case that needs a decision": "Karar gerektiren vergi işlemi",
    "Handled by staff from the Danish Tax Agency.": (
        "Skattestyrelsen (Danimarka Vergi Dairesi) görevlisi ilgilenir."
    ),
    "Health insurance card": "Sağlık sigortası kartı",
    "Health insurance card (the yellow card)": "Sağlık sigortası kartı (sarı kart)",
    "New card, change of doctor, European health card": (
        "Yeni kart, doktor değişikliği, Avrupa sağlık kartı"
    ),
    "Moving and address": "Taşınma ve adres",
    "Moving and national register": "Taşınma ve nüfus kaydı",
    "Moving, register extracts, moving to or from Denmark, elections": (
        "Taşınma, nüfus kayıt örneği, ülkeye giriş-çıkış, seçimler"
    ),
    "Housing support": "Konut yardımı",
    "Housing support and housing": "Konut yardımı ve konut",
    "Housing benefit, deposit loans, finding a home": ("Kira yardımı, depozito kredisi, ev bulma"),
    "Pension and elderly": "Emeklilik ve yaşlılar",
    "Pension and supplements": "Emekli aylığı ve ek ödemeler",
    "State pension, disability pension, supplements": (
        "Devlet emekli aylığı, malullük aylığı, ek ödemeler"
    ),
    "Help at home and aids": "Evde yardım ve yardımcı araçlar",
    "Home help, aids, preventive visits": "Evde bakım, yardımcı araçlar, önleyici ziyaretler",
    "Family and children": "Aile ve çocuklar",
    "Child benefit, childcare, parental leave, school": (
        "Çocuk yardımı, çocuk bakımı, doğum izni, okul"
    ),
    "Other questions and digital help": "Diğer sorular ve dijital yardım",
    "Help with digital self-service": "Dijital işlemlerde yardım",
    "MitID, Digital Post, online self-service": "MitID, Digital Post, internetten işlemler",
    "Payments and cash desk": "Ödemeler ve vezne",
    "Payment plans, bills, cash desk": "Ödeme planları, faturalar, vezne",
    "Other questions": "Diğer sorular",
    "We will help you find the way": "Size yol göstereceğiz",
}
