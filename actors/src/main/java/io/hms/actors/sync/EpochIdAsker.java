package io.hms.actors.sync;

import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.peer.PeerReply;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusteringState;
import io.hms.engine.sync.macrochain.LocatorBuilder;
import io.hms.engine.sync.macrochain.MacroChainRequest;
import io.hms.engine.sync.macrochain.MacroChainResult;
import io.hms.engine.sync.macrochain.MacroChainValidator;
import io.hms.protocol.message.MacroChainResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The supervisor's epoch-id requests (SPEC §4.3 {@code add_peer}, §4.4): builds each request from
 * one snapshot of our chain, sends it through the peer's {@link PeerActor} with the answer coming
 * back to the supervisor as a message, and judges the answer. At most one request is out per peer
 * (SPEC §7.2 item 29). Used only from the supervisor's thread.
 */
final class EpochIdAsker {
    private final ActorContext<HistoryMacroSync.Command> context;
    private final SyncPeers peers;
    private final ChainReader chain;
    private final HmsSettings settings;
    private final LocatorBuilder locators;
    private final MacroChainValidator validator;
    private boolean closed;

    EpochIdAsker(
            ActorContext<HistoryMacroSync.Command> context, SyncPeers peers, ChainReader chain, HmsSettings settings) {
        this.context = context;
        this.peers = peers;
        this.chain = chain;
        this.settings = settings;
        this.locators = new LocatorBuilder(settings.sync().maxRequestEpochs());
        this.validator = new MacroChainValidator(chain.policy());
    }

    /** Asks {@code peer} for epoch ids unless it is in a cluster of {@code clusters} or already asked. */
    void ask(PeerId peer, ClusteringState clusters) {
        Optional<ActorRef<PeerActor.Command>> ref = peers.usable(peer);
        if (closed || ref.isEmpty() || clusters.isTracked(peer) || peers.isAsked(peer)) {
            return;
        }
        MacroChainRequest request = chain.epochIdRequest(locators);
        peers.asked(peer, request);
        Duration timeout = settings.syncActors().macroChainTimeout();
        context.ask(
                PeerReply.class,
                ref.get(),
                PeerActor.replyWithin(timeout, settings.syncActors().replyMargin()),
                replyTo -> new PeerActor.Send(request.request(), timeout, replyTo),
                (reply, error) -> new HistoryMacroSync.EpochIdsReply(
                        peer,
                        request,
                        reply != null
                                ? reply
                                : new PeerReply.Failed(peer, -1, NetworkFailure.Kind.TIMEOUT, String.valueOf(error))));
    }

    /** Asks nothing more (the sync is stopping). */
    void close() {
        closed = true;
    }

    /** Takes the answered request off the list; false if it is stale (the peer left or was asked anew since). */
    boolean isCurrent(HistoryMacroSync.EpochIdsReply r) {
        return peers.answered(r.peer(), r.request());
    }

    /**
     * Judges a current answer (SPEC §4.3 step 2, §4.4); empty if the request failed, in which case
     * the peer is disconnected.
     */
    Optional<MacroChainResult> judge(HistoryMacroSync.EpochIdsReply r) {
        if (r.reply() instanceof PeerReply.Failed f) {
            context.getLog().debug("epoch ids from peer={} failed: {} {}", r.peer(), f.kind(), f.detail());
            peers.disconnect(r.peer(), DisconnectReason.ERROR);
            return Optional.empty();
        }
        // An answer of another family never gets here: the transport fails it as
        // MALFORMED_RESPONSE (PendingRequests.onResponse), so this cast cannot fail.
        MacroChainResponse response = (MacroChainResponse) ((PeerReply.Answered) r.reply()).response();
        return Optional.of(validator.validate(r.request(), r.peer(), response));
    }
}
