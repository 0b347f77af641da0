package io.saffron.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelType;
import io.saffron.dispatcher.DispatcherTimeoutException;
import io.saffron.shell.internal.FakeHandlers.CursorHandler;
import io.saffron.shell.internal.FakeHandlers.DisplayHandler;
import io.saffron.shell.internal.FakeHandlers.MainHandler;
import io.saffron.shell.internal.FakeHandlers.NewDisplayHandler;
import io.saffron.shell.internal.Fakes.FakeChannel;
import io.saffron.shell.internal.Fakes.FakeChannelClient;
import io.saffron.shell.internal.Fakes.FakeClient;
import io.saffron.shell.internal.Fakes.FakeConnection;
import io.saffron.shell.internal.Fakes.FakeProviders;
import io.saffron.shell.internal.Fakes.Loop;
import io.saffron.shell.internal.Fakes.Server;

/**
 * The commands against fakes that keep the core's thread rules (see {@link Fakes}): every query below would throw
 * if it touched a registry or a channel's clients off their loop.
 */
class ShellCommandsTest {

    private static final Provider MAIN = new Provider(10, "io.saffron.channel.main", "1.0.0", 1_700_000_000_000L);
    private static final Provider DISPLAY =
            new Provider(12, "io.saffron.channel.display", "1.0.0", 1_700_000_000_123L);
    private static final Provider DISPLAY_STANDBY =
            new Provider(40, "com.example.display", "2.0.0", 1_700_000_000_000L);
    /** 3000000000 as an unsigned int: above Integer.MAX_VALUE, so it prints negative if signed by mistake. */
    private static final int BIG_SESSION = (int) 3_000_000_000L;

    private Server server;
    private Loop worker0;
    private FakeProviders providers;
    private ShellCommands commands;

    @BeforeEach
    void setUp() {
        server = new Server();
        worker0 = new Loop("spice-worker-0");
        providers = new FakeProviders()
                .provide(ChannelType.MAIN, MAIN, MainHandler.class)
                .provide(ChannelType.DISPLAY, DISPLAY, DisplayHandler.class);
        commands = new ShellCommands(server, providers, Duration.ofSeconds(5));
    }

    @AfterEach
    void tearDown() {
        server.main.shutdown();
        worker0.shutdown();
    }

    /** main:0 on spice-main and display:0 on spice-worker-0. */
    private FakeChannel[] twoChannels() throws Exception {
        return new FakeChannel[] {
            server.addChannel(ChannelType.MAIN, 0, server.main, new MainHandler()),
            server.addChannel(ChannelType.DISPLAY, 0, worker0, new DisplayHandler())};
    }

    @Test
    void clientsListsEachSessionWithItsChannelsCountersAndPing() throws Exception {
        FakeChannel[] ch = twoChannels();
        FakeClient session = server.addClient(BIG_SESSION);
        FakeChannelClient main = session.link(ch[0], new FakeConnection("127.0.0.1:53122", 300, 724, 3, 9));
        session.link(ch[1], new FakeConnection("127.0.0.1:53124", 100, 1_258_291, 1, 40));
        main.roundTripNanos = 350_000;

        String out = commands.clients();

        assertEquals(String.join("\n",
                "session     address          channels          bytes in  bytes out  msgs in  msgs out     ping",
                "3000000000  127.0.0.1:53122  main:0 display:0     400 B    1.2 MiB        4        49  0.35 ms",
                "1 session"), out);
    }

    @Test
    void clientsShowsADashForAPingNotYetAnsweredAndMarksAnEndingSession() throws Exception {
        FakeChannel[] ch = twoChannels();
        FakeClient session = server.addClient(7);
        session.link(ch[0], new FakeConnection("127.0.0.1:1", 0, 0, 0, 0));
        session.disconnecting = true;

        String row = commands.clients().split("\n")[1];

        assertEquals("7        127.0.0.1:1  main:0 (ending)       0 B        0 B        0         0     -", row);
    }

    @Test
    void clientsWithoutSessionsIsTheHeaderAndTheCount() {
        assertEquals("session  address  channels  bytes in  bytes out  msgs in  msgs out  ping\n0 sessions",
                commands.clients());
    }

