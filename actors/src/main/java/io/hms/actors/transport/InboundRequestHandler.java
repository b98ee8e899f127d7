package io.hms.actors.transport;

import io.hms.protocol.message.Request;
import io.hms.protocol.message.Response;

/**
 * Answers a peer's request; the serving node adapts the engine's request handlers over its
 * ChainView to this. Called on the blocking dispatcher, several calls at once; it may block on the
 * store. It answers with the request family's response (its error arm for anything the request
 * asks that we cannot give) and throws only on a local failure, which the transport answers as
 * {@code INTERNAL}.
 */
@FunctionalInterface
public interface InboundRequestHandler {
    Response handle(Request request);
}
