package io.hms.actors.cli;

import io.hms.actors.node.NodeSystem;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.worker.WorkerActor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hms worker}: downloads and verifies ranges for a coordinator ({@code hms sync --role coordinator}). */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        header = "Download and verify epoch ranges for a coordinator, on this machine's connections and cores.",
        description = {
            "Joins the Pekko Cluster of a coordinator (hms sync --role coordinator --cluster-port P) and takes "
                    + "ranges of epochs from it: dials the range's peers itself, downloads and verifies their "
                    + "history and streams the verified batch sets to the coordinator, which applies them in "
                    + "chain order. Runs until Ctrl-C. Workers must be the operator's own machines: the "
                    + "coordinator trusts their verification (docs/ARCHITECTURE.md \"Workers\")."
        })
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--join",
            required = true,
            paramLabel = "HOST:PORT",
            description = "The coordinator's --cluster-host:--cluster-port.")
    String join;

    @Option(
            names = "--peer",
            arity = "1..*",
            paramLabel = "HOST:PORT",
            converter = Converters.HostPortConverter.class,
            description = "Peers to dial at once (repeatable); peers of assigned ranges are dialed as well.")
    List<InetSocketAddress> peers = List.of();

    @Option(
            names = "--cluster-host",
            paramLabel = "HOST",
            description = "Interface this worker's cluster traffic binds to (default: ${DEFAULT-VALUE}).")
    String clusterHost = "127.0.0.1";

    @Option(
            names = "--cluster-port",
            paramLabel = "PORT",
            description = "Port for this worker's cluster traffic (default: ${DEFAULT-VALUE}, any free port).")
    int clusterPort = 0;

    @Option(
            names = "--capacity",
            paramLabel = "N",
            description = "Ranges downloaded at once at most (default: ${DEFAULT-VALUE}).")
    int capacity = 2;

    @Override
    public Integer call() throws Exception {
        if (join.lastIndexOf(':') <= 0 || capacity < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--join needs HOST:PORT and --capacity a positive count");
        }
        HmsSettings settings = HmsSettings.create(NodeSystem.config());
        ActorSystem<Void> system;
        try {
            system = NodeSystem.createClustered("worker", clusterHost, clusterPort, join);
        } catch (RuntimeException e) {
            throw Failures.listen(clusterHost, clusterPort, "--cluster-port", "--cluster-host", e);
        }
        system.systemActorOf(WorkerActor.create(settings, capacity, peers), "hms-worker", Props.empty());
        spec.commandLine().getOut().printf("worker joining %s (capacity %d); Ctrl-C to stop%n", join, capacity);
        spec.commandLine().getOut().flush();
        ServeCommand.awaitShutdown(() -> {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get();
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        });
        return 0;
    }
}
