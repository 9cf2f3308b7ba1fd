"""The shop's own footer words in the visitor's language (a context processor)."""

CONTACT = {"en": "Contact us", "fr": "Nous contacter", "de": "Kontakt", "it": "Contatti",
           "es": "Contacto", "nl": "Contact", "id": "Hubungi kami", "zh-hans": "联系我们"}


def words(request):
    code = getattr(request, "LANGUAGE_CODE", "en").lower()
    return {"contact_words": CONTACT.get(code, CONTACT.get(code[:2], CONTACT["en"]))}
