package io.saffron.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command-line flags, named like Xspice's, validated and turned into framework properties.
 * <p>
 * Only flags the user gave become properties ({@code saffron.port}, ...); they override the values of
 * {@code etc/io.saffron.core.server.cfg} and {@code etc/io.saffron.qxl.devices.cfg}. Security checks here only see the
 * flags: the core bundle must apply the same rules to values that come from ConfigAdmin.
 *
 * @param help                {@code --help} was given
 * @param frameworkProperties the properties for the given flags, in the order given
 */
record Options(boolean help, Map<String, String> frameworkProperties) {

    // The same limits as the qxl bundle applies (QxlDeviceManager), so that a bad value fails here, at once.
    static final int MAX_DISPLAYS = 16;
    static final int MIN_SIDE = 16;
    static final int MAX_SIDE = 16384;

    static final String USAGE = """
            Usage: java -jar saffron.jar [options]
            Starts the Saffron SPICE server. Flags override etc/io.saffron.core.server.cfg and
            etc/io.saffron.qxl.devices.cfg and the other
            etc/*.cfg files; stop it with SIGTERM or Ctrl-C.

              --port N              TCP port to listen on (default 5900)
              --bind ADDR           address to listen on (default 127.0.0.1)
              --password-file PATH  file holding the password (SPICE ticket) clients must give
              --disable-ticketing   let clients in without a password
              --insecure            allow --disable-ticketing on a non-loopback --bind
              --displays N          number of QXL displays, 0..16 (default 1)
              --size WxH            size of each display, 16..16384 per side (default 1024x768)
              --compression MODE    image encoding: auto (LZ4 for clients that decode it), lz4 or off
                                    (raw bitmaps); all lossless (default auto)
              --demo MODE           the embedded demo display: animate, frozen (a still frame) or off
                                    (leave the displays to an application bundle) (default animate)
              --help                print this help and exit
            """;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})x(\\d{1,9})");

    /** The flags; those with a metavar take a value, as {@code --port 5901} or {@code --port=5901}. */
    private enum Flag {
        PORT("--port", "N"),
        BIND("--bind", "ADDR"),
        PASSWORD_FILE("--password-file", "PATH"),
        DISABLE_TICKETING("--disable-ticketing", null),
        INSECURE("--insecure", null),
        DISPLAYS("--displays", "N"),
        SIZE("--size", "WxH"),
        COMPRESSION("--compression", "MODE"),
        DEMO("--demo", "MODE"),
        HELP("--help", null);

        final String name;
        final String metavar;

        Flag(String name, String metavar) {
            this.name = name;
            this.metavar = metavar;
        }

        static Flag named(String name) throws UsageException {
            return Arrays.stream(values()).filter(f -> f.name.equals(name)).findFirst()
                    .orElseThrow(() -> new UsageException("unknown option " + name + " (see --help)"));
        }
    }

    /** A wrong command line; the message is one line, meant to be printed as it is. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses and validates the command line.
     *
     * @param args the arguments of {@code main}
     * @return the options; when {@code --help} was given nothing else is checked
     * @throws UsageException if a flag is unknown, repeated, lacks its value, or has a wrong value or combination
     */
    static Options parse(List<String> args) throws UsageException {
        Map<Flag, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            String value = name.equals(arg) ? null : arg.substring(eq + 1);
            Flag flag = Flag.named(name);
            if (given.containsKey(flag)) {
                throw new UsageException(name + " is given twice");
            }
            if (flag.metavar == null && value != null) {
                throw new UsageException(name + " takes no value (got " + arg + ")");
            }
            if (flag.metavar != null && value == null && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            }
            if (flag.metavar != null && (value == null || value.isEmpty())) {
                throw new UsageException(name + " needs a value (" + name + " " + flag.metavar + ")");
            }
            given.put(flag, value);
        }
        if (given.containsKey(Flag.HELP)) {
            return new Options(true, Map.of());
        }
        return new Options(false, validate(given));
    }

    private static Map<String, String> validate(Map<Flag, String> given) throws UsageException {
        Map<String, String> properties = new LinkedHashMap<>();
        boolean disableTicketing = given.containsKey(Flag.DISABLE_TICKETING);
        boolean insecure = given.containsKey(Flag.INSECURE);
        String passwordFile = given.get(Flag.PASSWORD_FILE);
        String bind = given.get(Flag.BIND);

        if (given.containsKey(Flag.PORT)) {
            properties.put("saffron.port", Integer.toString(number(Flag.PORT, given.get(Flag.PORT), 1, 65535)));
        }
        if (bind != null) {
            boolean loopback = isLoopback(bind);
            if (disableTicketing && !loopback && !insecure) {
                throw new UsageException("--disable-ticketing with non-loopback --bind " + bind + " needs --insecure");
            }
            if (!disableTicketing && passwordFile == null && !loopback) {
                throw new UsageException("no password file and --bind " + bind
                        + " is not loopback: give --password-file, or --disable-ticketing --insecure");
            }
            properties.put("saffron.bind", bind);
        }
        if (passwordFile != null) {
            if (disableTicketing) {
                throw new UsageException("--password-file and --disable-ticketing exclude each other");
            }
            properties.put("saffron.password.file", readableFile(passwordFile).toString());
        }
        if (disableTicketing) {
            properties.put("saffron.disable.ticketing", "true");
        }
        if (insecure) {
            properties.put("saffron.insecure", "true");
        }
        if (given.containsKey(Flag.DISPLAYS)) {
            int displays = number(Flag.DISPLAYS, given.get(Flag.DISPLAYS), 0, MAX_DISPLAYS);
            properties.put("saffron.displays", Integer.toString(displays));
        }
        if (given.containsKey(Flag.SIZE)) {
            properties.put("saffron.size", size(given.get(Flag.SIZE)));
        }
        if (given.containsKey(Flag.COMPRESSION)) {
            properties.put("saffron.compression",
                    oneOf(Flag.COMPRESSION, given.get(Flag.COMPRESSION), "auto", "lz4", "off"));
        }
        if (given.containsKey(Flag.DEMO)) {
            switch (oneOf(Flag.DEMO, given.get(Flag.DEMO), "animate", "frozen", "off")) {
                case "off" -> properties.put("saffron.demo.enabled", "false");
                case "frozen" -> properties.put("saffron.demo.animate", "false");
                default -> properties.put("saffron.demo.animate", "true");
            }
        }
        return properties;
    }

    private static String oneOf(Flag flag, String value, String... allowed) throws UsageException {
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        throw new UsageException(flag.name + " " + value + " is unknown (expected: " + String.join(", ", allowed) + ")");
    }

    private static int number(Flag flag, String value, int min, int max) throws UsageException {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag.name + " " + value + " is not a number (expected: " + min + ".." + max + ")");
        }
        if (n < min || n > max) {
            throw new UsageException(flag.name + " " + value + " is out of range (expected: " + min + ".." + max + ")");
        }
        return n;
    }

    private static String size(String value) throws UsageException {
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw new UsageException("--size " + value + " is not WxH (expected: e.g. 1024x768)");
        }
        int width = Integer.parseInt(m.group(1));
        int height = Integer.parseInt(m.group(2));
        if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
            throw new UsageException("--size " + value + " is out of range (expected: " + MIN_SIDE + ".." + MAX_SIDE
                    + " per side)");
        }
        return width + "x" + height;
    }

    /** True if every address the name stands for is a loopback address (so 0.0.0.0 and :: are not). */
    private static boolean isLoopback(String bind) throws UsageException {
        if (bind.isBlank()) {
            throw new UsageException("--bind needs an address (expected: e.g. 127.0.0.1 or 0.0.0.0)");
        }
        try {
            return Arrays.stream(InetAddress.getAllByName(bind)).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind " + bind + " is not a known address or host name");
        }
    }

    private static Path readableFile(String value) throws UsageException {
        Path path;
        try {
            path = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageException("--password-file " + value + " is not a valid path");
        }
        if (!Files.exists(path)) {
            throw new UsageException("--password-file " + path + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw new UsageException("--password-file " + path + " is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new UsageException("--password-file " + path + " is not readable");
        }
        return path;
    }
}
