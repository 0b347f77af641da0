package io.saffron.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

import sun.misc.Signal;

/**
 * Starts the Saffron appliance: Felix with the jars of {@code bundle/<N>/} at start level N, then FileInstall takes
 * over {@code etc/} and {@code deploy/}. Prints one ready line on stdout once the SPICE listener is up.
 * <p>
 * Stdout carries that line only: {@code System.out} is pointed at stderr before Felix starts, so Felix's own logger,
 * FileInstall's early messages (osgi-stack pitfall 7) and the Gogo shell on a terminal all end up there.
 * <p>
 * The home is the folder of saffron.jar (or the system property {@code app.home}), whatever the working directory.
 * Exit codes: 0 after SIGTERM/SIGINT or any normal framework stop, 1 if startup fails, 2 for a wrong command line.
 * <p>
 * Threads: {@code main} starts and then waits for the framework to stop; the JVM's signal threads and the shutdown
 * hook only stop the framework.
 */
public final class Main {

    private static final String LISTEN = "saffron.listen";
    private static final String DISPLAYS = "saffron.displays";
    private static final long START_LEVEL_TIMEOUT_MS = 30_000;
    private static final long READY_TIMEOUT_MS = 10_000;
    private static final long STOP_TIMEOUT_MS = 5_000;
    private static final long POLL_MS = 20;

    // SPI Fly reports each provider it registers through JUL, on stderr, before logback is up (osgi-stack pitfall 7).
    // JUL keeps loggers only weakly: hold on to it, or the level is lost with the logger.
    private static final Logger SPI_FLY = Logger.getLogger("org.apache.aries.spifly");

    private final Path home;
    private final Options options;
    private final PrintStream stdout;
    // Volatile: set by main, used by the signal handlers and the shutdown hook.
    private volatile Framework framework;
    // Volatile: set by a signal handler, so that main does not report the stop it caused as a failed start.
    private volatile boolean stopRequested;
    // Bundle start failures by bundle id, filled by the framework's event thread, read by main when it reports them.
    private final Map<Long, String> startErrors = new ConcurrentHashMap<>();

