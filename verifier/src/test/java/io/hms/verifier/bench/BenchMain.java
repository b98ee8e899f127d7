package io.hms.verifier.bench;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the verifier benchmarks briefly (1 fork, 2 × 1 s warm-up, 3 × 1 s measurement). Optional
 * argument: a regex of benchmarks to run. Under {@code exec:java} the test classpath lives in a
 * class loader, not in {@code java.class.path}, so it is copied there for JMH's forked JVM.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws RunnerException {
        exposeClassPath();
        String include = args.length > 0 ? args[0] : BenchMain.class.getPackageName() + ".*Bench";
        Options options = new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .threads(1)
                .build();
        new Runner(options).run();
    }

    private static void exposeClassPath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (!(loader instanceof URLClassLoader urls)) {
            return;
        }
        List<String> entries = new ArrayList<>();
        for (URL url : urls.getURLs()) {
            if ("file".equals(url.getProtocol())) {
                entries.add(new File(url.getPath()).getPath());
            }
        }
        if (!entries.isEmpty()) {
            System.setProperty("java.class.path", String.join(File.pathSeparator, entries));
        }
    }
}
