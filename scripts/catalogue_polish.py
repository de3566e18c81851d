"""Polish for every service and category name and hint of the default catalogue, by its English
text (machine-made, not yet reviewed by a native speaker, like the Polish catalogue: see README,
"Citizen languages"). Used by build_catalogue.py."""

POLISH = {
    "Passport and driving licence": "Paszport i prawo jazdy",
    "Passport": "Paszport",
    "Driving licence": "Prawo jazdy",
    "This needs an appointment. Book a time online or scan the QR code.": (
        "Wymagana jest umówiona wizyta. Proszę umówić wizytę przez internet lub zeskanować kod QR."
    ),
    "Tax": "Podatki",
    "Questions about tax": "Pytania o podatki",
    "Tax case that needs a decision": "Sprawa podatkowa wymagająca decyzji",
    "Handled by staff from the Danish Tax Agency.": (
        "Sprawę prowadzi pracownik duńskiego urzędu skarbowego (Skattestyrelsen)."
    ),
    "Health insurance card": "Karta zdrowotna",
    "Health insurance card (the yellow card)": "Karta zdrowotna (żółta karta)",
    "New card, change of doctor, European health card": (
        "Nowa karta, zmiana lekarza, europejska karta EKUZ"
    ),
    "Moving and address": "Przeprowadzka i adres",
    "Moving and national register": "Przeprowadzka i rejestr ludności",
    "Moving, register extracts, moving to or from Denmark, elections": (
        "Przeprowadzka, wypisy z rejestru, przyjazd i wyjazd z Danii, wybory"
    ),
    "Housing support": "Dodatki mieszkaniowe",
    "Housing support and housing": "Dodatki mieszkaniowe i mieszkanie",
    "Housing benefit, deposit loans, finding a home": (
        "Dodatek mieszkaniowy, pożyczka na kaucję, szukanie mieszkania"
    ),
    "Pension and elderly": "Emerytura i seniorzy",
    "Pension and supplements": "Emerytura i dodatki",
    "State pension, disability pension, supplements": (
        "Emerytura państwowa, renta z tytułu niezdolności do pracy, dodatki"
    ),
    "Help at home and aids": "Pomoc w domu i pomoce techniczne",
    "Home help, aids, preventive visits": "Pomoc domowa, pomoce techniczne, wizyty profilaktyczne",
    "Family and children": "Rodzina i dzieci",
    "Child benefit, childcare, parental leave, school": (
        "Zasiłek na dziecko, opieka nad dziećmi, urlop rodzicielski, szkoła"
    ),
    "Other questions and digital help": "Inne sprawy i pomoc cyfrowa",
    "Help with digital self-service": "Pomoc w sprawach przez internet",
    "MitID, Digital Post, online self-service": (
        "MitID, Digital Post, załatwianie spraw przez internet"
    ),
    "Payments and cash desk": "Płatności i kasa",
    "Payment plans, bills, cash desk": "Plany spłat, rachunki, kasa",
    "Other questions": "Inne sprawy",
    "We will help you find the way": "Pomożemy Panu/Pani trafić we właściwe miejsce",
}
