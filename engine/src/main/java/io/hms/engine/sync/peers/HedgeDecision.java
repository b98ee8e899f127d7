package io.hms.engine.sync.peers;

import java.time.Duration;
import java.util.Objects;

/** {@link PeerScheduler#hedge}'s answer for a request still outstanding. */
public sealed interface HedgeDecision {

    /** Send a duplicate as {@code dispatch}; whichever answer verifies first is taken. */
    record Hedge(Dispatch dispatch) implements HedgeDecision {
        public Hedge {
            Objects.requireNonNull(dispatch, "dispatch");
        }
    }

    /** Not now: ask again after {@code checkAfter} if the request is still open. */
    record Wait(Duration checkAfter) implements HedgeDecision {
        public Wait {
            Objects.requireNonNull(checkAfter, "checkAfter");
        }
    }
}
