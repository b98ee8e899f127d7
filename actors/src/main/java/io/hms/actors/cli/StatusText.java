package io.hms.actors.cli;

import io.hms.actors.node.StatusReport;
import java.io.PrintWriter;

/** The text form of a {@link StatusReport}. */
final class StatusText {
    private StatusText() {}

    static void print(StatusReport r, PrintWriter w) {
        w.printf("chain         network %d, %s, genesis %s%n", r.networkId(), r.policy(), r.genesisHash());
        w.printf(
                "macro head    block %d (%s, epoch %d) %s%n",
                r.macroHead().blockNumber(),
                r.macroHead().kind(),
                r.macroHead().epoch(),
                r.macroHead().hash());
        w.printf(
                "election head block %d (epoch %d) %s%n",
                r.electionHead().blockNumber(),
                r.electionHead().epoch(),
                r.electionHead().hash());
        w.printf("epochs        %d complete%n", r.completeEpochs());
        w.printf("transactions  %d%n", r.transactions());
        w.printf("store         %s, services %s%n", r.pruned() ? "pruned" : "archive", r.services());
        w.printf("history       %-7s %-10s %-64s %s%n", "epoch", "leaves", "root", "header");
        for (StatusReport.EpochHistory h : r.history()) {
            w.printf(
                    "              %-7d %-10d %-64s %s%n",
                    h.epoch(), h.leaves(), h.root().orElse("(pruned)"), h.matchesHeader() ? "matches" : "DIFFERS");
        }
    }
}
