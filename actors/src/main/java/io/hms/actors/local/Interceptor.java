package io.hms.actors.local;

import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.Response;
import java.time.Duration;
import java.util.Objects;

/**
 * Fault injection for one serving node of a {@link LocalNetworkHub}: sees each request with the
 * honest response and decides what the requester gets. Tests build lying, slow and vanishing
 * peers with it. Called on the hub's handler threads; implementations must be thread-safe.
 */
@FunctionalInterface
public interface Interceptor {

    Action intercept(PeerId requester, Request request, Response honest);

    /** What happens to one response. */
    sealed interface Action permits Deliver, Replace, ReplaceBytes, Drop, Delay, Disconnect {}

    /** Deliver the honest response. */
    enum Deliver implements Action {
        INSTANCE
    }

    /** Deliver {@code response} instead; it is encoded like any response, so it must be encodable. */
    record Replace(Response response) implements Action {
        public Replace {
            Objects.requireNonNull(response, "response");
        }
    }

    /** Deliver these bytes as the response body (e.g. garbage the requester must fail to decode). */
    record ReplaceBytes(byte[] body) implements Action {
        public ReplaceBytes {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /** Never answer: the requester's timeout fires. */
    enum Drop implements Action {
        INSTANCE
    }

    /** Deliver the honest response after {@code delay} (past the requester's timeout it is a timeout). */
    record Delay(Duration delay) implements Action {
        public Delay {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** Close the connection instead of answering: the requester sees the peer leave. */
    enum Disconnect implements Action {
        INSTANCE
    }

    /** The honest behaviour. */
    static Interceptor honest() {
        return (requester, request, response) -> Deliver.INSTANCE;
    }
}
