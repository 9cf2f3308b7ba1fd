"""The autopilot on a right-to-left site: an Arabic wiki (sites/hisab, MediaWiki's Arabic
messages) whose header says "تسجيل الدخول" (log in) before "إنشاء حساب" (create account)."""

from __future__ import annotations

from frictionaudit.drive.autopilot import autopilot_plan


def test_arabic_signup_is_found_filled_and_sent(serve, record):
    shop = serve("hisab")
    journey = record(shop.url, autopilot_plan("signup", shop.url))
    assert (journey.status, journey.metrics.steps) == ("completed", 3), journey.reason
    assert [s.url.removeprefix(shop.url) for s in journey.steps] == [
        "", "register.html", "welcome.html"]
    assert {s.lang for s in journey.steps} == {"ar"}
    assert (journey.metrics.fields, journey.metrics.required_fields) == (5, 4)
    (signup,) = [d.target for d in journey.decisions if d.action == "signup"]
    assert signup == "إنشاء حساب"
    filled = {d.target: d.reason.rsplit(": ", 1)[-1] for d in journey.decisions
              if d.action == "fill"}
    assert {k: filled.get(k) for k in ("اسم المستخدم", "كلمة السر", "أكد كلمة السر",
                                       "عنوان البريد الإلكتروني")} == {
        "اسم المستخدم": "{persona.username}", "كلمة السر": "{persona.password}",
        "أكد كلمة السر": "{persona.password}", "عنوان البريد الإلكتروني": "{persona.email}"}
    (sent,) = [d.target for d in journey.decisions if d.action == "submit"]
    assert sent == "افتح الحساب"
