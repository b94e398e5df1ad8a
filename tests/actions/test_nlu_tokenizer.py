"""The NLU reads a message typed without accents exactly as the same message with them.

``bot.tokenizer.AccentFoldingTokenizer`` runs inside Rasa (Python 3.10), so these
tests run their checks in the Rasa environment, as tests/actions/test_rasa_speedups.py does.
"""

from __future__ import annotations

import pytest

from tests.support.rasa_env import ROOT, run_in_rasa

TOKENS_SCRIPT = r'''
import json, sys
from rasa.shared.nlu.training_data.message import Message
from bot.tokenizer import AccentFoldingTokenizer

tokenizer = AccentFoldingTokenizer(AccentFoldingTokenizer.get_default_config())
text = sys.argv[1]
message = Message(data={"text": text})
tokenizer.process([message])
print(json.dumps({"text": message.get("text"),
                  "tokens": [[t.text, t.start, t.end] for t in message.get("text_tokens")]}))
'''

PARSE_SCRIPT = r'''
import asyncio, json, sys
from rasa.core.agent import Agent

agent = Agent.load("models/current.tar.gz")

async def parse(texts):
    return [await agent.parse_message(t) for t in texts]

print(json.dumps(asyncio.run(parse(sys.argv[1:]))))
'''


def test_tokens_lose_their_accents_and_keep_their_place():
    text = "¿Qué pasó con mi inscripción? Año 2024, señora Núñez"
    result = run_in_rasa(TOKENS_SCRIPT, text)
    assert result["text"] == text  # the message itself (entities, actions) keeps its accents
    words = [token for token, _, _ in result["tokens"]]
    assert words == ["Que", "paso", "con", "mi", "inscripcion", "Ano", "2024", "senora", "Nunez"]
    for token, start, end in result["tokens"]:
        assert len(text[start:end]) == len(token)


@pytest.mark.skipif(not (ROOT / "models" / "current.tar.gz").exists(), reason="needs `make model`")
def test_a_message_without_accents_reads_as_the_same_message_with_them():
    pairs = [("¿Qué gano si me inscribo en línea?", "Que gano si me inscribo en linea?"),
             ("Sí, acepto los términos", "Si, acepto los terminos"),
             ("Olvidé mi contraseña", "Olvide mi contrasena")]
    parsed = run_in_rasa(PARSE_SCRIPT, *[text for pair in pairs for text in pair])
    for accented, plain in zip(parsed[::2], parsed[1::2]):
        assert plain["intent"]["name"] == accented["intent"]["name"]
        assert plain["intent"]["confidence"] == pytest.approx(accented["intent"]["confidence"], abs=1e-6)
