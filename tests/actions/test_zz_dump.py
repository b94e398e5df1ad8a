from tests.actions.conftest import Conversation

def test_dump(backend):
    chat = Conversation()
    def t(text, intent="inform", start=False):
        out = chat.start(text, intent) if start else chat.form_turn(text, intent)
        print(f"\nMEMBER: {text}  [{chat.slots['requested_slot']}]")
        for line in out: print("  BOT:", line)
    t("hi i want to sign up", "register", start=True)
    t("12345")
    t("it's on my bill?")
    t("1001234567")
    t("Smithers")
    t("garza")
    t("maria@gmail")
    t("maria@gmail.com")
    t("78701")
    t("use my ssn instead", "correct")
    t("4321")
    t("pet")
    t("x")
    t("Rex")
    t("what are the terms?")
    t("yes")
