"""HTTP-level limits: request bodies larger than the setting get 413 before any parsing, and bodies
that arrive too slowly (a client holding the connection open) get 408."""

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import error_response


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


class BodySizeLimit:
    """Reject bodies over `max_bytes` (by Content-Length, or while streaming) with a JSON 413."""

    def __init__(self, app: ASGIApp, max_bytes: int, body_timeout: float = 10.0):
        self.app = app
        self.max_bytes = max_bytes
        self.body_timeout = body_timeout

    def _reply(self):
        return error_response(413, f"request body larger than {self.max_bytes} bytes", "PAYLOAD_TOO_LARGE")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            return await self._reply()(scope, receive, send)
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            try:  # each chunk of the body must arrive within body_timeout
                message = await asyncio.wait_for(receive(), self.body_timeout)
            except TimeoutError:
                raise _TooSlow from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._reply()(scope, receive, send)
        except _TooSlow:
            if not started:
                await error_response(408, f"the request body did not arrive within {self.body_timeout:g} s",
                                     "REQUEST_TIMEOUT", {"Connection": "close"})(scope, receive, send)