    Main(Path home, Options options, PrintStream stdout) {
        this.home = home;
        this.options = options;
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (Options.UsageException e) {
            System.err.println("saffron: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }
        PrintStream stdout = System.out;
        System.setOut(System.err);
        int status;
        try {
            status = new Main(home(), options, stdout).run();
        } catch (IOException | BundleException e) {
            System.err.println("saffron: startup failed: " + e.getMessage());
            status = 1;
        } catch (InterruptedException e) {
            status = 1;
        } catch (RuntimeException e) {
            System.err.println("saffron: startup failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        // Also ends the non-daemon threads some bundles leave behind; the shutdown hook stops the framework first.
        System.exit(status);
    }

    /** The folder of saffron.jar, unless the system property {@code app.home} names another. */
    static Path home() {
        String configured = System.getProperty("app.home");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.toAbsolutePath().normalize().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate saffron.jar", e);
        }
    }

    int run() throws IOException, BundleException, InterruptedException {
        Map<String, String> properties = frameworkProperties();
        setSystemPropertyIfAbsent("app.home", home.toString());
        setSystemPropertyIfAbsent("logback.configurationFile", home.resolve("etc").resolve("logback.xml").toString());
        // Displays are drawn with Java 2D into images: AWT must never look for a screen (a server has none).
        setSystemPropertyIfAbsent("java.awt.headless", "true");
        if (System.getProperty("java.util.logging.config.file") == null) {
            SPI_FLY.setLevel(Level.WARNING);
        }

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no FrameworkFactory in saffron.jar"));
        framework = factory.newFramework(properties);
        Signal.handle(new Signal("TERM"), this::onSignal);
        Signal.handle(new Signal("INT"), this::onSignal);
        // Fallback for the other ways out (SIGHUP, System.exit elsewhere): still stop the bundles cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopFramework, "saffron-shutdown"));
        try {
            framework.init();
            BundleContext context = framework.getBundleContext();
            context.addFrameworkListener(this::recordError);
            int level = installBundles(context);
            framework.start();
            if (!reachStartLevel(level) || !startedAsExpected(awaitReady(context), context)) {
                return stopRequested ? 0 : 1;
            }
            FrameworkEvent stopped = framework.waitForStop(0);
            return stopRequested || stopped.getType() != FrameworkEvent.ERROR ? 0 : 1;
        } catch (IOException | BundleException | RuntimeException e) {
            if (stopRequested) {
                return 0;
            }
            stopFramework();
            throw e;
        }
    }

    /** etc/config.properties with ${app.home} replaced, overridden by same-named system properties, then flags. */
    private Map<String, String> frameworkProperties() throws IOException {
        Path file = home.resolve("etc").resolve("config.properties");
        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(file, UTF_8)) {
            config.load(reader);
        } catch (NoSuchFileException e) {
            throw new IOException("missing " + file + " (is " + home + " the appliance folder?)", e);
        }
        Map<String, String> properties = new HashMap<>();
        for (String key : config.stringPropertyNames()) {
            String value = System.getProperty(key, config.getProperty(key));
            properties.put(key, value.replace("${app.home}", home.toString()));
        }
        properties.putAll(options.frameworkProperties());
        // Without --noshutdown Gogo stops the framework when stdin closes (pitfall 11); a shell only on a terminal.
        properties.putIfAbsent("gosh.args", System.console() != null ? "--noshutdown" : "--nointeractive --noshutdown");
        return properties;
    }

    private static void setSystemPropertyIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Installs bundle/N/*.jar at start level N and marks them started; returns the highest N. */
    private int installBundles(BundleContext context) throws IOException, BundleException {
        List<Path> levels;
        try (Stream<Path> dirs = Files.list(home.resolve("bundle"))) {
            levels = dirs.filter(Files::isDirectory)
                    .filter(dir -> dir.getFileName().toString().matches("[1-9][0-9]{0,4}"))
                    .sorted(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
                    .toList();
        } catch (NoSuchFileException e) {
            throw new IOException("missing " + e.getFile() + " (is " + home + " the appliance folder?)", e);
        }
        int highest = 1;
        for (Path dir : levels) {
            int level = Integer.parseInt(dir.getFileName().toString());
            highest = Math.max(highest, level);
            for (Path jar : jars(dir)) {
                Bundle bundle;
                try {
                    bundle = context.installBundle(jar.toUri().toString());
                } catch (BundleException e) {
                    throw new BundleException("cannot install " + home.relativize(jar) + ": " + e.getMessage(), e);
                }
                bundle.adapt(BundleStartLevel.class).setStartLevel(level);
                if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                    // Only marks it persistently started: it starts when the framework reaches its level.
                    bundle.start();
                }
            }
        }
        return highest;
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** Raises the start level and waits for it; false if the framework stopped meanwhile. */
    private boolean reachStartLevel(int level) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> reached.countDown());
        long deadline = System.nanoTime() + MILLISECONDS.toNanos(START_LEVEL_TIMEOUT_MS);
        // Never block on the latch alone: if Gogo or anything else stops the framework, it would never count down.
        while (!reached.await(POLL_MS, MILLISECONDS)) {
            if (framework.getState() != Bundle.ACTIVE) {
                return false;
            }
            if (System.nanoTime() - deadline > 0) {
                System.err.printf("saffron: start level %d not reached after %d s, carrying on%n", level,
                        START_LEVEL_TIMEOUT_MS / 1000);
                return true;
            }
        }
        return true;
    }

    /**
     * Waits until a service has {@code saffron.listen} and, within the same deadline, until every bundle is ACTIVE
     * and FileInstall has installed each deploy/*.jar, so that the count on the ready line is stable.
     *
     * @return the listener's service reference, or null if none appeared or the framework stopped
     */
    private ServiceReference<?> awaitReady(BundleContext context) throws InterruptedException {
        long deadline = System.nanoTime() + MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (framework.getState() == Bundle.ACTIVE) {
            ServiceReference<?> listener = serviceWith(context, LISTEN);
            boolean late = System.nanoTime() - deadline > 0;
            if (listener != null && (late || problems(context).isEmpty())) {
                return listener;
            }
            if (late) {
                return null;
            }
            Thread.sleep(POLL_MS);
        }
        return null;
    }

    /** Prints the ready line, or the reasons for not being ready and stops; true if ready. */
    private boolean startedAsExpected(ServiceReference<?> listener, BundleContext context) {
        if (framework.getState() != Bundle.ACTIVE) {
            if (!stopRequested) {
                System.err.println("saffron: the framework stopped during startup");
            }
            return false;
        }
        List<String> problems = problems(context);
        if (listener == null) {
            System.err.printf("saffron: not ready after %d s: no service with %s; %s%n", READY_TIMEOUT_MS / 1000,
                    LISTEN, problems.isEmpty() ? "all bundles are ACTIVE, see the log for component errors" : "not ACTIVE:");
            problems.forEach(problem -> System.err.println("  " + problem));
            stopFramework();
            return false;
        }
        if (!problems.isEmpty()) {
            System.err.println("saffron: listening, but not ACTIVE:");
            problems.forEach(problem -> System.err.println("  " + problem));
        }
        ServiceReference<?> displays = serviceWith(context, DISPLAYS);
        long active = Stream.of(context.getBundles())
                .filter(bundle -> bundle.getBundleId() != 0 && bundle.getState() == Bundle.ACTIVE)
                .count();
        stdout.printf("Saffron ready: listening on %s, %s display(s), %d bundles active%n",
                listener.getProperty(LISTEN), displays == null ? 0 : displays.getProperty(DISPLAYS), active);
        stdout.flush();
        return true;
    }

    private static ServiceReference<?> serviceWith(BundleContext context, String property) {
        try {
            // A null class: our launcher cannot see the bundles' service interfaces, and does not need to.
            ServiceReference<?>[] references = context.getServiceReferences((String) null, "(" + property + "=*)");
            return references == null ? null : references[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bundles that are not ACTIVE (fragments need only be RESOLVED) and deploy/*.jar not installed yet. */
    private List<String> problems(BundleContext context) {
        List<String> problems = new ArrayList<>();
        Set<Path> locations = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            locations.add(pathOf(bundle.getLocation()));
            boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            int state = bundle.getState();
            if (state != Bundle.ACTIVE && !(fragment && state == Bundle.RESOLVED)) {
                String error = startErrors.get(bundle.getBundleId());
                problems.add(bundle.getSymbolicName() + " " + bundle.getVersion() + " is " + stateName(state)
                        + (error == null ? "" : ": " + error));
            }
        }
        try {
            for (Path jar : jars(home.resolve("deploy"))) {
                if (!locations.contains(jar.toAbsolutePath().normalize())) {
                    problems.add("deploy/" + jar.getFileName() + " is not installed (yet)");
                }
            }
        } catch (IOException e) {
            problems.add("cannot list deploy/: " + e);
        }
        return problems;
    }

    /** The file a bundle location points to, or null if it is no file: URI. */
    private static Path pathOf(String location) {
        try {
            return location.startsWith("file:") ? Path.of(new URI(location)).toAbsolutePath().normalize() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private void recordError(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR && event.getBundle() != null && event.getThrowable() != null) {
            String message = String.valueOf(event.getThrowable().getMessage()).lines().findFirst().orElse("");
            startErrors.put(event.getBundle().getBundleId(), message);
        }
    }

    /** SIGTERM or SIGINT: stop the bundles and exit with 0 (instead of the JVM's 143 or 130). */
    private void onSignal(Signal signal) {
        stopRequested = true;
        stopFramework();
        System.exit(0);
    }

    private void stopFramework() {
        Framework current = framework;
        if (current == null || (current.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) == 0) {
            return;
        }
        try {
            current.stop();
            if (current.waitForStop(STOP_TIMEOUT_MS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.printf("saffron: bundles still stopping after %d s, exiting anyway%n",
                        STOP_TIMEOUT_MS / 1000);
            }
        } catch (BundleException e) {
            System.err.println("saffron: stopping failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
