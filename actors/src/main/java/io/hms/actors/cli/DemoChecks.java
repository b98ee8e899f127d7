package io.hms.actors.cli;

import io.hms.actors.node.StatusReport;
import java.io.PrintWriter;
import java.util.List;

/** The checks of {@code hms demo}: the synced node against the chain it was synced from. */
final class DemoChecks {
    private DemoChecks() {}

    /** Prints one line per check; true if all pass. */
    static boolean print(StatusReport source, StatusReport synced, List<SyncSession.PeerLine> peers, PrintWriter w) {
        w.println("checks:");
        boolean heads = source.macroHead().equals(synced.macroHead())
                && source.electionHead().equals(synced.electionHead());
        line(
                w,
                heads,
                "heads equal",
                "macro head block " + synced.macroHead().blockNumber() + " "
                        + synced.macroHead().hash().substring(0, 16) + "..., election head block "
                        + synced.electionHead().blockNumber());
        boolean roots = source.history().equals(synced.history())
                && synced.history().stream().allMatch(StatusReport.EpochHistory::matchesHeader);
        line(
                w,
                roots,
                "history roots equal",
                Units.count(synced.history().size(), "epoch") + ", recomputed from both stores");
        boolean txs = source.transactions() == synced.transactions();
        line(w, txs, "transaction counts equal", source.transactions() + " = " + synced.transactions());
        boolean good = peers.stream().anyMatch(SyncSession.PeerLine::goodWithOurHead);
        line(
                w,
                good,
                "a Good peer has our head",
                peers.stream().filter(SyncSession.PeerLine::goodWithOurHead).count() + " of "
                        + Units.count(peers.size(), "peer"));
        boolean incompatible = peers.stream().anyMatch(p -> p.result().equals("Incompatible"));
        line(w, incompatible, "the pruned peer was refused", "Incompatible: it offers no history service");
        return heads && roots && txs && good && incompatible;
    }

    private static void line(PrintWriter w, boolean ok, String what, String detail) {
        w.printf("  %-4s %-26s %s%n", ok ? "ok" : "FAIL", what, detail);
    }
}
