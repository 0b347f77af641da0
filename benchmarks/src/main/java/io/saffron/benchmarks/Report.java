package io.saffron.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DispatcherBenchmark} and prints each dispatcher figure next to its baseline and their ratio. From
 * the project root:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.saffron.benchmarks.Report
 * </pre>
 *
 * Defaults: 1 fork, warmup 3 x 2 s, measurement 5 x 2 s (about 1.5 minutes), JSON results in
 * {@code benchmarks/target/dispatcher.json}. Any JMH command-line option given as an argument overrides them
 * ({@code -i 10}, {@code -rff other.json}).
 */
public final class Report {

    private Report() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(DispatcherBenchmark.class.getName() + "\\.");
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!cli.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(2));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(2));
        }
        if (!cli.getResultFormat().hasValue()) {
            options.resultFormat(ResultFormatType.JSON);
        }
        if (!cli.getResult().hasValue()) {
            options.result(defaultResultFile().toString());
        }

        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Result<?>> byMethod = new HashMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            byMethod.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), r.getPrimaryResult());
        }
        System.out.println();
        System.out.println(table(byMethod));
    }

    /** {@code benchmarks/target} when run from the project root, else {@code target}, created if needed. */
    private static Path defaultResultFile() throws Exception {
        Path dir = Path.of("benchmarks", "target");
        if (!Files.isDirectory(dir)) {
            dir = Files.createDirectories(Path.of("target"));
        }
        return dir.resolve("dispatcher.json");
    }

    static String table(Map<String, Result<?>> r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Saffron dispatcher vs baselines (%d CPUs, Java %s)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        out.append(String.format(Locale.ROOT, "%nasynchronous throughput, msgs/s (higher is better)%n"));
        Double post = throughput(r.get("post"));
        Double queue = throughput(r.get("postBaseline"));
        row(out, "post, spice-worker-0 -> spice-main", post, r.get("post"), "%,.0f");
        row(out, "baseline: LinkedBlockingQueue, thread -> thread", queue, r.get("postBaseline"), "%,.0f");
        ratio(out, "ratio post / baseline", post, queue);

        out.append(String.format(Locale.ROOT, "%nsynchronous round trip, median us (lower is better)%n"));
        Double call = median(r.get("call"));
        Double callTask = median(r.get("callTask"));
        Double pipe = median(r.get("callBaseline"));
        row(out, "call, device thread -> spice-worker-0", call, null, "%.2f");
        row(out, "callTask, device thread -> spice-worker-0", callTask, null, "%.2f");
        row(out, "baseline: pipe pair, 16-byte header + 4-byte ack", pipe, null, "%.2f");
        ratio(out, "ratio call / baseline", call, pipe);
        ratio(out, "ratio callTask / baseline", callTask, pipe);
        return out.toString();
    }

    private static Double throughput(Result<?> result) {
        return result == null ? null : result.getScore();
    }

    private static Double median(Result<?> result) {
        return result == null ? null : result.getStatistics().getPercentile(50.0);
    }

    private static void row(StringBuilder out, String label, Double value, Result<?> withError, String format) {
        String text = value == null ? "n/a" : String.format(Locale.ROOT, format, value);
        if (value != null && withError != null && !Double.isNaN(withError.getScoreError())) {
            text += String.format(Locale.ROOT, " +- " + format, withError.getScoreError());
        }
        out.append(String.format(Locale.ROOT, "  %-52s %28s%n", label, text));
    }

    private static void ratio(StringBuilder out, String label, Double value, Double baseline) {
        String text = value == null || baseline == null || baseline == 0
                ? "n/a" : String.format(Locale.ROOT, "%.2fx", value / baseline);
        out.append(String.format(Locale.ROOT, "  %-52s %28s%n", label, text));
    }
}
