"""Evaluate the NLU on several held-out sets with the model loaded once (``scripts/eval-nlu``).

``rasa test nlu --out DIR --no-plot`` per set imports TensorFlow and loads the
model anew each time: with eighteen sets that was most of a quarter of an hour
of ``make test`` on two cores. Here Rasa's own evaluation
(``rasa.nlu.test.run_evaluation``, what ``rasa test nlu`` calls) runs once per
set on one loaded agent, writing the same report files into ``DIR/nlu-<set>``,
so ``scripts/check-nlu-report`` reads them as before. The model loads as the
server loads it (``bot.serve.fast_model_load``: the same weights, the same
answers).

Usage: ``python -m bot.eval_nlu MODEL REPORTS_DIR SET.yml...``
"""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from bot.serve import fast_model_load

DOMAIN = Path(__file__).resolve().parent / "domain.yml"


async def evaluate(model: str, reports: Path, sets: list[str]) -> None:
    from rasa.core.agent import Agent
    from rasa.nlu.test import run_evaluation

    agent = Agent.load(model_path=model)
    for data in sets:
        out = reports / f"nlu-{Path(data).stem}"
        out.mkdir(parents=True, exist_ok=True)
        print(f"== rasa test nlu ({data})", flush=True)
        await run_evaluation(data, agent.processor, output_directory=str(out),
                             successes=False, errors=True, disable_plotting=True,
                             domain_path=str(DOMAIN))


def quiet() -> None:
    """Warnings only, as ``rasa test nlu --quiet``: Rasa's debug lines quote the messages' words,
    and the independent sets must never be printed (scripts/check-nlu-report)."""
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING, warn_only_once=True, filter_repeated_logs=True)
    configure_structlog(logging.WARNING)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 3:
        sys.exit("usage: python -m bot.eval_nlu MODEL REPORTS_DIR SET.yml...")
    sys.modules.setdefault("jax", None)  # type: ignore[arg-type]  # as bot.serve: TensorFlow copes without it
    quiet()
    fast_model_load()
    asyncio.run(evaluate(args[0], Path(args[1]), args[2:]))


if __name__ == "__main__":
    main()
