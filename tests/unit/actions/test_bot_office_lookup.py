from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.office_lookup import TEXTS, ActionOfficeLookup, format_hours, format_office, place_from_slots
from tests.unit.actions.bot_action_fakes import ENHET, FakeRouter, tracker


def test_format_hours_groups_weekdays() -> None:
    assert format_hours(ENHET["aapningstider"], "nb") == "man–tor 09:00-15:00, fre 09:00-14:00"
    assert format_hours(None, "nb") is None


def test_format_office_has_address_phone_hours_and_next_step() -> None:
    text = format_office(ENHET, "nb")
    for part in ("NAV Grünerløkka", "Storgata 1", "55 55 33 33", "man–tor", "veileder"):
        assert part in text


def test_an_office_whose_number_is_nav_s_gives_nav_s_phone_once() -> None:
    """Ola, logged in, asked "hvor er NAV-kontoret mitt?": NAV Grünerløkka's number is NAV's own, and the answer gave
    "Telefon: 55 55 33 33." and then "Du kan også ringe NAV på 55 55 33 33 (hverdager 09–15)"."""
    for lang in ("nb", "nn", "en"):
        text = format_office(ENHET, lang)
        assert text.count("55 55 33 33") == 1 and "09–15" in text, text
    likely = format_office({**ENHET, "tillit": "lav"}, "nb")
    assert likely.count("55 55 33 33") == 1 and "veileder" in likely, likely
    own = format_office({**ENHET, "telefon": "22 33 44 55"}, "nb")
    assert "Telefon: 22 33 44 55." in own and own.count("55 55 33 33") == 1, own


def test_the_bydel_question_does_not_say_one_office_per_bydel() -> None:
    """Bergen has 4 NAV-kontorer for its 8 bydeler: "Bergen har ett NAV-kontor for hver bydel" was not true."""
    for lang, said in (("nb", "avhenger av bydelen"), ("nn", "kjem an på bydelen"), ("en", "depends on the city")):
        text = TEXTS["bydel_needed"][lang].format(kommune="Bergen")
        assert said in text and "hver bydel" not in text and "kvar bydel" not in text and "each" not in text


def test_place_from_bydel_and_postnummer() -> None:
    assert place_from_slots(None, "Fana", None).kommune == "Bergen"
    assert place_from_slots(None, None, "0557").kommune == "Oslo"
    assert not place_from_slots("ukjent", None, None).found


async def test_office_lookup_uses_router() -> None:
    router = FakeRouter(resolve=[{"enhetsnummer": "0312", "navn": "NAV Grünerløkka", "reason": "bydel"}], enhet=ENHET)
    action = ActionOfficeLookup()
    action.client_factory = lambda: router
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker({"bydel": "Grünerløkka"}, ["office_contact"]), {})
    assert "Storgata 1" in dispatcher.messages[0]["text"]
    assert ("enhet", "0312") in router.calls
    [criteria] = [args for name, args in router.calls if name == "resolve"]
    assert criteria["bydel"] == "Grünerløkka" and criteria["tema"] == "KOM"


async def test_a_person_with_strengt_fortrolig_adresse_is_never_given_a_local_office() -> None:
    """A probe's kode 6 person asked for their office and got "Your office is Nav Grünerløkka", with its address."""
    router = FakeRouter(resolve=[{"enhetsnummer": "0312", "navn": "NAV Grünerløkka", "reason": "bydel"}], enhet=ENHET,
                        local_office=False)
    action = ActionOfficeLookup()
    action.client_factory = lambda: router
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker({"bydel": "Grünerløkka", "language": "en"}, ["office_contact"]), {})
    [said] = dispatcher.messages
    assert "Because your address is strictly confidential" in said["text"] and "55 55 33 33" in said["text"]
    assert "Grünerløkka" not in said["text"] and [name for name, _ in router.calls] == ["local_office"]


async def test_office_lookup_degrades_when_router_down() -> None:
    action = ActionOfficeLookup()
    action.client_factory = lambda: FakeRouter()
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker({"kommune": "Bodø", "language": "en"}, ["office_contact"]), {})
    text = dispatcher.messages[0]["text"]
    assert "55 55 33 33" in text and "nav.no" in text


async def test_a_place_it_does_not_know_is_asked_once_more_with_the_question_open_then_it_gives_the_way() -> None:
    action = ActionOfficeLookup()
    action.client_factory = lambda: FakeRouter()
    opened = {"event": "active_loop", "name": "office_form"}
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker({"kommune": "ukjent"}, ["office_contact"],
                                                  extra_events=[opened]), {})
    assert dispatcher.messages[0]["text"] == "Jeg kjente ikke igjen et sted i det du skrev."  # the form asks
    assert events == [{"event": "slot", "name": "kommune", "value": None, "timestamp": None},
                      {"event": "active_loop", "name": "office_form", "timestamp": None},
                      {"event": "slot", "name": "requested_slot", "value": "kommune", "timestamp": None}]
    # The second unknown answer: no third question, the way to the office without the bot.
    dispatcher = CollectingDispatcher()
    again = await action.run(dispatcher, tracker({"kommune": "ukjent"}, ["office_contact"],
                                                 extra_events=[opened, *events]), {})
    assert again == [] and "nav.no/kontor" in dispatcher.messages[0]["text"]


