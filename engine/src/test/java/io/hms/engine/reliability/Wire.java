package io.hms.engine.reliability;

import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.store.ChainView;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;

/**
 * Serves a request the way a node does: the request is encoded and decoded with its family's codec,
 * handled, and the response is encoded and decoded again, so a test sees exactly what a peer would
 * receive and a response the codec cannot carry fails the test.
 */
final class Wire {
    private Wire() {}

    static Response serve(RequestHandlers handlers, ChainView view, Request request) {
        Request decoded = decodeRequest(request.type(), request);
        Response response = handlers.handle(decoded, view);
        return roundTripResponse(request.type(), response);
    }

    @SuppressWarnings("unchecked")
    private static <Q extends Request, R extends Response> Request decodeRequest(RequestType<Q, R> type, Request r) {
        try {
            return type.requestCodec().decode(type.requestCodec().encode((Q) r));
        } catch (DecodeException e) {
            throw new AssertionError("the codec does not carry the request " + r + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static <Q extends Request, R extends Response> Response roundTripResponse(RequestType<Q, R> type, Response r) {
        try {
            return type.responseCodec().decode(type.responseCodec().encode((R) r));
        } catch (ClassCastException e) {
            throw new AssertionError(
                    "a " + type + " request was answered with " + r.getClass().getSimpleName(), e);
        } catch (DecodeException e) {
            throw new AssertionError("the codec does not carry the response " + r + ": " + e.getMessage(), e);
        }
    }
}
