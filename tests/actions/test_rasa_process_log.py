"""The Rasa server's log hides secrets, Python warnings included (bot/serve.py, common/logredact.py).

Rasa 3.6 warns through Python ``warnings`` (printed straight to stderr, past
every log handler) with the raw text of a message starting with "/" that is not
an intent it knows, and logs through structlog one it cannot parse at all. The
web app never sends such a message (webhook/relay.py); should one arrive all the
same, the Rasa process's log setup redacts it. The test starts ``bot.serve.main``
in the Rasa Python, with Rasa's own ``main`` replaced by one that sets up Rasa's
logging exactly as ``rasa run`` does and then reads the attacker's messages.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.support.rasa_env import RASA_PYTHON, ROOT

SSN, ZIP = "123-45-6789", "78620"

SCRIPT = r'''
import logging, sys
import rasa.__main__
from bot import serve

def rasa_run_logging_then_read(messages):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.training_data.message import Message
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.io import configure_colored_logging
    from rasa.utils.log_utils import configure_structlog

    def main():
        # what rasa.__main__.main sets up for `rasa run` (default log level)
        configure_logging_and_warnings(logging.INFO, None, warn_only_once=True, filter_repeated_logs=True)
        configure_colored_logging(logging.INFO)
        configure_structlog(logging.INFO)
        domain = Domain.load("bot/domain.yml")
        for text in messages:
            YAMLStoryReader.unpack_regex_message(Message({"text": text}), domain)
        print("read", len(messages), file=sys.stderr)
    return main

rasa.__main__.main = rasa_run_logging_then_read(sys.argv[1:])
serve.main([])
'''


def test_a_rasa_warning_quoting_a_member_s_secret_is_redacted_in_its_log():
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    messages = [f"/my ssn is {SSN}", f"/{ZIP}", f"/{{my zip is {ZIP}"]
    result = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT, *messages], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=240)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "read 3" in log
    # Rasa did warn, through logging now, and said what it could not read, redacted ...
    assert "WARNING  py.warnings" in log
    assert "Failed to parse arguments in line '/my ssn is [redacted]'" in log
    assert '"user_text": "/{my zip is [redacted]"' in log
    # ... and no secret survives in the process's log
    assert SSN not in log and "123456789" not in log
    assert ZIP not in log