async def test_a_city_served_per_bydel_is_asked_for_the_bydel_before_any_office_is_named() -> None:
    """'Oslo' alone resolves to the regional kontaktsenter: not the person's office."""
    router = FakeRouter(resolve=[{"enhetsnummer": "4106", "navn": "Nav kontaktsenter Oslo"}], enhet=ENHET)
    action = ActionOfficeLookup()
    action.client_factory = lambda: router
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker({"kommune": "Oslo"}, ["office_contact"]), {})
    assert dispatcher.messages[0]["text"].startswith("Hvilket NAV-kontor du hører til i Oslo, avhenger av bydelen")
    assert [name for name, _ in router.calls if name != "logged_in"] == ["local_office"], "no office looked up yet"
    assert {"event": "active_loop", "name": "office_form", "timestamp": None} in events
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker({"kommune": "Oslo", "bydel": "Frogner"}, ["office_contact"]), {})
    assert [args["bydel"] for name, args in router.calls if name == "resolve"] == ["Frogner"]


def test_the_office_questions_answer_gives_bydel_and_postnummer_from_the_whole_message() -> None:
    """No entity fills bydel or postnummer inside a form (bot/office.yml); "5003" lost its postnummer and
    "Årstad i Bergen" its bydel, and the bot asked for the bydel again."""
    from actions.office_lookup import ValidateOfficeForm

    form = ValidateOfficeForm()
    t = tracker({}, ["digisos_answer"], text="jeg bor i Årstad i Bergen")
    assert form.validate_kommune("Bergen", CollectingDispatcher(), t, {}) == {"kommune": "Bergen", "bydel": "Årstad"}
    t = tracker({}, ["digisos_answer"], text="5003")
    assert form.validate_kommune("Bergen", CollectingDispatcher(), t, {}) == {
        "kommune": "Bergen", "bydel": "Bergenhus", "postnummer": "5003"}
    t = tracker({}, ["office_contact"], text="hvor er nav-kontoret mitt")
    assert form.validate_kommune("Voss", CollectingDispatcher(), t, {}) == {"kommune": "Voss"}


async def test_a_postnummer_answered_at_the_office_question_is_kept_with_its_bydel() -> None:
    """The form's whole run, as Rasa calls it: "5003" kept only the kommune, and the bot asked for the bydel."""
    from actions.office_lookup import ValidateOfficeForm

    events = [{"event": "slot", "name": "requested_slot", "value": "kommune"},
              {"event": "user", "text": "5003", "parse_data": {}}, {"event": "slot", "name": "kommune", "value": "5003"}]
    latest = {"intent": {"name": "digisos_answer"}, "entities": [{"entity": "postnummer", "value": "5003"}],
              "text": "5003"}
    t = Tracker("conv-1", {"requested_slot": "kommune", "kommune": "5003"}, latest, events, False, None,
                {"name": "office_form"}, "action_listen")
    set_ = await ValidateOfficeForm().run(CollectingDispatcher(), t, {"forms": {"office_form": {
        "required_slots": ["kommune"]}}})
    assert {e["name"]: e["value"] for e in set_} == {"kommune": "Bergen", "bydel": "Bergenhus", "postnummer": "5003"}


async def test_a_person_with_no_local_office_is_not_asked_where_they_live() -> None:
    """A probe: Sven (kode 6, logged in) asked for his office and was asked "Hvilken kommune bor du i?", again
    after every later answer; the lookup after it says how NAV helps him, by phone."""
    from actions.office_lookup import ValidateOfficeForm

    form = ValidateOfficeForm()
    form.client_factory = lambda: FakeRouter(local_office=False)  # type: ignore[assignment]
    t = tracker({}, ["office_contact"], text="finn nav-kontoret mitt")
    assert await form.required_slots(["kommune"], CollectingDispatcher(), t, {}) == []
    form.client_factory = lambda: FakeRouter(local_office=None)  # type: ignore[assignment]
    assert await form.required_slots(["kommune"], CollectingDispatcher(), t, {}) == ["kommune"]


