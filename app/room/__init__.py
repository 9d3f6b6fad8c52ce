"""The drill room (Qt-free): seats, evaluators and a presenter join a running drill
session from their own devices on the local network.

* ``roster``: who may join and their tokens (one per seat, evaluator, presenter).
* ``views``: what each of them sees, built from the session where it is driven.
* ``requests``: their submissions, checked, then turned into one session call each.
* ``owner``: the one thread that drives the session (``LoopOwner`` when headless).
* ``net``: the address to bind (one interface, never a wildcard) and the LAN addresses.
* ``qr``: the join links as QR codes (segno), for the console and the task cards.
* ``server``: the aiohttp HTTP + WebSocket server on its own thread.
* ``serve``: ``python -m app drill serve`` (a room without the console).

Importing this package imports no aiohttp: only ``app.room.server`` does.
"""
