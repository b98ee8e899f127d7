package io.hms.actors.cli;

import io.hms.actors.events.OutdatedReason;
import io.hms.actors.node.HeadCheck;
import io.hms.actors.transport.CloseReason;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.message.Services;
import java.util.Locale;

/**
 * Every reason a peer can end up with, said once in plain words for the peer table; the technical
 * code ({@link PeerReason#code()}) stays for JSON and logs. The switches have no default, so a new
 * reason constant fails the build until it has its sentence.
 */
final class PeerReasons {
    private PeerReasons() {}

    /** A reason: the code a program matches on and the sentence a person reads. */
    record PeerReason(String code, String text) {}

    static PeerReason outdated(OutdatedReason reason) {
        return new PeerReason(
                reason.name(),
                switch (reason) {
                    case UNKNOWN_LOCATORS -> "on a different chain, or behind us (none of our blocks known)";
                    case BEHIND -> "behind us (its chain ends at or before ours)";
                    case FORK -> "on another fork (its election block at our head differs from ours)";
                    case NOTHING_NEW -> "nothing new (we have, or are fetching, everything it offers)";
                    case CLUSTER_FAILED -> "its chain could not be proved to fit ours (asked again later)";
                });
    }

    static PeerReason banned(PeerFault fault) {
        String check = words(fault.name());
        String text;
        if (fault instanceof PeerFault.Verification) {
            text = "sent a block or proof that fails verification (" + check + ")";
        } else if (fault instanceof PeerFault.Chunk) {
            text = "sent a history chunk other than the one asked for (" + check + ")";
        } else if (fault instanceof PeerFault.MacroChain) {
            text = "sent an impossible list of epochs (" + check + ")";
        } else {
            text = "broke the wire protocol: " + breach(fault.name());
        }
        return new PeerReason(fault.name(), "banned: it " + text);
    }

    /** Why a dialed peer's connection closed or could not be made. */
    static PeerReason closed(CloseReason reason) {
        return new PeerReason(
                reason.name(),
                switch (reason) {
                    case OVERSIZE_FRAME -> "not an hms node (sent an oversized frame)";
                    case MALFORMED_FRAME -> "not an hms node (sent bytes that are not an hms frame)";
                    case UNKNOWN_TYPE -> "not an hms node (sent a request hms does not know)";
                    case PROTOCOL_VIOLATION -> "not an hms node (did not begin with the hms handshake)";
                    case HANDSHAKE_TIMEOUT -> "no hms handshake in time (not an hms node, or far too slow)";
                    case PROTOCOL_VERSION_MISMATCH -> "speaks another version of the hms protocol";
                    case NETWORK_MISMATCH -> "on another network (a different network id)";
                    case GENESIS_MISMATCH -> "on another chain (a different genesis block)";
                    case SELF_CONNECTION -> "this node itself";
                    case DUPLICATE_CONNECTION -> "already connected under another address";
                    case BANNED -> "banned here: its data proved it lied";
                    case FRAME_TOO_LARGE -> "sent a frame larger than allowed at that point";
                    case FRAME_TIMEOUT -> "stalled in the middle of a frame";
                    case IDLE -> "went silent (nothing sent within the idle timeout)";
                    case CONNECT_FAILED -> "could not connect (refused, unreachable or timed out)";
                    case REMOTE_CLOSED -> "it closed the connection";
                    case LOCAL_DISCONNECT -> "disconnected by this node";
                    case SHUTDOWN -> "this node is shutting down";
                    case TOO_MANY_CONNECTIONS -> "this node has too many connections";
                    case TOO_MANY_FROM_ADDRESS -> "this node has too many connections from its address";
                    case REFUSED_BY_REMOTE -> "it refused us (it banned us, or is full)";
                });
    }

    static PeerReason incompatible(long services) {
        return new PeerReason(
                "MISSING_SERVICES",
                "no history service (a pruned node?): offers " + Services.describe(services)
                        + ", a history sync needs HISTORY|FULL_BLOCKS");
    }

    static PeerReason head(HeadCheck.Result head) {
        return new PeerReason(
                head.name(),
                switch (head) {
                    case SAME_HEAD -> "its head is ours";
                    case PEER_AHEAD -> "it has blocks beyond our head (produced since)";
                    case PEER_LACKS_OUR_HEAD -> "it does not have our head";
                    case NO_ANSWER -> "did not answer the head check";
                });
    }

    /**
     * {@code text}, with how many of our requests the peer left unanswered if any: a peer that
     * answers the head check but lets every download request time out (a silent or overloaded peer)
     * is still Good, since it lied about nothing, and the table says what it cost instead.
     */
    static String withUnanswered(String text, long sent, long unanswered) {
        if (unanswered <= 0) {
            return text;
        }
        return text + "; " + unanswered + " of our " + sent + " request" + (sent == 1 ? "" : "s") + " got no answer";
    }

    /**
     * The plain sentence for a peer row of the admin endpoint ({@code hms peers}), whose state and
     * code arrive as strings; a code this build does not know stays as it is.
     */
    static String forRow(String state, String code, String detail) {
        if (code.isEmpty()) {
            return detail;
        }
        String text = switch (state) {
            case "Outdated" ->
                named(OutdatedReason.class, code).map(r -> outdated(r).text()).orElse(words(code));
            case "Banned" -> "banned: " + words(code);
            case "Incompatible" -> "no history service (a pruned node?)";
            default -> named(CloseReason.class, code).map(r -> closed(r).text()).orElse(words(code));
        };
        return detail.isEmpty() ? text : text + " (" + detail + ")";
    }

    private static <E extends Enum<E>> java.util.Optional<E> named(Class<E> type, String code) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(code)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }

    /** A protocol breach's code (a close reason's name) in plain words. */
    private static String breach(String code) {
        for (CloseReason r : CloseReason.values()) {
            if (r.name().equals(code)) {
                return closed(r).text();
            }
        }
        return words(code);
    }

    private static String words(String code) {
        return code.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