async def test_logged_in_the_office_question_is_not_asked_and_the_registered_office_is_named() -> None:
    """A probe logged in as Ola, Kari and Emma was asked "Hvilken kommune bor du i?" again after every answer, and
    "hvor er NAV-kontoret mitt?" got the fallback: logged in, the folkeregister says where the person lives."""
    from actions.office_lookup import TEXTS, ValidateOfficeForm

    form = ValidateOfficeForm()
    for logged_in, expected in ((True, []), (False, ["kommune"])):
        form.client_factory = lambda logged_in=logged_in: FakeRouter(logged_in=logged_in)  # type: ignore[misc]
        assert await form.required_slots(["kommune"], CollectingDispatcher(), tracker({}, ["office_contact"]),
                                         {}) == expected

    # the router names the registered office: that office, with no place asked
    router = FakeRouter(logged_in=True, registered_office="0312", enhet=ENHET)
    action = ActionOfficeLookup()
    action.client_factory = lambda: router
    dispatcher = CollectingDispatcher()
    assert await action.run(dispatcher, tracker({}, ["office_contact"]), {}) == []
    assert dispatcher.messages[0]["text"].startswith("Kontoret ditt er NAV Grünerløkka."), dispatcher.messages
    assert ("enhet", "0312") in router.calls and not any(name == "resolve" for name, _ in router.calls)

    # it does not: no question of the place all the same, and what holds for a logged-in person
    for slots in ({}, {"kommune": "Oslo"}):
        action.client_factory = lambda: FakeRouter(logged_in=True)
        dispatcher = CollectingDispatcher()
        assert await action.run(dispatcher, tracker(slots, ["office_contact"]), {}) == []
        assert [m["text"] for m in dispatcher.messages] == [TEXTS["registered"]["nb"]], dispatcher.messages

    # an office named in the question is that office's, logged in or not
    router = FakeRouter(logged_in=True, resolve=[{"enhetsnummer": "0312", "navn": "NAV Grünerløkka"}], enhet=ENHET)
    action.client_factory = lambda: router
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker({"kommune": "Oslo", "bydel": "Grünerløkka"}, ["office_contact"],
                                         entities=[{"entity": "bydel", "value": "Grünerløkka"}]), {})
    # (asked about by its place, it is not said to be the bruker's own)
    assert dispatcher.messages[0]["text"].startswith("Kontoret der er NAV Grünerløkka."), dispatcher.messages


async def test_the_place_question_pending_at_login_is_taken_as_answered() -> None:
    """Rasa rejected every message that named no place while "Hvilken kommune bor du i?" was pending, so the
    question came again after each; logged in, the validation sets the place as it was and asks nothing more."""
    from actions.office_lookup import ValidateOfficeForm

    form = ValidateOfficeForm()
    form.client_factory = lambda: FakeRouter(logged_in=True)  # type: ignore[assignment]
    t = tracker({"requested_slot": "kommune"}, ["office_contact"], text="hvor er NAV-kontoret mitt?")
    events = await form.run(CollectingDispatcher(), t, {"forms": {"office_form": {"required_slots": ["kommune"]}}})
    assert [(e["name"], e["value"]) for e in events] == [("kommune", None), ("requested_slot", None)], events


async def test_logged_in_and_living_abroad_no_local_office_is_named() -> None:
    """Emma (folkeregister: abroad) was told of "the office for your address in the folkeregister"."""
    from actions.common import pick
    from actions.office_lookup import TEXTS

    action = ActionOfficeLookup()
    action.client_factory = lambda: FakeRouter(logged_in=True, registered_abroad=True)
    dispatcher = CollectingDispatcher()
    assert await action.run(dispatcher, tracker({}, ["office_contact"]), {}) == []
    assert [m["text"] for m in dispatcher.messages] == [pick(TEXTS["registered_abroad"], "nb")], dispatcher.messages
    assert "+47 55 55 33 33 (hverdager 09–15), norsk tid" in dispatcher.messages[0]["text"]


def test_default_opening_hours_are_not_said_as_the_office_s() -> None:
    """Probe 106 (t04, t33): "Åpningstider: man–fre 09:00-15:00" for Nav Engerdal and Nav Bodø, where the register has
    no opening hours (aapningstider_is_default: the stated default, NAV's phone hours)."""
    default = {**ENHET, "aapningstider_is_default": True,
               "aapningstider": {d: "09:00-15:00" for d in ("mon", "tue", "wed", "thu", "fri")}}
    for lang, said in (("nb", "Åpningstidene til kontoret har jeg ikke her"),
                       ("nn", "Opningstidene til kontoret har eg ikkje her"),
                       ("en", "I do not have the office's opening hours here")):
        text = format_office(default, lang)
        assert said in text and "nav.no/kontor" in text and "09:00-15:00" not in text, text
    post = format_office({**default, "adresse": "Postboks 10, 2440 ENGERDAL"}, "nb")
    assert "Åpningstidene har jeg heller ikke her; de står også på nav.no/kontor." in post, post
    assert "09:00-15:00" not in post
    # Hours from a source are still said.
    assert "Åpningstider: man–tor 09:00-15:00" in format_office(ENHET, "nb")


