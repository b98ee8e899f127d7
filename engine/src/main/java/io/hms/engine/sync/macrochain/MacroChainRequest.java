package io.hms.engine.sync.macrochain;

import io.hms.protocol.message.RequestMacroChain;
import java.util.Objects;

/**
 * A RequestMacroChain together with what its reply is judged against: the epoch of our election
 * head when the request was built (SPEC §4.4 "remember e0"). The caller keeps it until the reply
 * arrives, because our chain may advance in between.
 */
public record MacroChainRequest(RequestMacroChain request, long electionHeadEpoch) {
    public MacroChainRequest {
        Objects.requireNonNull(request, "request");
        if (electionHeadEpoch < 0) {
            throw new IllegalArgumentException("negative epoch " + electionHeadEpoch);
        }
    }

    public int maxEpochs() {
        return request.maxEpochs();
    }
}
