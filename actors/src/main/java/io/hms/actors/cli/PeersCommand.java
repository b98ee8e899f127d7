package io.hms.actors.cli;

import io.hms.actors.admin.AdminAddress;
import io.hms.actors.admin.NodeStatus;
import io.hms.actors.admin.PeerRow;
import io.hms.actors.node.DataDirectory;
import io.hms.protocol.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hms peers}: the peers of the node running on a data directory, from its admin endpoint. */
@Command(
        name = "peers",
        mixinStandardHelpOptions = true,
        header = "Show the peers of the node running on a data directory.",
        description = {
            "Asks the 'hms serve' or 'hms sync' running on the data directory (its admin endpoint, whose"
                    + " address it wrote to DIR/admin.json) for its peers: each peer's state (syncing, Good, "
                    + "Outdated, Incompatible, Banned, connected, unreachable, refused) with its reason, the "
                    + "bytes received from and sent to it, our requests to it and how many failed, its "
                    + "requests we served and how many we refused; then the network's running bans. Exits "
                    + "with 1 when no node runs on the directory."
        })
final class PeersCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Option(names = "--json", description = "Print the endpoint's JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DataDirectory dir = data.directory();
        String body = get(dir, "/peers");
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(body.strip());
        } else {
            print(Json.mapper().readValue(body, NodeStatus.Peers.class), w);
        }
        w.flush();
        return 0;
    }

    /** The body of {@code GET path} at the admin endpoint of the node running on {@code dir}. */
    static String get(DataDirectory dir, String path) throws InterruptedException {
        Optional<AdminAddress> found;
        try {
            found = AdminAddress.read(dir);
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + dir.adminFile() + ": " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw new CommandFailure("no hms node is running on " + dir.root() + " (no " + dir.adminFile()
                    + "; start 'hms serve' or 'hms sync' there)");
        }
        AdminAddress at = found.get();
        if (!at.alive()) {
            throw new CommandFailure("no hms node is running on " + dir.root() + " (" + dir.adminFile()
                    + " names process " + at.pid() + ", which has ended)");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(at.url() + path))
                .timeout(TIMEOUT)
                .GET()
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new CommandFailure("the node's admin endpoint at " + at.url() + " answered "
                        + response.statusCode() + ": " + response.body().strip());
            }
            return response.body();
        } catch (IOException e) {
            throw new CommandFailure(
                    "the " + at.role() + " node on " + dir.root() + " does not answer at " + at.url() + ": " + e);
        }
    }

    static void print(NodeStatus.Peers peers, PrintWriter w) {
        if (peers.peers().isEmpty()) {
            w.printf("no peers (%s node)%n", peers.role());
        } else {
            int width = Math.max(
                    4,
                    peers.peers().stream()
                            .mapToInt(p -> p.peer().length())
                            .max()
                            .orElse(4));
            String row = "%-" + width + "s  %-12s  %-8s  %10s  %10s  %13s  %13s  %s%n";
            w.printf(row, "peer", "state", "dir", "received", "sent", "req sent/fail", "served/refused", "reason");
            for (PeerRow p : peers.peers()) {
                w.printf(
                        row,
                        p.peer(),
                        p.state(),
                        p.direction().isEmpty() ? "-" : p.direction(),
                        Units.bytes(p.bytesReceived()),
                        Units.bytes(p.bytesSent()),
                        p.requestsSent() + "/" + p.requestsFailed(),
                        p.requestsServed() + "/" + p.requestsRefused(),
                        reason(p));
            }
        }
        for (NodeStatus.Ban b : peers.bans()) {
            w.printf("banned %s until %s: %s%n", b.key(), b.until(), b.reason());
        }
    }

    /** The reason in plain words; the code stays in {@code --json}. */
    private static String reason(PeerRow p) {
        return PeerReasons.forRow(p.state(), p.reasonCode(), p.reason());
    }
}
