package io.saffron.itests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;

/**
 * Runs the real SPICE clients of Debian's spice-client-gtk. A test that needs one fails, not skips, when the
 * client is missing and {@code CI=true}; elsewhere it is skipped with a message saying how to install it.
 */
final class RealClients {

    static final String SPICY_SCREENSHOT = "spicy-screenshot";

    private RealClients() {
    }

    /** The client's path; fails under CI and skips elsewhere when it is not installed. */
    static String require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, program);
            if (f.isFile() && f.canExecute()) {
                return f.getPath();
            }
        }
        String message = program + " is not installed (apt-get install -y spice-client-gtk)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; CI=true, so this test fails instead of skipping");
        }
        System.err.println("SKIPPED: " + message);
        Assume.assumeTrue(message, false);
        return null;
    }

    /** What a run of a client did. */
    record Run(int exitCode, String output, long millis) {
    }

    /**
     * Runs {@code spicy-screenshot -h host -p port -o out} (and {@code -w password} when given) with a timeout;
     * the client has none of its own (it waits forever for a first draw).
     */
    static Run spicyScreenshot(String host, int port, Path out, String password, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(require(SPICY_SCREENSHOT), "-h", host, "-p", Integer.toString(port),
                "-o", out.toString()));
        if (password != null) {
            cmd.add("-w");
            cmd.add(password);
        }
        Path log = Files.createTempFile("spicy-screenshot", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("DISPLAY"); // it needs no X server
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(SPICY_SCREENSHOT + " did not finish within " + timeoutSeconds + " s; output:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
