package io.saffron.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

    @TempDir
    Path dir;

    private static Map<String, String> properties(String... args) throws Options.UsageException {
        return Options.parse(List.of(args)).frameworkProperties();
    }

    private static String error(String... args) {
        return assertThrows(Options.UsageException.class, () -> Options.parse(List.of(args))).getMessage();
    }

    @Test
    void noFlagsSetNoProperties() throws Exception {
        assertEquals(Map.of(), properties());
    }

    @Test
    void onlyGivenFlagsBecomeProperties() throws Exception {
        assertEquals(Map.of("saffron.port", "5901", "saffron.displays", "2", "saffron.size", "800x600"),
                properties("--port", "5901", "--displays=2", "--size", "800x600"));
    }

    @Test
    void helpWinsOverEverythingElse() throws Exception {
        assertTrue(Options.parse(List.of("--port", "70000", "--help")).help());
    }

    @Test
    void portMustBeANumberInRange() {
        assertEquals("--port 70000 is out of range (expected: 1..65535)", error("--port", "70000"));
        assertEquals("--port 0 is out of range (expected: 1..65535)", error("--port=0"));
        assertEquals("--port abc is not a number (expected: 1..65535)", error("--port", "abc"));
    }

    @Test
    void malformedCommandLines() {
        assertEquals("unknown option --prot (see --help)", error("--prot", "5900"));
        assertEquals("unknown option 5900 (see --help)", error("5900"));
        assertEquals("--port needs a value (--port N)", error("--port"));
        assertEquals("--port needs a value (--port N)", error("--port", "--insecure"));
        assertEquals("--port needs a value (--port N)", error("--port="));
        assertEquals("--port is given twice", error("--port", "1", "--port", "2"));
        assertEquals("--insecure takes no value (got --insecure=yes)", error("--insecure=yes"));
    }

    @Test
    void displaysAndSize() {
        assertEquals("--displays 17 is out of range (expected: 0..16)", error("--displays", "17"));
        assertEquals("--displays -1 is out of range (expected: 0..16)", error("--displays", "-1"));
        assertEquals("--size 1024 is not WxH (expected: e.g. 1024x768)", error("--size", "1024"));
        assertEquals("--size 15x768 is out of range (expected: 16..16384 per side)", error("--size", "15x768"));
        assertEquals("--size 99999x768 is out of range (expected: 16..16384 per side)", error("--size", "99999x768"));
    }

    @Test
    void compressionAndDemoModes() throws Exception {
        assertEquals(Map.of("saffron.compression", "lz4", "saffron.demo.animate", "false"),
                properties("--compression", "lz4", "--demo", "frozen"));
        assertEquals(Map.of("saffron.demo.enabled", "false"), properties("--demo=off"));
        assertEquals("--compression quic is unknown (expected: auto, lz4, off)", error("--compression", "quic"));
        assertEquals("--demo still is unknown (expected: animate, frozen, off)", error("--demo", "still"));
    }

    @Test
    void loopbackNeedsNoPassword() throws Exception {
        assertEquals(Map.of("saffron.bind", "127.0.0.1"), properties("--bind", "127.0.0.1"));
        assertEquals(Map.of("saffron.bind", "::1"), properties("--bind", "::1"));
    }

    @Test
    void nonLoopbackNeedsAPasswordOrAnExplicitlyInsecureSetup() throws Exception {
        assertEquals("no password file and --bind 0.0.0.0 is not loopback: give --password-file, "
                + "or --disable-ticketing --insecure", error("--bind", "0.0.0.0"));
        assertEquals("--disable-ticketing with non-loopback --bind 0.0.0.0 needs --insecure",
                error("--bind", "0.0.0.0", "--disable-ticketing"));
        assertEquals(Map.of("saffron.bind", "0.0.0.0", "saffron.disable.ticketing", "true", "saffron.insecure", "true"),
                properties("--bind", "0.0.0.0", "--disable-ticketing", "--insecure"));
    }

    @Test
    void passwordFileIsMadeAbsoluteAndChecked() throws Exception {
        Path file = Files.writeString(dir.resolve("ticket"), "secret\n");
        assertEquals(Map.of("saffron.bind", "0.0.0.0", "saffron.password.file", file.toString()),
                properties("--bind", "0.0.0.0", "--password-file", file.toString()));

        Path missing = dir.resolve("missing");
        assertEquals("--password-file " + missing + " does not exist", error("--password-file", missing.toString()));
        assertEquals("--password-file " + dir + " is not a regular file", error("--password-file", dir.toString()));
        assertEquals("--password-file and --disable-ticketing exclude each other",
                error("--password-file", file.toString(), "--disable-ticketing"));
    }

    @Test
    void unreadablePasswordFile() throws IOException {
        Path file = Files.writeString(dir.resolve("ticket"), "secret\n");
        // root can read anything: only check when the permission really takes effect.
        if (file.toFile().setReadable(false) && !Files.isReadable(file)) {
            assertEquals("--password-file " + file + " is not readable", error("--password-file", file.toString()));
        }
    }
}
