"""The club's own words in the visitor's language, for every page (a context processor)."""

CONTACT = {"en": "Contact us", "fr": "Nous contacter", "de": "Kontakt", "it": "Contatti",
           "es": "Contacto", "nl": "Contact", "id": "Hubungi kami", "zh-hans": "联系我们",
           "ar": "اتصل بنا"}
WELCOME = {"en": "A reading club for the curious.",
           "fr": "Un club de lecture pour les curieux.",
           "de": "Ein Leseclub für Neugierige.",
           "it": "Un club del libro per i curiosi.",
           "es": "Un club de lectura para curiosos.",
           "nl": "Een leesclub voor nieuwsgierigen.",
           "id": "Klub membaca untuk yang ingin tahu.",
           "zh-hans": "为好奇的人办的读书会。",
           "ar": "نادي قراءة لمحبي الاطلاع."}


def words(request):
    code = getattr(request, "LANGUAGE_CODE", "en")
    return {"contact": CONTACT.get(code, CONTACT["en"]),
            "welcome": WELCOME.get(code, WELCOME["en"])}
