package io.saffron.core.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The effective, validated server settings: command-line flags (framework properties {@code saffron.*}) over
 * {@code etc/io.saffron.core.server.cfg} over built-in defaults. Invalid combinations fail with a message that
 * names the setting, the value and what is expected; there is no silent fallback.
 *
 * @param password the ticket password bytes, or {@code null} when ticketing is disabled
 */
public record ServerSettings(InetSocketAddress address, byte[] password, long linkTimeoutMillis,
        long handoverGraceMillis, String source) {

    /** Builds settings from explicit values (tests) on loopback with ticketing off. */
    public static ServerSettings loopback(int port) {
        return new ServerSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), null, 10_000, 10_000,
                "test");
    }

    /**
     * Resolves the settings.
     *
     * @param config    the ConfigAdmin configuration (or its defaults)
     * @param overrides framework properties by name ({@code saffron.port} ...); returns null when not set
     * @throws IllegalArgumentException naming the bad setting
     */
    public static ServerSettings resolve(ServerConfiguration config, Function<String, String> overrides) {
        String portText = overrides.apply("saffron.port");
        int port;
        try {
            port = portText != null ? Integer.parseInt(portText.trim()) : config.port();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + portText + "' is not a number (expected: 0..65535)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (expected: 0..65535)");
        }
        String bind = pick(overrides.apply("saffron.bind"), config.bind());
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind address '" + bind + "' cannot be resolved");
        }
        String passwordFile = pick(overrides.apply("saffron.password.file"), config.password_file());
        boolean disableTicketing = flag(overrides.apply("saffron.disable.ticketing"), config.disable_ticketing());
        boolean insecure = flag(overrides.apply("saffron.insecure"), config.insecure());
        boolean loopback = address.isLoopbackAddress();

        byte[] password = null;
        if (!passwordFile.isEmpty()) {
            if (disableTicketing) {
                throw new IllegalArgumentException("both a password file (" + passwordFile
                        + ") and disable-ticketing are set (expected: one of them)");
            }
            password = readPassword(Path.of(passwordFile));
        } else if (!loopback && !disableTicketing) {
            throw new IllegalArgumentException("no password file and bind " + bind + " is not loopback: give "
                    + "--password-file, or --disable-ticketing --insecure");
        } else if (!loopback && !insecure) {
            throw new IllegalArgumentException("disable-ticketing with non-loopback bind " + bind + " needs --insecure");
        }
        long timeout = config.link_timeout_ms();
        if (timeout < 100) {
            throw new IllegalArgumentException("link.timeout.ms " + timeout + " is too small (expected: >= 100)");
        }
        String graceText = overrides.apply("saffron.handover.grace.ms");
        long grace;
        try {
            grace = graceText != null ? Long.parseLong(graceText.trim()) : config.handover_grace_ms();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("handover.grace.ms '" + graceText + "' is not a number (expected: >= 0)");
        }
        if (grace < 0) {
            throw new IllegalArgumentException("handover.grace.ms " + grace + " is negative (expected: >= 0)");
        }
        boolean anyFlag = java.util.stream.Stream.of("saffron.port", "saffron.bind", "saffron.password.file",
                "saffron.disable.ticketing", "saffron.insecure").anyMatch(k -> overrides.apply(k) != null);
        String source = (anyFlag ? "flags over config" : "config") + (password != null ? ", ticketing on"
                : ", ticketing off");
        return new ServerSettings(new InetSocketAddress(address, port), password, timeout, grace, source);
    }

    private static String pick(String override, String configured) {
        return override != null ? override.trim() : configured == null ? "" : configured.trim();
    }

    private static boolean flag(String override, boolean configured) {
        return override != null ? Boolean.parseBoolean(override.trim()) : configured;
    }

    /** Reads the first line of the password file; the SPICE ticket holds at most 60 bytes (spice-wire.md §1.6). */
    static byte[] readPassword(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("password file " + file + " cannot be read: " + e.getMessage());
        }
        int eol = text.indexOf('\n');
        String line = (eol >= 0 ? text.substring(0, eol) : text).replace("\r", "");
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            throw new IllegalArgumentException("password file " + file + " is empty (expected: a password on its first line)");
        }
        if (bytes.length > 60) {
            throw new IllegalArgumentException("password in " + file + " is " + bytes.length
                    + " bytes long (expected: at most 60, the SPICE ticket limit)");
        }
        return bytes;
    }
}
