package io.hms.engine.sync.macrochain;

import io.hms.engine.sync.EpochIds;
import java.util.Objects;

/** Outcome of validating a MacroChain reply: usable epoch ids, or proof that the peer lied. */
public sealed interface MacroChainResult permits MacroChainResult.Accepted, MacroChainResult.Malicious {

    /** The reply is plausible; {@code ids} may still say the locator was not found. */
    record Accepted(EpochIds ids) implements MacroChainResult {
        public Accepted {
            Objects.requireNonNull(ids, "ids");
        }
    }

    /** The reply breaks the protocol: ban the peer ({@link MacroChainFault#consequence()}). */
    record Malicious(MacroChainFault fault, String detail) implements MacroChainResult {
        public Malicious {
            Objects.requireNonNull(fault, "fault");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