async def test_an_office_asked_about_by_its_place_is_not_called_the_bruker_s() -> None:
    """Probe 106 (t33): "kva er opningstidene til nav-kontoret i Bodø?" got "Kontoret ditt er Nav Bodø"; the bruker
    had not said she lives there. Said she lives there, it is hers."""
    bodo = {**ENHET, "navn": "Nav Bodø", "adresse": "Postboks 373, 8001 BODØ", "aapningstider_is_default": True}
    entities = [{"entity": "kommune", "value": "Bodø"}]
    for text, lang, expected in (
            ("kva er opningstidene til nav-kontoret i Bodø?", "nn", "Kontoret der er Nav Bodø."),
            ("what are the opening hours of the nav office in Bodø?", "en", "The office there is Nav Bodø."),
            ("hvor er nav-kontoret? jeg bor i Bodø", "nb", "Kontoret ditt er Nav Bodø.")):
        action = ActionOfficeLookup()
        router = FakeRouter(resolve=[{"enhetsnummer": "1804", "navn": "Nav Bodø"}], enhet=bodo)
        action.client_factory = lambda router=router: router
        dispatcher = CollectingDispatcher()
        await action.run(dispatcher, tracker({"kommune": "Bodø", "language": lang}, ["office_contact"], text=text,
                                             entities=entities), {})
        [said] = dispatcher.messages
        assert said["text"].startswith(expected), said["text"]
        assert "ditt" not in said["text"] or lang == "nb"
        assert "NAV-kontor" not in said["text"], "one spelling beside the office's own name"


async def test_kode_6_is_told_a_special_unit_serves_them_and_the_phone_is_the_safe_way() -> None:
    """Probe 106 (w04): Sven (kode 6) was told "…på telefon 55 55 33 33, ikke på et lokalt NAV-kontor", as if he had
    no office; DESIGN.md: a special unit serves strengt fortrolig adresse. The unit's name and address are not said."""
    for lang, unit in (("nb", "egen enhet i NAV"), ("nn", "eiga eining i NAV"), ("en", "a special unit in NAV")):
        router = FakeRouter(local_office=False)
        action = ActionOfficeLookup()
        action.client_factory = lambda router=router: router
        dispatcher = CollectingDispatcher()
        await action.run(dispatcher, tracker({"language": lang}, ["office_contact"], text="hvilket kontor hører jeg til?"),
                         {})
        [said] = dispatcher.messages
        assert unit in said["text"] and "55 55 33 33" in said["text"], said["text"]
        assert "Vikafossen" not in said["text"] and "ikke på et lokalt" not in said["text"]


async def test_an_office_where_someone_else_lives_is_not_called_the_writer_s() -> None:
    """Probe 117: "hun bor i moss" (writing for her mother) got "Kontoret ditt er Nav Moss": the office is the
    mother's, not the writer's. The same after the on_behalf answer's [Finn NAV-kontoret] and a place alone. Her own
    "jeg bor i Moss" stays hers."""
    moss = {**ENHET, "navn": "Nav Moss", "adresse": "Postboks 158, 1501 MOSS", "aapningstider_is_default": True}
    entities = [{"entity": "kommune", "value": "Moss"}]
    asked = [("hun bor i moss", "nb", ["office_contact"], "Kontoret der er Nav Moss."),
             ("mamma bor i Moss, hvor er nav-kontoret hennes?", "nb", ["office_contact"], "Kontoret der er Nav Moss."),
             ("ho bur i Moss", "nn", ["office_contact"], "Kontoret der er Nav Moss."),
             ("my mother lives in Moss", "en", ["office_contact"], "The office there is Nav Moss."),
             ("Moss", "nb", ["on_behalf", "office_contact", "digisos_answer"], "Kontoret der er Nav Moss."),
             ("jeg bor i Moss", "nb", ["office_contact"], "Kontoret ditt er Nav Moss."),
             ("vi bor i Moss", "nb", ["greet", "office_contact"], "Kontoret ditt er Nav Moss.")]
    for text, lang, intents, expected in asked:
        action = ActionOfficeLookup()
        router = FakeRouter(resolve=[{"enhetsnummer": "3002", "navn": "Nav Moss"}], enhet=moss)
        action.client_factory = lambda router=router: router
        dispatcher = CollectingDispatcher()
        await action.run(dispatcher, tracker({"kommune": "Moss", "language": lang}, intents, text=text,
                                             entities=entities), {})
        [said] = dispatcher.messages
        assert said["text"].startswith(expected), (text, said["text"])
