"""What the member reads at the Terms step when a yes to them came before they were shown (``SAID``,
the Terms with their link and a request to confirm), and the usual Terms question (``PLAIN_QUESTION``),
in English and Spanish, with the yes that then accepts them (``YES``). The tests' site is
http://coopbot.test (``settings_for`` in tests/conftest.py)."""

from __future__ import annotations

SAID = {"en": "You said you accept the Terms and Conditions: here they are, at http://coopbot.test/terms?lang=en . "
              "Reply YES to confirm, or NO.",
        "es": "Nos dijo que acepta los Términos y Condiciones: aquí están, en http://coopbot.test/terms?lang=es . "
              "Responda SÍ para confirmar, o NO."}
PLAIN_QUESTION = {"en": "Last step: do you accept the Terms and Conditions",
                  "es": "Último paso: ¿acepta los Términos y Condiciones"}
YES = {"en": "yes", "es": "sí"}
