package io.hms.actors.node;

import io.hms.actors.network.Network;
import io.hms.engine.store.ChainView;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.RequestType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Asks a peer whether its macro head is ours: a RequestMacroChain whose only locator is our macro
 * head. The peer answers with no epochs and no checkpoint exactly when that block is on its main
 * chain and it has nothing after it (SPEC §2.2: a later election would be listed, a later
 * checkpoint attached), i.e. when its macro head is our macro head.
 */
public final class HeadCheck {
    private HeadCheck() {}

    /** The answer about one peer. */
    public enum Result {
        SAME_HEAD,
        /** The peer has our head and more after it. */
        PEER_AHEAD,
        /** Our head is not on the peer's main chain (it is behind or on another chain). */
        PEER_LACKS_OUR_HEAD,
        /** The peer did not answer. */
        NO_ANSWER
    }

    public static CompletionStage<Result> check(Network network, PeerId peer, ChainView view, Duration timeout) {
        RequestMacroChain ask = new RequestMacroChain(List.of(view.macroHead().hash()), 1);
        return network.request(peer, RequestType.MACRO_CHAIN, ask, timeout).handle((response, failure) -> {
            if (failure != null) {
                return Result.NO_ANSWER;
            }
            if (response instanceof MacroChain chain) {
                return chain.epochs().isEmpty() && chain.checkpoint().isEmpty() ? Result.SAME_HEAD : Result.PEER_AHEAD;
            }
            return Result.PEER_LACKS_OUR_HEAD;
        });
    }
}
