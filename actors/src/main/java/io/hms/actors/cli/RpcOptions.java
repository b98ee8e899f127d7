package io.hms.actors.cli;

import io.hms.actors.rpc.RpcMethods;
import io.hms.actors.rpc.RpcServer;
import io.hms.actors.rpc.SyncStatusSource;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.store.ChainView;
import java.io.PrintWriter;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Option;

/** {@code --rpc-port} and {@code --rpc-host} of {@code serve} and {@code sync}: the JSON-RPC server (docs/RPC.md). */
final class RpcOptions {
    @Option(
            names = "--rpc-port",
            paramLabel = "P",
            description = "Answer JSON-RPC 2.0 on http://RPC_HOST:P/ (0: any free port; see docs/RPC.md).")
    Integer rpcPort;

    @Option(
            names = "--rpc-host",
            defaultValue = "127.0.0.1",
            paramLabel = "RPC_HOST",
            description = "Address the JSON-RPC server listens on (default ${DEFAULT-VALUE}: this machine only).")
    String rpcHost;

    /** Starts the server if {@code --rpc-port} was given, and says where it listens. */
    Optional<RpcServer> start(
            ActorSystem<?> system, ChainView view, SyncStatusSource sync, HmsSettings settings, PrintWriter w) {
        if (rpcPort == null) {
            return Optional.empty();
        }
        if (rpcPort < 0 || rpcPort > 0xFFFF) {
            throw new CommandFailure("--rpc-port must be in 0..65535", HmsCommand.USAGE);
        }
        try {
            RpcServer server = RpcServer.start(
                    system, new RpcMethods(view, sync, settings.rpc()).processor(), settings.rpc(), rpcHost, rpcPort);
            w.printf(
                    "json-rpc on http://%s:%d/%n",
                    server.address().getHostString(), server.address().getPort());
            w.flush();
            return Optional.of(server);
        } catch (Exception e) {
            throw Failures.listen(rpcHost, rpcPort, "--rpc-port", e);
        }
    }
}
