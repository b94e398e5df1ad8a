"""coopbot's rasa-sdk action server: the conversation logic behind the Rasa assistant.

- ``form``            validation of the registration form (every answer goes through it)
- ``flows``           starting / finishing a flow, side answers, start over, resend, ...
- ``extract``         finds account numbers, names, e-mail, ZIP, last 4 ... in a text (pure Python)
- ``messages``        every reply text, at most 2 SMS segments once folded to GSM-7 (``common.gsm``)
- ``backend_client``  the only module that talks HTTP to the backend API
- ``serve``           ``python -m actions.serve --port N`` (loopback only)
"""
