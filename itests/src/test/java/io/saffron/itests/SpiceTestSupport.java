package io.saffron.itests;

import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackage;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.junit.After;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.Client;
import io.saffron.core.SpiceServer;

/**
 * Base of every Pax Exam suite (Felix {@code U.config} style): one option list that boots Felix with the logging
 * stack at start level 1 (osgi-stack pitfall 4), SCR and the DS API bundles (pitfall 1), ConfigAdmin, Felix Log,
 * Netty and the just-built Saffron bundles, plus the waiting helpers the suites share.
 *
 * <p>Third-party bundles come from the local Maven repository ({@code mvn:} URLs, versions from the pom through
 * {@code versionAsInProject()}); Saffron bundles are {@code file:} URLs from the system properties
 * {@code bundle.<name>} that failsafe sets from {@code dependency:properties} (pitfall 10).
 *
 * <p>Waiting is always a poll against a deadline ({@link #await}), never a bare sleep. Code that must run on
 * {@code spice-main} goes through {@link #onMain}.
 */
public abstract class SpiceTestSupport {

    /** How long any condition may take to come true. Generous: the machine may be busy with other builds. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Polling interval of {@link #await}. */
    private static final long POLL_MILLIS = 20;

    /** Number of display devices every container runs ({@code saffron.displays}). */
    protected static final int DISPLAYS = 2;

    /** Channels that exist once every factory is bound, with the loop that owns each. */
    protected static final Map<String, String> EXPECTED_CHANNELS = Map.of(
            "main:0", "spice-main",
            "inputs:0", "spice-main",
            "display:0", "spice-worker-0",
            "display:1", "spice-worker-1",
            "cursor:0", "spice-worker-0",
            "cursor:1", "spice-worker-1");

    /** Symbolic-name prefix of every Saffron bundle. */
    protected static final String SAFFRON_BSN_PREFIX = "io.saffron.";

    @Inject
    protected BundleContext bundleContext;

    private SpiceServer server;
    // Link connections opened by the running test.
    private final List<LinkClient> links = new ArrayList<>();
    // Services registered by the running test.
    private final List<org.osgi.framework.ServiceRegistration<?>> registrations = new ArrayList<>();

    // ---------------------------------------------------------------- container configuration (driver side)

    /** The container: a fresh listener port per container, so suites never collide. */
    @Configuration
    public Option[] config() {
        return options(
                classLoading(),
                // pitfall 10: Pax Exam's and our mvn: bundles come from the local repository only
                systemProperty("org.ops4j.pax.url.mvn.localRepository").value(required("maven.repo.local")),
                systemProperty("org.ops4j.pax.url.mvn.repositories").value(""),
                // ignored by the native container (Pax Exam warns "not recognized"): it runs in the failsafe JVM, which
                // gets -ea from failsafe's argLine; kept for a forked container
                vmOption("-ea"),
                frameworkProperty("org.osgi.service.log.admin.loglevel").value("INFO"),
                frameworkProperty("saffron.port").value(String.valueOf(freePort())),
                frameworkProperty("saffron.bind").value("127.0.0.1"),
                displaysOption(),
                // The demo draws on every display, frozen: frames are deterministic and change only on input.
                frameworkProperty("saffron.demo.animate").value("false"),
                settings(),
                logging(),
                osgiServices(),
                netty(),
                saffron(),
                junitBundles());
    }

    /** How the display count is set: the {@code saffron.displays} flag, {@value #DISPLAYS}. Driver side. */
    protected Option displaysOption() {
        return frameworkProperty("saffron.displays").value(String.valueOf(DISPLAYS));
    }

    /** Framework properties a suite adds (a password file, say). Driver side. */
    protected Option settings() {
        return composite();
    }

    /**
     * How bundles load classes from outside the framework.
     *
     * <p>{@code felix.bootdelegation.implicit=false}: logback is on the test class path, and Felix must never load
     * it from there (pitfall 8).
     *
     * <p>Boot delegation of {@code jdk.jfr.*} (as the launcher has it): Netty 4.2's pooled allocators emit JFR
     * events. When JFR registers such an event class it instruments it with a reference to a JDK-internal JFR
     * class ({@code jdk.jfr.internal.handlers.EventHandler} on JDK 17), which the netty-buffer bundle's class
     * loader must be able to load. Without this, the first pooled buffer fails with a NoClassDefFoundError and
     * every accepted connection is closed before its link reply. The appliance's policy is checked as it is by
     * {@link ApplianceClassLoadingIT}.
     *
     * <p>Boot-delegation and system packages go through Pax Exam's own options, never through
     * {@code frameworkProperty}: Pax Exam adds its API to {@code org.osgi.framework.system.packages.extra}, and a
     * framework property of that name would replace it (the probe's services then never match).
     */
    protected Option classLoading() {
        return composite(
                frameworkProperty("felix.bootdelegation.implicit").value("false"),
                bootDelegationPackage("jdk.jfr.*"));
    }