    @Test
    void channelsShowsOwnerThreadProviderAndTheCountersOfTheirClients() throws Exception {
        FakeChannel[] ch = twoChannels();
        server.addChannel(ChannelType.CURSOR, 0, worker0, new CursorHandler()); // no provider registered any more
        FakeClient a = server.addClient(1);
        a.link(ch[0], new FakeConnection("127.0.0.1:1", 300, 700, 3, 7));
        a.link(ch[1], new FakeConnection("127.0.0.1:2", 100, 2048, 1, 2));
        FakeClient b = server.addClient(2);
        b.link(ch[0], new FakeConnection("127.0.0.1:3", 10, 20, 1, 2));

        String out = commands.channels();

        assertEquals(String.join("\n",
                "channel    thread          provider                          clients  bytes in  bytes out  msgs in"
                        + "  msgs out",
                "main:0     spice-main      io.saffron.channel.main 1.0.0           2     310 B      720 B        4"
                        + "         9",
                "display:0  spice-worker-0  io.saffron.channel.display 1.0.0        1     100 B    2.0 KiB        1"
                        + "         2",
                "cursor:0   spice-worker-0  -                                       0       0 B        0 B        0"
                        + "         0",
                "3 channels"), out);
    }

    @Test
    void channelsNamesTheProviderThatLoadedTheHandlerAndCountsTheStandbys() throws Exception {
        providers.provide(ChannelType.DISPLAY, DISPLAY_STANDBY, NewDisplayHandler.class);
        server.addChannel(ChannelType.DISPLAY, 0, worker0, new NewDisplayHandler());

        String row = commands.channels().split("\n")[1];

        assertTrue(row.contains("com.example.display 2.0.0 (+1 standby)"), row);
    }

    @Test
    void channelsShowsDashesForALoopThatDoesNotAnswer() throws Exception {
        twoChannels();
        commands = new ShellCommands(server, providers, Duration.ofMillis(300));
        CountDownLatch release = pause(worker0);
        try {
            String display = commands.channels().split("\n")[2];
            assertEquals("display:0  spice-worker-0  io.saffron.channel.display 1.0.0        -         -          -"
                    + "        -         -", display);
        } finally {
            release.countDown();
        }
    }

    @Test
    void disconnectEndsTheSessionThroughItsMainChannelClientOnSpiceMain() throws Exception {
        FakeChannel[] ch = twoChannels();
        FakeClient session = server.addClient(BIG_SESSION);
        FakeChannelClient main = session.link(ch[0], new FakeConnection("127.0.0.1:53122", 1, 1, 1, 1));
        session.link(ch[1], new FakeConnection("127.0.0.1:53124", 1, 1, 1, 1));

        String out = commands.disconnect("3000000000");

        assertTrue(Pattern.matches("disconnected session 3000000000 \\(127\\.0\\.0\\.1:53122, main:0 display:0\\); "
                + "it ended after \\d+(\\.\\d+)? ms", out), out);
        assertEquals("spice-main", main.disconnectedOn);
        assertEquals(ChannelClient.State.DISCONNECTED, main.state());
        assertTrue(session.isFinished(), "session finished");
        assertEquals(List.of(), server.main.on(() -> server.clients()));
    }

    @Test
    void disconnectOfASessionAlreadyEndingSaysSoAndHowLongItWaited() throws Exception {
        FakeChannel[] ch = twoChannels();
        FakeClient session = server.addClient(5);
        FakeChannelClient main = session.link(ch[0], new FakeConnection("127.0.0.1:9", 1, 1, 1, 1));
        main.state = ChannelClient.State.DISCONNECTED;
        session.disconnecting = true; // and it stays in the registry: its other channel clients are slow to go
        commands = new ShellCommands(server, providers, Duration.ofMillis(200));

        String out = commands.disconnect("5");

        assertTrue(Pattern.matches("session 5 \\(127\\.0\\.0\\.1:9, main:0 \\(ending\\)\\) was already ending; "
                + "it is still ending after \\d+ ms", out), out);
        assertEquals(null, main.disconnectedOn);
    }

    @Test
    void disconnectOfAnUnknownIdNamesItAndTheIdsThatExist() throws Exception {
        server.addClient(BIG_SESSION);
        server.addClient(7);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> commands.disconnect("12345"));

