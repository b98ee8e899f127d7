package io.hms.actors.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.hms.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Queries per second over HTTP (docs/BENCHMARKS.md, "JSON-RPC over HTTP"): starts {@code hms serve
 * --data DIR --rpc-port 0} as a child JVM with the per-client rate limit raised ({@code
 * -Dhms.rpc.rate-limit.requests-per-second} and {@code .burst}, as any node can be configured: all
 * clients here share one IP address, so one bucket), samples transactions and addresses through
 * {@code getBlockByNumber} of random blocks, then for {@code getTransactionsByAddress} (transfer
 * parties, page of {@code hms.rpc.default-page} = 100) and {@code getTransactionInclusionProof} runs
 * 1, 4 and 16 concurrent clients in a closed loop (each its own HTTP/1.1 connection, a call sent as
 * soon as the previous answer arrived), each point {@code warmup} then {@code seconds} long. It
 * prints calls per second, the mean and 99th-percentile latency, and the server process's CPU time
 * per call (steadier than rates on a shared machine). Not a test: a command.
 *
 * <pre>
 * mvn -B -o -q package -pl actors -am -DskipTests
 * java -jar actors/target/hms-actors-*-all.jar generate --out DIR --policy test --epochs 25 \
 *     --txs-per-batch 10000 --unsigned-transfers
 * java -cp "actors/target/hms-actors-0.1.0-SNAPSHOT-all.jar:actors/target/test-classes" \
 *     io.hms.actors.bench.RpcQueryBench DIR [seconds=20] [warmup=5] [clients=1,4,16]
 * </pre>
 */
final class RpcQueryBench {
    private static final Pattern LISTENING = Pattern.compile("json-rpc on (http://[\\d.]+:\\d+/)");
    /** Blocks whose transactions are sampled. */
    private static final int SAMPLED_BLOCKS = 60;

    private RpcQueryBench() {}

    /** One measured point. */
    record Point(String method, int clients, long calls, long errors, double seconds, double cpuSeconds, long[] us) {
        String row() {
            long[] sorted = us.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElse(0) / 1000.0;
            double p99 =
                    sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)] / 1000.0;
            return String.format(
                    "| %s | %d | %,.0f | %.2f | %.2f | %.0f | %d |",
                    method, clients, calls / seconds, mean, p99, cpuSeconds / calls * 1e6, errors);
        }
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int[] clients = args.length > 3
                ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 4, 16};
        Path log = Files.createTempFile("hms-rpc-bench-serve", ".log");
        try (HmsProcess serve = HmsProcess.start(
                "io.hms.actors.cli.HmsCommand",
                List.of(
                        "-Xmx1g",
                        // the shaded jar's logging, not test-classes' logback-test.xml
                        "-Dlogback.configurationFile=logback.xml",
                        "-Dhms.rpc.rate-limit.requests-per-second=1000000",
                        "-Dhms.rpc.rate-limit.burst=1000000"),
                List.of("serve", "--data", data.toString(), "--port", "0", "--rpc-port", "0"),
                log)) {
            serve.awaitServing(Duration.ofMinutes(2));
            URI url = URI.create(listening(log));
            ProcessHandle server = ProcessHandle.of(serve.pid()).orElseThrow();
            List<String> hashes = new ArrayList<>();
            List<String> parties = new ArrayList<>();
            sample(url, hashes, parties);
            System.out.printf(
                    "server pid %d on %s; sampled %d transactions, %d transfer parties; load %s%n",
                    serve.pid(), url, hashes.size(), parties.size(), loadAverage());
            System.out.println("| method | clients | calls/s | mean ms | p99 ms | server CPU µs/call | errors |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (String method : List.of("getTransactionsByAddress", "getTransactionInclusionProof")) {
                List<String> keys = method.equals("getTransactionsByAddress") ? parties : hashes;
                for (int n : clients) {
                    run(url, server, method, keys, n, warmup); // warm-up, not reported
                    Point p = run(url, server, method, keys, n, seconds);
                    System.out.println(p.row() + " load " + loadAverage());
                }
            }
        }
    }

    /** {@code n} clients calling {@code method} on random {@code keys} for {@code seconds}. */
    private static Point run(URI url, ProcessHandle server, String method, List<String> keys, int n, int seconds)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        long cpu0 = cpuNanos(server);
        long t0 = System.nanoTime();
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            SplittableRandom rnd = new SplittableRandom(c * 7919L + seconds);
            results.add(pool.submit(() -> client(url, method, keys, rnd, stop)));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long calls = 0;
        long errors = 0;
        List<long[]> latencies = new ArrayList<>();
        for (Future<long[]> f : results) {
            long[] r = f.get();
            errors += r[0];
            calls += r.length - 1;
            latencies.add(Arrays.copyOfRange(r, 1, r.length));
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos(server) - cpu0) / 1e9;
        pool.shutdown();
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
        return new Point(method, n, calls, errors, elapsed, cpu, all);
    }

    /** One client's loop: element 0 the errors, then each successful call's latency in µs. */
    private static long[] client(URI url, String method, List<String> keys, SplittableRandom rnd, AtomicBoolean stop)
            throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long[] out = new long[1 << 16];
        int size = 1;
        while (!stop.get()) {
            String key = keys.get(rnd.nextInt(keys.size()));
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(request(url, method, key), HttpResponse.BodyHandlers.ofString());
            long us = (System.nanoTime() - start) / 1000;
            if (r.statusCode() != 200 || !r.body().contains("\"result\"")) {
                out[0]++;
                continue;
            }
            if (size == out.length) {
                out = Arrays.copyOf(out, size * 2);
            }
            out[size++] = us;
        }
        return Arrays.copyOf(out, size);
    }

    private static HttpRequest request(URI url, String method, String key) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[\"" + key + "\"]}";
        return HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Transactions and transfer parties of {@link #SAMPLED_BLOCKS} random micro blocks. */
    private static void sample(URI url, List<String> hashes, List<String> parties) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long head = call(http, url, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getHead\"}")
                .get("macroHead")
                .get("number")
                .asLong();
        SplittableRandom rnd = new SplittableRandom(16);
        Set<String> addresses = new LinkedHashSet<>();
        for (int found = 0; found < SAMPLED_BLOCKS; ) {
            long number = 1 + rnd.nextLong(head);
            JsonNode block;
            try {
                block = call(
                        http,
                        url,
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getBlockByNumber\",\"params\":[" + number + "]}");
            } catch (IllegalStateException belowGenesis) {
                continue; // a chain whose genesis is not block 0 (TEST geometry: 200)
            }
            found++;
            for (JsonNode tx : block.get("transactions")) {
                hashes.add(tx.get("hash").asText());
                JsonNode d = tx.get("transaction").get("data");
                if (d.has("sender")) {
                    addresses.add(d.get("sender").asText());
                    addresses.add(d.get("recipient").asText());
                }
            }
        }
        parties.addAll(addresses);
    }

    private static JsonNode call(HttpClient http, URI url, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(url)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = Json.mapper().readTree(r.body());
        if (!answer.has("result")) {
            throw new IllegalStateException("the node answered " + r.body());
        }
        return answer.get("result");
    }

    private static String listening(Path log) throws Exception {
        for (int i = 0; i < 600; i++) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no json-rpc address in " + log);
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }
}