    /** slf4j, logback, SPI Fly and ASM at start level 1, before anything can log (pitfalls 3 and 4). */
    protected static Option logging() {
        return composite(
                mavenBundle("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle").versionAsInProject()
                        .startLevel(1),
                mavenBundle("org.ow2.asm", "asm").versionAsInProject().startLevel(1),
                mavenBundle("org.ow2.asm", "asm-commons").versionAsInProject().startLevel(1),
                mavenBundle("org.ow2.asm", "asm-util").versionAsInProject().startLevel(1),
                mavenBundle("org.ow2.asm", "asm-tree").versionAsInProject().startLevel(1),
                mavenBundle("org.ow2.asm", "asm-analysis").versionAsInProject().startLevel(1),
                mavenBundle("org.slf4j", "slf4j-api").versionAsInProject().startLevel(1),
                mavenBundle("ch.qos.logback", "logback-core").versionAsInProject().startLevel(1),
                mavenBundle("ch.qos.logback", "logback-classic").versionAsInProject().startLevel(1));
    }

    /** SCR with the DS API it does not ship (pitfall 1), ConfigAdmin, and Felix Log (exports the Log API). */
    protected static Option osgiServices() {
        return composite(
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.log").versionAsInProject());
    }

    protected static Option netty() {
        return composite(
                mavenBundle("io.netty", "netty-common").versionAsInProject(),
                mavenBundle("io.netty", "netty-buffer").versionAsInProject(),
                mavenBundle("io.netty", "netty-resolver").versionAsInProject(),
                mavenBundle("io.netty", "netty-transport").versionAsInProject(),
                mavenBundle("io.netty", "netty-codec-base").versionAsInProject());
    }

    /** The reactor's bundles, as file: URLs; the log bridge only when its jar was built. */
    protected static Option saffron() {
        String logBridge = System.getProperty("bundle.logbridge");
        boolean withLogBridge = logBridge != null && new File(logBridge).isFile();
        return composite(
                reactorBundle("dispatcher"),
                reactorBundle("core"),
                reactorBundle("qxl"),
                reactorBundle("main"),
                reactorBundle("display"),
                reactorBundle("cursor"),
                reactorBundle("inputs"),
                reactorBundle("demo"),
                reactorBundle("shell"),
                withLogBridge ? reactorBundle("logbridge") : composite());
    }

    /** A reactor bundle from the system property {@code bundle.<name>}. */
    protected static Option reactorBundle(String name) {
        return bundle(bundleFile(name).toURI().toString());
    }

    /** The jar of reactor bundle {@code name}, from the system property {@code bundle.<name>}. Any side. */
    protected static File bundleFile(String name) {
        File jar = new File(required("bundle." + name));
        if (!jar.isFile()) {
            throw new IllegalStateException("bundle." + name + " = " + jar + " is not a file (expected: the built jar; "
                    + "run mvn install -f bundles/pom.xml first)");
        }
        return jar;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (expected: set by failsafe, "
                    + "see itests/pom.xml)");
        }
        return value;
    }

    /** A port that is free right now on loopback; chosen once per container. */
    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    // ---------------------------------------------------------------- waiting (container side)

    /**
     * Polls {@code probe} until {@code done} accepts its value, and returns that value.
     *
     * @throws AssertionError after {@link #TIMEOUT}, naming what was awaited and the last value seen
     */
    protected static <T> T await(String what, Supplier<T> probe, Predicate<? super T> done) {
        return await(what, TIMEOUT, probe, done);
    }

