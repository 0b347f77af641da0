package io.saffron.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the built appliance as a real process, as systemd would: stdin closed, another working directory, stopped
 * with SIGTERM ({@link Process#destroy()} on Linux).
 */
class LauncherIT {

    private static final String READY = "Saffron ready: listening on ";

    @TempDir
    Path workingDir;

    private Process process;

    @AfterEach
    void killLeftover() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void startsAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Path stderr = workingDir.resolve("stderr.log");
        long started = System.nanoTime();
        process = new ProcessBuilder(List.of(javaExecutable(), "-jar", saffronJar(), "--port", Integer.toString(port)))
                .directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(stderr.toFile())
                .start();
        BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readLines(process, stdout), "saffron-stdout");
        reader.setDaemon(true);
        reader.start();

        String ready = awaitLine(stdout, READY, 10_000);
        long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertNotNull(ready, () -> "no ready line within 10 s; stdout: " + stdout + "; stderr:\n" + read(stderr));
        assertTrue(ready.matches("Saffron ready: listening on 127\\.0\\.0\\.1:" + port
                + ", \\d+ display\\(s\\), \\d+ bundles active"), ready);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertTrue(socket.isConnected());
        }

        long stopping = System.nanoTime();
        process.destroy();
        boolean exited = process.waitFor(2, TimeUnit.SECONDS);
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
        assertTrue(exited, () -> "still running 2 s after SIGTERM; stderr:\n" + read(stderr));
        assertEquals(0, process.exitValue(), () -> "exit code after SIGTERM; stderr:\n" + read(stderr));
        System.out.printf("LauncherIT: ready after %d ms, exited %d ms after SIGTERM (%s)%n", readyMillis, stopMillis,
                ready);
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    private static void readLines(Process process, BlockingQueue<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            reader.lines().forEach(lines::add);
        } catch (IOException | UncheckedIOException e) {
            // The process is gone; the test reports what it saw.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String saffronJar() {
        String jar = System.getProperty("saffron.jar", "target/saffron/saffron.jar");
        return Path.of(jar).toAbsolutePath().toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
