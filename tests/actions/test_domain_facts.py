"""The dialogue's facts are stated once, in bot/domain.yml, and the action server reads them there."""

from __future__ import annotations

import yaml

from actions import flow_actions as flows
from actions.form import DOMAIN_FILE, SIDE_INTENTS


def test_every_answer_mapping_leaves_the_same_side_intents_to_the_rules():
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
    excluded = [frozenset(mapping["not_intent"]) for slot in domain["slots"].values()
                for mapping in slot.get("mappings", []) if mapping.get("type") == "from_text"]
    assert excluded and set(excluded) == {SIDE_INTENTS}
    assert SIDE_INTENTS <= set(domain["intents"])
    assert "register" not in SIDE_INTENTS and "inform" not in SIDE_INTENTS


def test_the_form_asks_for_every_slot_the_domain_requires():
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
    required = domain["forms"]["registration_form"]["required_slots"]
    asked = {action().name() for action in flows.ASK_ACTIONS.values()}
    assert {f"action_ask_{slot}" for slot in required} <= asked
    assert asked <= set(domain["actions"])
