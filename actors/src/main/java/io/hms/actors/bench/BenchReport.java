package io.hms.actors.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The bench's output: a table for people, or JSON ({@code --json}) for machines. */
public final class BenchReport {
    private static final String ROW = "%-34s %-4s %-28s %9s %7s %8s %6s %8s %6s %6s %5s %6s %6s %7s %-4s%n";

    private BenchReport() {}

    public static void table(List<BenchRow> rows, PrintWriter w) {
        w.printf(
                ROW,
                "scenario",
                "x",
                "peers",
                "tx",
                "s",
                "tx/s",
                "MB/s",
                "CPUs/Mtx",
                "xCPU",
                "xtx/s",
                "WAN",
                "heap",
                "RSS",
                "threads",
                "same");
        for (BenchRow r : rows) {
            w.printf(
                    ROW,
                    r.scenario(),
                    r.chain(),
                    r.peers(),
                    r.transactions(),
                    f(r.seconds(), 1),
                    f(r.txPerSecond(), 0),
                    f(r.megabytesPerSecond(), 1),
                    f(r.cpuPerMillionTx(), 1),
                    f(r.cpuRatio(), 2),
                    f(r.speedRatio(), 2),
                    f(r.wanFraction(), 2),
                    f(r.peakHeapMiB(), 0),
                    f(r.rssMiB(), 0),
                    r.threadsStarted() == null ? "-" : r.threadsStarted().toString(),
                    r.same() ? "yes" : "NO");
            if (!r.note().isEmpty()) {
                w.printf("    %s%n", r.note());
            }
        }
        w.println("heap: peak live heap after GC, MiB; RSS: VmHWM, MiB; x: ratio to the bound of the same chain");
        w.flush();
    }

    public static void json(Map<String, Object> header, List<BenchRow> rows, PrintWriter w) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        w.println(json.writeValueAsString(Map.of("run", header, "rows", rows)));
        w.flush();
    }

    private static String f(Double v, int decimals) {
        return v == null || v.isNaN() ? "-" : String.format("%." + decimals + "f", v);
    }
}
