package io.hms.actors.cli;

import io.hms.actors.bench.HmsProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker JVMs of {@code hms demo --workers N}: {@code hms worker --join} child processes (same
 * java, class path and class-data archive as the demo) that take ranges from the demo's coordinator;
 * stopped and summarized from their logs at the end.
 */
final class DemoWorkers implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("range: cluster \\d+ \\((\\d+) epochs from");

    /** One worker's output in numbers. */
    record Summary(int index, long pid, int ranges, long epochs, long errors, Path log) {}

    private final List<HmsProcess> processes = new ArrayList<>();

    private DemoWorkers() {}

    /** A free loopback port for the coordinator's cluster traffic. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code count} workers joining {@code 127.0.0.1:clusterPort}, each dialing {@code peers}; logs in {@code dir}. */
    static DemoWorkers start(int count, int clusterPort, List<InetSocketAddress> peers, Path dir) throws IOException {
        DemoWorkers workers = new DemoWorkers();
        try {
            for (int i = 1; i <= count; i++) {
                List<String> args =
                        new ArrayList<>(List.of("worker", "--join", "127.0.0.1:" + clusterPort, "--capacity", "1"));
                peers.forEach(p -> {
                    args.add("--peer");
                    args.add(p.getHostString() + ":" + p.getPort());
                });
                workers.processes.add(HmsProcess.start(
                        HmsCommand.class.getName(), List.of("-Xmx256m"), args, dir.resolve("worker-" + i + ".log")));
            }
        } catch (IOException | RuntimeException e) {
            workers.close();
            throw e;
        }
        return workers;
    }

    List<Long> pids() {
        return processes.stream().map(HmsProcess::pid).toList();
    }

    /** Stops every worker (SIGTERM, then SIGKILL after 10 s) and reads what each did from its log. */
    List<Summary> stopAndSummarize() throws IOException {
        close();
        List<Summary> out = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            HmsProcess p = processes.get(i);
            int ranges = 0;
            long epochs = 0;
            long errors = 0;
            for (String line : Files.readAllLines(p.log(), StandardCharsets.UTF_8)) {
                Matcher m = RANGE.matcher(line);
                if (m.find()) {
                    ranges++;
                    epochs += Long.parseLong(m.group(1));
                }
                if (line.contains(" ERROR ")) {
                    errors++; // not WARN: a stopping worker warns that its cluster links went away
                }
            }
            out.add(new Summary(i + 1, p.pid(), ranges, epochs, errors, p.log()));
        }
        return out;
    }

    static void print(List<Summary> summaries, PrintWriter w) {
        w.println("workers (ranges started before they registered, or while none had room, ran on the coordinator):");
        for (Summary s : summaries) {
            w.printf(
                    "  worker %d (pid %d): %s, %s downloaded and verified, %s logged; log %s%n",
                    s.index(),
                    s.pid(),
                    Units.count(s.ranges(), "range"),
                    Units.count(s.epochs(), "epoch"),
                    Units.count(s.errors(), "error"),
                    s.log().getFileName());
        }
    }

    @Override
    public void close() {
        for (HmsProcess p : processes) {
            try {
                p.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