    /** {@link #await(String, Supplier, Predicate)} with an explicit timeout. */
    protected static <T> T await(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline > 0) {
                String message = "timed out after " + timeout.toMillis() + " ms waiting for " + what;
                throw lastError != null ? failure(message + "; the last poll failed", lastError)
                        : new AssertionError(message + "; last seen: " + last);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting for " + what, e);
            }
        }
    }

    /**
     * An assertion failure that keeps {@code cause} as a suppressed exception, not as its cause: Pax Exam reports
     * the innermost cause of a failure only ({@code ExceptionHelper.unwind}), which would drop this message.
     */
    protected static AssertionError failure(String message, Throwable cause) {
        AssertionError failure = new AssertionError(message + ": " + cause);
        failure.addSuppressed(cause);
        return failure;
    }

    /** Waits for a service of {@code type} matching {@code filter} (may be null) and returns its reference. */
    protected <T> ServiceReference<T> awaitServiceReference(Class<T> type, String filter) {
        return await("service " + type.getName() + (filter != null ? " " + filter : ""), () -> {
            try {
                Collection<ServiceReference<T>> refs = bundleContext.getServiceReferences(type, filter);
                return refs.isEmpty() ? null : refs.iterator().next();
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException("bad filter " + filter, e);
            }
        }, ref -> ref != null);
    }

    /** Waits for a service of {@code type} matching {@code filter} (may be null) and returns it. */
    protected <T> T awaitService(Class<T> type, String filter) {
        ServiceReference<T> ref = awaitServiceReference(type, filter);
        T service = bundleContext.getService(ref);
        if (service == null) {
            throw new AssertionError("service " + type.getName() + " went away before it could be got");
        }
        return service;
    }

    /** The server, once it is registered with its listen address. */
    protected SpiceServer server() {
        if (server == null) {
            server = awaitService(SpiceServer.class, "(" + SpiceServer.LISTEN_PROPERTY + "=*)");
        }
        return server;
    }

    // ---------------------------------------------------------------- running on loops (container side)

    /**
     * Runs {@code task} on {@code spice-main} and returns its result, waiting at most 5 s. A failure of the task
     * is rethrown as is when it is unchecked.
     */
    protected <T> T onMain(Callable<T> task) {
        return onLoop(server().mainLoop(), "spice-main", task);
    }

    /** Runs {@code task} on a loop and returns its result, waiting at most 5 s. */
    protected static <T> T onLoop(Executor loop, String name, Callable<T> task) {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, loop);
        try {
            return result.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw failure("task on " + name + " failed", cause);
        } catch (TimeoutException e) {
            throw failure("task on " + name + " did not complete within 5 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for " + name, e);
        }
    }

    /** The live channels by id ({@code display:0}). Queried on spice-main. */
    protected Map<String, Channel> channels() {
        return onMain(() -> {
            Map<String, Channel> byId = new TreeMap<>();
            for (Channel c : server().channels()) {
                byId.put(c.id().toString(), c);
            }
            return byId;
        });
    }

    /** The live channels by id with the name of their owner loop. Queried on spice-main. */
    protected Map<String, String> channelLoops() {
        Map<String, String> loops = new TreeMap<>();
        channels().forEach((id, c) -> loops.put(id, c.loop().name()));
        return loops;
    }

    /** Waits until exactly the expected channels exist, on the expected loops, and returns them by id. */
    protected Map<String, Channel> awaitAllChannels() {
        Map<String, String> expected = new TreeMap<>(EXPECTED_CHANNELS);
        await("channels " + expected, this::channelLoops, expected::equals);
        return channels();
    }

    // ---------------------------------------------------------------- links and sessions (container side)

    /** Opens a raw link connection to the server; it is closed after the test. */
    protected LinkClient openLink() throws IOException {
        return openLink(0);
    }

    /** Opens a raw link connection with a given receive buffer (0 = the system's); closed after the test. */
    protected LinkClient openLink(int receiveBuffer) throws IOException {
        LinkClient c = LinkClient.connect(server().address(), receiveBuffer);
        links.add(c);
        return c;
    }

    /**
     * Registers a whiteboard service (a keyboard or pointer listener) for the running test; it is unregistered
     * after the test.
     *
     * @param display the {@code saffron.display} property, or null for every display
     */
    protected <S> void registerForTest(Class<S> type, S service, Integer display) {
        java.util.Dictionary<String, Object> props = new java.util.Hashtable<>();
        if (display != null) {
            props.put("saffron.display", display);
        }
        registrations.add(bundleContext.registerService(type, service, props));
    }

    @After
    public void unregisterTestServices() {
        registrations.forEach(org.osgi.framework.ServiceRegistration::unregister);
        registrations.clear();
    }

    /** Closes the links a test opened and waits until their sessions are gone, so tests never see each other's. */
    @After
    public void closeLinksAndAwaitNoSessions() throws IOException {
        if (links.isEmpty()) {
            return;
        }
        for (LinkClient c : links) {
            c.close();
        }
        links.clear();
        awaitNoSessions();
    }

    /** The sessions (clients) of the server. Queried on spice-main. */
    protected List<Client> sessions() {
        return onMain(() -> server().clients());
    }

    protected void awaitNoSessions() {
        await("no sessions", this::sessions, List::isEmpty);
    }

    /**
     * The one session, once its main channel client is connected. The main channel does not send INIT yet, so
     * tests learn the session id from the registry instead of the wire.
     */
    protected Client awaitSession() {
        return await("one session with a connected main channel client", this::sessions,
                l -> l.size() == 1 && l.get(0).mainChannelClient() != null
                        && l.get(0).mainChannelClient().state() == ChannelClient.State.CONNECTED).get(0);
    }

    /** Waits until {@code session} has a channel client for {@code channelId} ({@code display:0}). */
    protected static ChannelClient awaitChannelClient(Client session, String channelId) {
        return await(channelId + " in session " + Integer.toUnsignedString(session.sessionId()),
                () -> findChannelClient(session, channelId), Optional::isPresent).get();
    }

    protected static Optional<ChannelClient> findChannelClient(Client session, String channelId) {
        return session.channelClients().stream().filter(cc -> cc.channel().id().toString().equals(channelId))
                .findFirst();
    }

    /** The installed bundle with this symbolic name (the newest, if several). */
    protected Bundle installedBundle(String symbolicName) {
        Bundle found = null;
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                found = b;
            }
        }
        if (found == null) {
            throw new AssertionError("no bundle " + symbolicName + " is installed");
        }
        return found;
    }

    /** A bundle state as a word, for failure messages. */
    protected static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED:
                return "UNINSTALLED";
            case Bundle.INSTALLED:
                return "INSTALLED";
            case Bundle.RESOLVED:
                return "RESOLVED";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            case Bundle.ACTIVE:
                return "ACTIVE";
            default:
                return "state " + state;
        }
    }
}
