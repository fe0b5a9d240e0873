"""A user probe's misread messages (2026-12-05) through the trained model, as Rasa parses them: each with the intent
it must get, and the bot's first action after it (the rules, without the action server). Most of the messages are
not in data/nlu word for word: paraphrases, nynorsk, English and typos the training examples do not hold."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = str(ROOT / ".venv-rasa" / "bin" / "python")

# (message, intent): the probe's messages first in each group, then wordings of the same kind.
EXPECTED: list[tuple[str, str]] = [
    # losing one's home is a housing emergency; "utkastelse" is not "utkast"
    ("jeg har fått varsel om utkastelse", "sosialhjelp_emergency"),
    ("jeg skylder husleie og kan bli kastet ut", "sosialhjelp_emergency"),
    ("Jeg har fått husleievarsel og må betale innen fredag", "sosialhjelp_emergency"),
    ("huseier har sendt meg varsel om utkastelse", "sosialhjelp_emergency"),
    ("utleier vil kaste oss ut", "sosialhjelp_emergency"),
    ("jeg må flytte fra leiligheten fordi jeg ikke har betalt", "sosialhjelp_emergency"),
    ("finner ikke utkastet mitt", "sosialhjelp_draft"),
    ("kan jeg lagre et utkast", "sosialhjelp_draft"),
    # rent owed without a threat or a deadline: apply; "can NAV help with the rent": eligibility
    ("jeg klarer ikke betale husleia denne måneden", "sosialhjelp_apply"),
    # what counts as income
    ("hva regnes som inntekt", "sosialhjelp_eligibility"),
    ("teller barnetrygd som inntekt?", "sosialhjelp_eligibility"),
    ("regnes studielån som inntekt", "sosialhjelp_eligibility"),
    ("kva tel som inntekt?", "sosialhjelp_eligibility"),
    ("what counts as incom?", "sosialhjelp_eligibility"),
    ("telles barnetrygden med når nav regner ut sosialhjelp", "sosialhjelp_eligibility"),
    ("kva reknar nav som inntekt", "sosialhjelp_eligibility"),
    ("does my student loan count as income", "sosialhjelp_eligibility"),
    # an electricity bill is the question "can NAV pay it"; a power cut is an emergency
    ("kan nav betale strømregningen min?", "sosialhjelp_eligibility"),
    ("strømregningen min er på 4000 kr og jeg kan ikke betale", "sosialhjelp_eligibility"),
    ("straumrekninga mi er for høg", "sosialhjelp_eligibility"),
    ("jeg har fått inkassovarsel på strøm", "sosialhjelp_eligibility"),
    ("strømmen er stengt", "sosialhjelp_emergency"),
    ("de stenger strømmen i morgen", "sosialhjelp_emergency"),
    ("strømselskapet skal stenge strømmen neste uke", "sosialhjelp_emergency"),
    # what happens after applying, as the bokmål question
    ("hva skjer etter at jeg har søkt", "sosialhjelp_status"),
    ("what happens after i apply", "sosialhjelp_status"),
    ("what happens after I have applied", "sosialhjelp_status"),
    ("what happens when i have applied", "sosialhjelp_status"),
    ("kva skjer no når søknaden er sendt", "sosialhjelp_status"),
    # not understanding the answer, and distress in emojis alone: frustration (a person offered), never greet
    ("hæ?", "frustration"),
    ("hva mener du?", "frustration"),
    ("skjønner ikke", "frustration"),
    ("forstår ikke hva du mener", "frustration"),
    ("jeg skjønte ikke helt", "frustration"),
    ("hææ", "frustration"),
    ("😭😭😭🙏", "frustration"),
    ("😢", "frustration"),
    ("🙏🙏", "frustration"),
    ("🙏😭", "frustration"),
    # ... but understanding is an acknowledgement, and not understanding Norwegian a language wish
    ("jeg forstår", "affirm"),
    ("ok jeg forstår", "affirm"),
    ("jeg skjønner ikke norsk", "language_preference"),
    ("I don't understand Norwegian", "language_preference"),
    # a link alone
    ("se her http://bit.ly/3xYz", "out_of_scope"),
    ("kan du se på denne https://bit.ly/abc", "out_of_scope"),
    # one's own case: missing documents, the decision, what was granted
    ("mangler det noen dokumenter?", "sosialhjelp_status"),
    ("mangler det noe i søknaden min?", "sosialhjelp_status"),
    ("har jeg fått vedtak?", "sosialhjelp_status"),
    ("hvor mye fikk jeg innvilget", "sosialhjelp_status"),
    ("har dere bestemt noe i saken min", "sosialhjelp_status"),
    ("hvor mye har dere innvilget", "sosialhjelp_status"),
    ("er søknaden innvilget eller avslått", "sosialhjelp_status"),
    ("hvilke vedlegg trenger jeg", "sosialhjelp_documents"),
    ("what documents do i have to attach", "sosialhjelp_documents"),
    # never mind / I'll manage / found it myself; ok after an answer
    ("nei forresten", "deny"),
    ("glem det", "deny"),
    ("jeg klarer meg", "deny"),
    ("nei takk, jeg klarer meg selv", "deny"),
    ("glem det da", "deny"),
    ("nei forresten, jeg fant svaret selv", "goodbye"),
    ("fant det selv", "goodbye"),
    ("ok", "affirm"),
    ("greit", "affirm"),
    ("ok takk", "thank"),
    ("greit takk", "thank"),
    # probe 72: ordinary guide answers are no acute need (they stopped the guide with 112/113)
    ("mat og straum", "digisos_answer"),
    ("eg treng pengar til mat og straum", "digisos_answer"),
    ("nothing, I have no job", "digisos_answer"),
    ("nothing, no job", "digisos_answer"),
    ("gift, men mannen min er ikke i Norge", "digisos_answer"),
    # ... a wish to stop is goodbye (in the guide: it stops kindly), but not wanting to live stays acute
    ("jeg vil ikke svare på mer nå", "goodbye"),
    ("stopp", "goodbye"),
    ("avbryt", "goodbye"),
    ("jeg vil ikke mer", "goodbye"),
    ("jeg vil ikke leve mer", "sosialhjelp_emergency"),
    ("jeg vil ikke leve", "sosialhjelp_emergency"),
    # the bot cannot send the application (it was the drafts answer)
    ("kan du sende søknaden for meg?", "sosialhjelp_apply"),
    ("kan du sende den for meg", "sosialhjelp_apply"),
    # what happens now, after an answer (the guide's next steps): a follow-up, not the fallback
    ("hva skjer nå?", "followup_what_now"),
    ("what happens now?", "followup_what_now"),
    # applying, with the need said; nynorsk "what must I do to apply" (it was who can get it)
    ("I need financial assistance, I have no money for food", "sosialhjelp_apply"),
    ("kva må eg gjere for å søkje sosialhjelp?", "sosialhjelp_apply"),
    ("kva må eg gjere for å søkje om økonomisk stønad?", "sosialhjelp_apply"),
    ("what must I do to apply for social help?", "sosialhjelp_apply"),
    # debt: NAV's økonomisk rådgivning (it was the fallback)
    ("kan dere hjelpe meg med gjelda?", "sosialhjelp_eligibility"),
    # probe 70 (a weekday): the chat's hours (it was a greeting), a word from a letter (the fallback with
    # "Foreldrepenger" offered), and a wish for a person (the probe's "are you open now? I need to talk to someone"
    # is read as the hours, whose answer offers a person: a "yes please" after it hands over)
    ("hei, når stenger dere i dag?", "response_time"),
    ("er dere åpne nå?", "response_time"),
    ("har dere fortsatt åpent?", "response_time"),
    ("hva betyr foreløpig svar?", "letter_from_nav"),
    ("hva vil det si at jeg har fått et foreløpig svar", "letter_from_nav"),
    ("I really need to talk to someone", "human_handoff"),
    # probe 87: "det gjelder" (it concerns) is no debt
    ("Kan jeg få snakke med en veileder? Det gjelder sosialhjelp", "human_handoff"),
]

# The bot's first action after the message at the start of a conversation (data/rules): one of these.
FIRST_ACTION: list[tuple[str, set[str]]] = [
    ("jeg har fått varsel om utkastelse", {"action_emergency"}),
    ("de stenger strømmen i morgen", {"action_emergency"}),
    ("strømregningen min er på 4000 kr og jeg kan ikke betale", {"utter_sosialhjelp_strom"}),
    ("hvor mye fikk jeg innvilget", {"action_case_answer"}),
    ("mangler det noen dokumenter?", {"action_case_answer"}),
    ("hæ?", {"action_frustration"}),
    ("😭😭😭🙏", {"action_frustration"}),
    ("se her http://bit.ly/3xYz", {"action_out_of_scope"}),
    ("nei forresten, jeg fant svaret selv", {"action_goodbye"}),
    ("jeg vil ikke mer", {"action_goodbye"}),
    ("jeg orker ikke mer", {"action_frustration", "action_goodbye"}),
    ("kan du sende søknaden for meg?", {"utter_sosialhjelp_send_for_me"}),
    ("I need financial assistance, I have no money for food", {"action_sosialhjelp_apply"}),
    ("kva må eg gjere for å søkje sosialhjelp?", {"action_sosialhjelp_apply"}),
    ("kan dere hjelpe meg med gjelda?", {"utter_sosialhjelp_debt"}),
    ("hva skjer nå?", {"utter_followup_unclear"}),
    ("Kan jeg få snakke med en veileder? Det gjelder sosialhjelp", {"action_handoff"}),
    ("jeg har mye gjeld, kan dere hjelpe?", {"utter_sosialhjelp_debt"}),
]

PARSE = r'''
import asyncio, json, sys
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage


async def main():
    agent = Agent.load(sys.argv[1])
    texts, firsts = json.loads(sys.argv[2]), json.loads(sys.argv[3])
    intents = {t: (await agent.parse_message(t))["intent"]["name"] for t in texts}
    actions = {}
    for i, text in enumerate(firsts):
        sender = f"probe-{i}"
        await agent.processor.log_message(UserMessage(text, sender_id=sender))
        prediction = await agent.processor.predict_next_for_sender_id(sender)
        best = max(prediction["scores"], key=lambda s: s["score"])
        actions[text] = best["action"]
    print(json.dumps({"intents": intents, "actions": actions}))

asyncio.run(main())
'''


def run_in_rasa(script: str, home: Path, *args: str) -> dict:
    """``script`` run with ``args`` in Rasa's own environment; the JSON object on its last line of output."""
    path = home / "rasa_script.py"
    path.write_text(script)
    done = subprocess.run(
        [RASA_PYTHON, str(path), *args], cwd=ROOT, capture_output=True, text=True, timeout=500,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(home), "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def parse_with_the_model(trained_model: Path, home: Path, texts: list[str],
                         firsts: list[str]) -> dict[str, dict[str, str]]:
    """Each of ``texts``' intent and each of ``firsts``' first action, from the trained model in Rasa's own
    environment (PARSE)."""
    return run_in_rasa(PARSE, home, str(trained_model), json.dumps(texts), json.dumps(firsts))


@pytest.fixture(scope="module")
def parsed(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    return parse_with_the_model(trained_model, tmp_path_factory.mktemp("probe"), [t for t, _ in EXPECTED],
                                [t for t, _ in FIRST_ACTION])


@pytest.mark.parametrize(("text", "intent"), EXPECTED)
def test_the_model_reads_the_probe_message_right(parsed: dict[str, dict[str, str]], text: str, intent: str) -> None:
    assert parsed["intents"][text] == intent


@pytest.mark.parametrize(("text", "actions"), FIRST_ACTION)
def test_the_bot_answers_the_probe_message_with_its_action(parsed: dict[str, dict[str, str]], text: str,
                                                          actions: set[str]) -> None:
    assert parsed["actions"][text] in actions
