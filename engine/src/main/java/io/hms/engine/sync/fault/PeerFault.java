package io.hms.engine.sync.fault;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hms.engine.sync.ingest.ChunkFault;
import io.hms.engine.sync.macrochain.MacroChainFault;
import io.hms.verifier.Consequence;
import io.hms.verifier.Fault;
import java.util.Objects;

/**
 * Why a peer's answer proved it wrong, whichever check found it: one value carried from the check
 * to the cluster, the supervisor, the sync's events, the metrics and the CLI's peer table. Each
 * source keeps its own enum, so the detail reaches the top (STYLE items 8 and 33); {@link #name()}
 * is the constant's name, the code users see, and {@link #consequence()} what it means for the peer.
 *
 * <p>The Jackson annotations let the actor messages that carry a fault cross the wire (they are
 * serialized with Jackson CBOR); the engine itself never serializes one.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "source")
@JsonSubTypes({
    @JsonSubTypes.Type(PeerFault.Verification.class),
    @JsonSubTypes.Type(PeerFault.Chunk.class),
    @JsonSubTypes.Type(PeerFault.MacroChain.class),
    @JsonSubTypes.Type(PeerFault.Breach.class)
})
public sealed interface PeerFault
        permits PeerFault.Verification, PeerFault.Chunk, PeerFault.MacroChain, PeerFault.Breach {

    /** The code shown to users: the name of the failed check's constant. */
    String name();

    /** Whether the fault proves the peer lied ({@link Consequence#BAN}) or only that its data does not fit ours. */
    Consequence consequence();

    /** A macro block, justification, batch-set info or history proof check of the verifier failed. */
    record Verification(Fault fault) implements PeerFault {
        public Verification {
            Objects.requireNonNull(fault, "fault");
        }

        @Override
        public String name() {
            return fault.name();
        }

        @Override
        public Consequence consequence() {
            return fault.consequence();
        }
    }

    /** A history chunk verified but is not the chunk the request asked for (SPEC §7.2 item 16). */
    record Chunk(ChunkFault fault) implements PeerFault {
        public Chunk {
            Objects.requireNonNull(fault, "fault");
        }

        @Override
        public String name() {
            return fault.name();
        }

        /** {@link Consequence#BAN} when the chunk proves the peer wrong, else {@link Consequence#RETRY}. */
        @Override
        public Consequence consequence() {
            return fault.peerAtFault() ? Consequence.BAN : Consequence.RETRY;
        }
    }

    /** A MacroChain reply that no honest server produces (SPEC §4.4). */
    record MacroChain(MacroChainFault fault) implements PeerFault {
        public MacroChain {
            Objects.requireNonNull(fault, "fault");
        }

        @Override
        public String name() {
            return fault.name();
        }

        @Override
        public Consequence consequence() {
            return fault.consequence();
        }
    }

    /**
     * The transport closed the connection because the peer broke the wire protocol (garbage, an
     * oversize frame, an unknown type, a misplaced Hello). {@code reason} is the transport's close
     * reason, whose enum lives in the actors' transport, above this module.
     */
    record Breach(String reason) implements PeerFault {
        public Breach {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String name() {
            return reason;
        }

        @Override
        public Consequence consequence() {
            return Consequence.BAN;
        }
    }
}
