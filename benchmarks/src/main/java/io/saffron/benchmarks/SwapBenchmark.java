package io.saffron.benchmarks;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.saffron.core.protocol.DisplayMessages;
import io.saffron.core.protocol.Rect;

/**
 * The display pause of a handover swap (issue #4 item 8): with a protocol client linked like spice-gtk (main and
 * display 0, LZ4, acks answered) to the built appliance, a copy of the display bundle's jar is written over the
 * one in {@code deploy/}; the pause runs from that write to the MARK that ends the repaint at the client. Median
 * of N swaps. Baseline in the same run: what a re-link costs the same client (a new display connection: link,
 * DISPLAY_INIT, first frame), the least pause a server that closes and re-announces the channel could give.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.saffron.benchmarks.SwapBenchmark [swaps]
 * </pre>
 */
public final class SwapBenchmark {

    private SwapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int swaps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path deploy = SessionBenchmark.APPLIANCE.resolveSibling("deploy");
        Path jar;
        try (var files = Files.list(deploy)) {
            jar = files.filter(p -> p.getFileName().toString().startsWith("io.saffron.channel.display")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no display bundle in " + deploy));
        }
        Path copy = Files.createTempFile("display-bundle", ".jar");
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        int port = 5992;
        Process saffron = SessionBenchmark.startSaffron(port);
        try (SessionBenchmark.Conn main = SessionBenchmark.Conn.main(port)) {
            int session = main.session();
            List<Long> relinks = new ArrayList<>();
            for (int i = 0; i < swaps + 1; i++) {
                long start = System.nanoTime();
                try (SessionBenchmark.Conn d = SessionBenchmark.Conn.display(port, session)) {
                    if (i > 0) {
                        relinks.add(System.nanoTime() - start);
                    }
                }
                Thread.sleep(50); // let the session drop the closed link before the next one
            }
            List<Long> pauses = new ArrayList<>();
            try (SessionBenchmark.Conn display = SessionBenchmark.Conn.display(port, session)) {
                for (int i = 0; i < swaps; i++) {
                    Thread.sleep(300); // FileInstall must see a quiet folder between two updates
                    long start = System.nanoTime();
                    Path landing = deploy.resolve(".landing.tmp");
                    Files.copy(copy, landing, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(landing, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    ByteBuffer b;
                    boolean fullDraw = false;
                    while (true) {
                        b = display.read();
                        if (display.type == DisplayMessages.DrawCopy.TYPE) {
                            Rect box = DisplayMessages.DrawCopy.decode(b).box(); // decodes the image: once
                            fullDraw |= box.width() == 1024 && box.height() == 768;
                        }
                        if (display.type == DisplayMessages.Mark.TYPE && fullDraw) {
                            break;
                        }
                    }
                    pauses.add(System.nanoTime() - start);
                }
            }
            report(swaps, pauses, relinks);
        } finally {
            saffron.destroy();
            saffron.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(copy);
        }
    }

    private static void report(int swaps, List<Long> pauses, List<Long> relinks) {
        List<Long> ms = pauses.stream().map(n -> TimeUnit.NANOSECONDS.toMillis(n)).toList();
        List<Long> rl = relinks.stream().map(n -> TimeUnit.NANOSECONDS.toMillis(n)).toList();
        double median = SessionBenchmark.median(ms);
        double baseline = SessionBenchmark.median(rl);
        System.out.printf(Locale.ROOT, "%ndisplay pause of a handover swap (jar written into deploy/ -> repaint MARK), "
                + "median of %d:%n", swaps);
        System.out.printf(Locale.ROOT, "  handover          %7.1f ms (min %d, max %d; FileInstall polls every 50 ms)%n",
                median, Collections.min(ms), Collections.max(ms));
        System.out.printf(Locale.ROOT, "  re-link baseline  %7.1f ms (new display link to its first frame, min %d, "
                + "max %d)%n", baseline, Collections.min(rl), Collections.max(rl));
        System.out.printf(Locale.ROOT, "  ratio             %7.2f x a bare re-link (which also needs the server's "
                + "announce and the client's reaction)%n", median / baseline);
        System.out.printf(Locale.ROOT, "  target            %7s%n", median <= 100 ? "met (<= 100 ms)" : "NOT met (> 100 ms)");
    }
}
