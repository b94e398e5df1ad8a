"""Start the Rasa server (``python -m bot.serve run ...``, same arguments as ``rasa``), faster.

Rasa 3.6 spends most of its start-up loading the DIET classifier: to create
weights of the right shapes it trains one step on a one-example batch, and
Keras first traces that whole training step (loss, CRF entity loss and their
gradients) into a TensorFlow graph, which takes far longer than the step
itself. Here that single step runs eagerly (no graph is traced); the trained
weights are then loaded from the model exactly as before, and prediction is
compiled into a graph as usual (without autograph's rewriting of the Python
source, which DIET's prediction does not need), so the answers are the same. Measured numbers
are in README, "Performance".

Each call to the action server: Rasa 3.6 checks the answer against its JSON
schema with ``jsonschema.validate``, which first checks the schema itself
against the JSON-Schema meta-schema, every time (most of a call's cost
measured here). The same check now runs with a validator built once.

Each call to the action server also opened a new aiohttp session and TCP
connection (Rasa builds a ``ClientSession`` per request); the calls now share
one session per endpoint, its connections kept alive between calls.

Reading events back (tracker store, action answers) looks up each event's
class by walking every subclass of ``Event``; the lookup is now remembered.

Also: TensorFlow's lite converter imports ``jax`` when it is installed, which
Rasa never uses; it is kept out (TensorFlow handles its absence).

Log lines are redacted as in every other process (common/logredact.py), Rasa's
own and Python warnings included: Rasa warns with the raw text of a message
it could not read as an injected intent (the web app sends none, see
webhook/relay.py; this is the second line of defence).
The token of Rasa's HTTP API comes from ``COOPBOT_RASA_TOKEN`` (bot/settings.py)
and is handed to Rasa's argument parser inside this process, never on the
command line, which every local user can read (``ps``).

``COOPBOT_PROFILE_RASA=<file>`` (development only) writes a cProfile of the
whole server to that file when it stops.
"""

from __future__ import annotations

import sys
from typing import Any

from bot import settings
from common import logredact


def fast_model_load() -> None:
    """Patch ``RasaModel.load`` so the one warm-up training step runs eagerly."""
    import tensorflow as tf
    from rasa.utils.tensorflow import models
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator

    if getattr(models.RasaModel.load, "_coopbot_fast", False):
        return

    @classmethod  # type: ignore[misc]
    def load(cls, model_file_name: str, model_data_example: Any, predict_data_example: Any = None,
             finetune_mode: bool = False, *args: Any, **kwargs: Any) -> Any:
        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
        model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
        model.run_eagerly = config.get(RUN_EAGERLY)  # prediction: a traced graph again, as Rasa does
        model.load_weights(model_file_name)
        if not finetune_mode and predict_data_example:
            model.run_inference(predict_data_example)
        return model

    load.__func__._coopbot_fast = True  # type: ignore[attr-defined]
    models.RasaModel.load = load

    stock_predict = models.RasaModel._rasa_predict

    def _rasa_predict(self: Any, batch_in: Any) -> Any:
        """Trace prediction without autograph's source rewriting (plain Python control flow).

        A graph that builds without autograph computes the same; one that would
        need it fails to trace, and then Rasa's own (autograph) tracing runs.
        """
        if self._tf_predict_step is None and not self._run_eagerly:
            self._tf_predict_step = tf.function(
                self.predict_step, input_signature=self._dynamic_signature(batch_in), autograph=False
            )
            try:
                return stock_predict(self, batch_in)
            except Exception:  # noqa: BLE001 - fall back to Rasa's own tracing
                self._tf_predict_step = None
        return stock_predict(self, batch_in)

    models.RasaModel._rasa_predict = _rasa_predict


def fast_action_result_check() -> None:
    """``RemoteAction._validate_action_result`` with a validator built once (same schema, same errors)."""
    from jsonschema import ValidationError, validators
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    if getattr(RemoteAction._validate_action_result, "_coopbot_fast", False):
        return
    spec = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(spec)
    validator_class.check_schema(spec)
    validator = validator_class(spec)

    def _validate_action_result(self: Any, result: dict) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as e:
            e.message += (
                ". Failed to validate Action server response from API, "
                "make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise e

    _validate_action_result._coopbot_fast = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result


# Well below the action server's keep-alive timeout (sanic: 120 s), so an idle
# connection is dropped by this side first and never reused as it closes.
KEEPALIVE_SECONDS = 15.0


def pooled_endpoint_sessions() -> None:
    """``EndpointConfig.session`` returns one long-lived session per endpoint and event loop.

    Rasa enters ``async with self.session() as session`` for every request, so
    the shared session is handed out behind a context manager that does not
    close it. The session is built exactly as Rasa builds it (headers, basic
    auth, timeout); only its connector keeps connections alive.
    """
    import asyncio
    import contextlib

    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    if getattr(EndpointConfig.session, "_coopbot_fast", False):
        return
    sessions: dict = {}

    def session(self: Any) -> Any:
        loop = asyncio.get_running_loop()
        key = (self.url, repr(self.headers), repr(self.basic_auth), loop)
        shared = sessions.get(key)
        if shared is None or shared.closed:
            auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                    if self.basic_auth else None)
            shared = aiohttp.ClientSession(
                headers=self.headers, auth=auth,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
            )
            sessions[key] = shared

        @contextlib.asynccontextmanager
        async def borrowed() -> Any:
            yield shared

        return borrowed()

    session._coopbot_fast = True  # type: ignore[attr-defined]
    EndpointConfig.session = session  # type: ignore[method-assign]


def fast_event_lookup() -> None:
    """``Event.resolve_by_type`` remembers each event type's class.

    Rasa 3.6 walks every subclass of ``Event`` for each event it reads back
    (every event of the conversation on each tracker read, and each event an
    action returns); the classes never change while the server runs.
    """
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    if getattr(original, "_coopbot_fast", False):
        return
    known: dict = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        cls = known.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                known[type_name] = cls
        return cls

    resolve_by_type._coopbot_fast = True  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]


def _profile_to(path: str) -> None:
    import atexit
    import cProfile

    profile = cProfile.Profile()
    profile.enable()
    atexit.register(lambda: (profile.disable(), profile.dump_stats(path)))


def main(argv: list[str] | None = None) -> None:
    logredact.capture_warnings()
    if settings.profile_to():
        _profile_to(settings.profile_to())
    sys.modules.setdefault("jax", None)  # type: ignore[arg-type]  # import jax -> ImportError
    fast_model_load()
    fast_action_result_check()
    pooled_endpoint_sessions()
    fast_event_lookup()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *with_token(list(sys.argv[1:] if argv is None else argv))]
    rasa_main()


def with_token(args: list[str]) -> list[str]:
    """``args`` of ``run`` with ``--auth-token`` from ``COOPBOT_RASA_TOKEN`` when they name none.

    In the ``=`` form: a token starting with "-" must not read as an option.
    """
    token = settings.rasa_token()
    if token and args[:1] == ["run"] and not any(arg == "--auth-token" or arg.startswith("--auth-token=") for arg in args):
        return [*args, f"--auth-token={token}"]
    return args


if __name__ == "__main__":
    main()