        assertEquals("no session 12345 (expected one of: 3000000000, 7)", e.getMessage());
    }

    @Test
    void disconnectWithoutSessionsSaysThereAreNone() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.disconnect("1"));
        assertEquals("no session 1 (expected: a session id from saffron:clients, but there are no sessions)",
                e.getMessage());
    }

    @Test
    void disconnectRejectsWhatIsNoUnsignedInt() {
        for (String bad : List.of("abc", "-5", "4294967296", " ")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.disconnect(bad));
            assertEquals("session id '" + bad.trim() + "' is not a number (expected: an unsigned 32-bit session id, "
                    + "as saffron:clients shows it)", e.getMessage());
        }
    }

    @Test
    void swapUpdatesTheProviderAndReportsItBeforeAndAfter() throws Exception {
        FakeChannel[] ch = twoChannels();
        FakeChannel[] recreated = new FakeChannel[1];
        providers.onUpdate = () -> {
            // as the core does: the old factory goes (its channel is destroyed), the new one comes (created again)
            recreated[0] = new FakeChannel(ch[1].id(), worker0, new DisplayHandler());
            server.main.on(() -> {
                ch[1].destroyed = true;
                server.channels.remove(ch[1]);
                return server.channels.add(recreated[0]);
            });
            return null;
        };

        String out = commands.swap("display");

        assertEquals(List.of(12L), providers.updated);
        String[] lines = out.split("\n");
        assertTrue(Pattern.matches("swapped display: bundle 12 io.saffron.channel.display updated in "
                + "\\d+(\\.\\d+)? ms", lines[0]), lines[0]);
        assertEquals("when    bundle  symbolic name               version  last modified             channels",
                lines[1]);
        assertEquals("before      12  io.saffron.channel.display  1.0.0    2023-11-14T22:13:20.123Z  display:0",
                lines[2]);
        assertEquals("after       12  io.saffron.channel.display  1.0.0    2023-11-14T22:14:20.123Z  display:0",
                lines[3]);
        assertTrue(Pattern.matches("channels display:0 back after \\d+(\\.\\d+)? ms", lines[4]), lines[4]);
        assertEquals(5, lines.length, out);
        List<String> ids = server.main.on(() -> server.channels().stream().map(c -> c.id().toString()).toList());
        assertEquals(List.of("main:0", "display:0"), ids);
        Channel now = server.main.on(() -> server.channels.get(1));
        assertNotSame(ch[1], now);
    }

    @Test
    void swapSaysSoWhenTheChannelsDoNotComeBack() throws Exception {
        FakeChannel[] ch = twoChannels();
        commands = new ShellCommands(server, providers, Duration.ofMillis(200));
        providers.onUpdate = () -> server.main.on(() -> {
            server.channels.remove(ch[1]);
            return null;
        });

        String[] lines = commands.swap("DISPLAY").split("\n");

        assertTrue(lines[3].endsWith("  -"), lines[3]);
        assertTrue(Pattern.matches("not back after \\d+ ms: expected the factory of display from bundle 12 and "
                + "channels display:0, now channels -", lines[4]), lines[4]);
    }

    @Test
    void swapUpdatesTheProviderThatServesAndListsTheStandbys() throws Exception {
        providers.provide(ChannelType.DISPLAY, DISPLAY_STANDBY, NewDisplayHandler.class);
        server.addChannel(ChannelType.DISPLAY, 0, worker0, new NewDisplayHandler());

        String out = commands.swap("display");

        assertEquals(List.of(40L), providers.updated);
        assertTrue(out.endsWith("\nnot updated (standby): bundle 12 io.saffron.channel.display 1.0.0"), out);
    }

    @Test
    void swapOfAnUnknownTypeListsTheProvidedTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.swap("nothing"));
        assertEquals("unknown channel type 'nothing' (expected one of the provided types: main, display)",
                e.getMessage());
    }

    @Test
    void swapOfATypeNobodyProvidesSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.swap("playback"));
        assertEquals("no bundle provides channel type playback (expected one of the provided types: main, display)",
                e.getMessage());
    }

    @Test
    void swapReportsAFailedUpdateWithTheBundleAndTheFrameworksReason() throws Exception {
        twoChannels();
        providers.failure = new BundleException("activator threw");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> commands.swap("display"));

        assertEquals("update of bundle 12 io.saffron.channel.display 1.0.0 (provider of display) failed: "
                + "activator threw", e.getMessage());
    }

    @Test
    void commandsRefuseToBlockALoopThread() throws Exception {
        Throwable e = CompletableFuture.supplyAsync(() -> {
            try {
                commands.clients();
                return null;
            } catch (RuntimeException failure) {
                return failure;
            }
        }, worker0).get(5, TimeUnit.SECONDS);
        assertEquals(IllegalStateException.class, e.getClass());
        assertEquals("blocking wait for saffron:clients on spice-main is not allowed on loop thread spice-worker-0 "
                + "(expected: a framework or device thread; chain a continuation instead)", e.getMessage());
    }

    @Test
    void aQueryTimesOutWhenSpiceMainDoesNotAnswer() throws Exception {
        commands = new ShellCommands(server, providers, Duration.ofMillis(200));
        CountDownLatch release = pause(server.main);
        try {
            DispatcherTimeoutException e = assertThrows(DispatcherTimeoutException.class, commands::clients);
            assertTrue(e.getMessage().contains("spice-main") && e.getMessage().contains("saffron:clients"),
                    e.getMessage());
        } finally {
            release.countDown();
        }
    }

    /** Blocks {@code loop} until the returned latch is counted down (at most 10 s). */
    private static CountDownLatch pause(Loop loop) {
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return release;
    }
}
