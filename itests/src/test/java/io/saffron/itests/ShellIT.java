package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.saffron.core.Channel;
import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.DisplayMessages;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.MainMessages;

/**
 * The {@code saffron:} shell commands on the real server (issue #4, management). The probe cannot import the shell's
 * internal package, so it finds the command service as Gogo does, by {@value #COMMANDS_FILTER}, and calls its
 * functions reflectively; each returns the text Gogo would print. Tables are read back by their header.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends SpiceTestSupport {

    private static final String COMMANDS_FILTER = "(osgi.command.scope=saffron)";
    private static final String DISPLAY_BSN = "io.saffron.channel.display";
    private static final String MAIN_BSN = "io.saffron.channel.main";

    @Before
    public void ready() {
        awaitAllChannels();
        awaitNoSessions();
    }

    // ---------------------------------------------------------------- the command service

    @Test
    public void theCommandServiceAnnouncesScopeSaffronAndFourFunctions() {
        ServiceReference<?> ref = commandsReference();
        assertEquals("osgi.command.scope", "saffron", ref.getProperty("osgi.command.scope"));
        Object functions = ref.getProperty("osgi.command.function");
        assertTrue("osgi.command.function is a String[]: " + functions, functions instanceof String[]);
        assertEquals("osgi.command.function", List.of("clients", "channels", "disconnect", "swap"),
                Arrays.asList((String[]) functions));
        assertEquals("registered by", "io.saffron.shell", ref.getBundle().getSymbolicName());
    }

    // ---------------------------------------------------------------- clients and channels

    @Test
    public void clientsAndChannelsShowALinkedSessionWithItsTraffic() throws Exception {
        LinkClient main = linkMain();
        int sessionId = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();
        LinkClient display = linkDisplay(sessionId);
        Client session = awaitSession();
        awaitChannelClient(session, "display:0");
        String id = Integer.toUnsignedString(sessionId);

        String clients = run("clients");
        Map<String, String> row = row(clients, "session", id);
        assertEquals("address of " + id + " in\n" + clients, "127.0.0.1:" + main.localPort(), row.get("address"));
        assertEquals("channels of " + id + " in\n" + clients, "main:0 display:0", row.get("channels"));
        assertNotEquals("bytes out of " + id + " in\n" + clients, "0 B", row.get("bytes out"));
        assertNotEquals("bytes in of " + id + " in\n" + clients, "0 B", row.get("bytes in"));
        assertTrue("messages out of " + id + " in\n" + clients, Long.parseLong(row.get("msgs out")) > 0);
        assertTrue("count line of\n" + clients, clients.endsWith("\n1 session"));

        String channels = run("channels");
        Map<String, String> threads = new TreeMap<>();
        for (Map<String, String> r : rows(channels)) {
            threads.put(r.get("channel"), r.get("thread"));
        }
        assertEquals("channels and their threads in\n" + channels, new TreeMap<>(EXPECTED_CHANNELS), threads);
        Map<String, String> display0 = row(channels, "channel", "display:0");
        assertEquals("display:0 thread", "spice-worker-0", display0.get("thread"));
        assertEquals("display:0 provider", DISPLAY_BSN + " " + installedBundle(DISPLAY_BSN).getVersion(),
                display0.get("provider"));
        assertEquals("display:0 clients in\n" + channels, "1", display0.get("clients"));
        assertNotEquals("display:0 bytes out in\n" + channels, "0 B", display0.get("bytes out"));
        Map<String, String> main0 = row(channels, "channel", "main:0");
        assertEquals("main:0 thread", "spice-main", main0.get("thread"));
        assertEquals("main:0 provider", MAIN_BSN + " " + installedBundle(MAIN_BSN).getVersion(),
                main0.get("provider"));
        assertEquals("main:0 clients in\n" + channels, "1", main0.get("clients"));
        assertEquals("display:1 clients in\n" + channels, "0", row(channels, "channel", "display:1").get("clients"));
        assertTrue("count line of\n" + channels, channels.endsWith("\n" + EXPECTED_CHANNELS.size() + " channels"));
        assertTrue("display link still open", display.staysOpenFor(java.time.Duration.ofMillis(100)));
        System.out.printf("ShellIT: saffron:clients%n%s%nShellIT: saffron:channels%n%s%n", clients, channels);
    }

    @Test
    public void clientsWithoutSessionsIsTheHeaderAndTheCount() throws Exception {
        String clients = run("clients");
        assertEquals("rows of\n" + clients, List.of(), rows(clients));
        assertTrue("count line of\n" + clients, clients.endsWith("\n0 sessions"));
    }

    // ---------------------------------------------------------------- disconnect

    @Test
    public void disconnectEndsTheSessionAndTheClientSeesTheClose() throws Exception {
        LinkClient main = linkMain();
        int sessionId = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();
        LinkClient display = linkDisplay(sessionId);
        awaitChannelClient(awaitSession(), "display:0");
        String id = Integer.toUnsignedString(sessionId);

        String out = run("disconnect", id);

        System.out.printf("ShellIT: saffron:disconnect %s%n%s%n", id, out);
        assertTrue(out, out.startsWith("disconnected session " + id + " (127.0.0.1:" + main.localPort()
                + ", main:0 display:0); it ended after "));
        awaitNoSessions();
        assertTrue("main link closed by the server", main.awaitClosedByServer(TIMEOUT));
        assertTrue("display link closed by the server", display.awaitClosedByServer(TIMEOUT));
    }

    @Test
    public void disconnectOfAnUnknownIdNamesItAndTheIdsThatExist() throws Exception {
        LinkClient main = linkMain();
        int sessionId = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();
        awaitSession();
        String id = Integer.toUnsignedString(sessionId);

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> run("disconnect", "12345"));
        assertEquals("no session 12345 (expected one of: " + id + ")", unknown.getMessage());
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> run("disconnect", "abc"));
        assertEquals("session id 'abc' is not a number (expected: an unsigned 32-bit session id, as saffron:clients "
                + "shows it)", notANumber.getMessage());
        assertEquals("the session is still there", 1, sessions().size());
        assertTrue("main link still open", main.staysOpenFor(java.time.Duration.ofMillis(100)));
    }

    // ---------------------------------------------------------------- swap

    @Test
    public void swapDisplayUpdatesItsBundleInPlaceAndRecreatesItsChannels() throws Exception {
        Map<String, Channel> before = awaitAllChannels();
        Bundle display = installedBundle(DISPLAY_BSN);
        long bundleId = display.getBundleId();
        long modifiedBefore = display.getLastModified();

        String out = run("swap", "display");

        Map<String, Channel> after = awaitAllChannels();
        assertSame("the same bundle, updated in place", display, installedBundle(DISPLAY_BSN));
        assertEquals("bundle id", bundleId, display.getBundleId());
        assertEquals("display bundle state", "ACTIVE", stateName(display.getState()));
        long modifiedAfter = display.getLastModified();
        assertTrue("last modified " + modifiedAfter + " after " + modifiedBefore, modifiedAfter > modifiedBefore);
        for (String id : List.of("display:0", "display:1")) {
            assertNotSame(id + " was created again", before.get(id), after.get(id));
            assertTrue("old " + id + " destroyed", before.get(id).isDestroyed());
            assertEquals(id + " loop", EXPECTED_CHANNELS.get(id), after.get(id).loop().name());
        }
        for (String id : List.of("main:0", "inputs:0", "cursor:0", "cursor:1")) {
            assertSame(id + " untouched by swap display", before.get(id), after.get(id));
        }

        String[] lines = out.split("\n");
        assertTrue(out, lines[0].startsWith("swapped display: bundle " + bundleId + " " + DISPLAY_BSN
                + " updated in "));
        Map<String, String> was = row(out.substring(out.indexOf('\n') + 1), "when", "before");
        Map<String, String> now = row(out.substring(out.indexOf('\n') + 1), "when", "after");
        assertEquals("bundle before", Long.toString(bundleId), was.get("bundle"));
        assertEquals("bundle after", Long.toString(bundleId), now.get("bundle"));
        assertEquals("last modified before", Instant.ofEpochMilli(modifiedBefore).toString(), was.get("last modified"));
        assertEquals("last modified after", Instant.ofEpochMilli(modifiedAfter).toString(), now.get("last modified"));
        assertEquals("version after", display.getVersion().toString(), now.get("version"));
        assertEquals("channels before", "display:0 display:1", was.get("channels"));
        assertEquals("channels after", "display:0 display:1", now.get("channels"));
        assertTrue(out, lines[lines.length - 1].startsWith("channels display:0 display:1 back after "));
        System.out.printf("ShellIT: saffron:swap display%n%s%n", out);
    }

    @Test
    public void swapOfAnUnknownTypeOrOneNobodyProvidesFailsClearly() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> run("swap", "nothing"));
        assertEquals("unknown channel type 'nothing' (expected one of the provided types: main, display, inputs, "
                + "cursor)", unknown.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> run("swap", "playback"));
        assertEquals("no bundle provides channel type playback (expected one of the provided types: main, display, "
                + "inputs, cursor)", none.getMessage());
        assertEquals("nothing was swapped", new TreeMap<>(EXPECTED_CHANNELS), channelLoops());
    }

    // ---------------------------------------------------------------- helpers

    private LinkClient linkMain() throws Exception {
        LinkClient main = openLink().channelCaps(Capabilities.ofWords(0x0F));
        assertEquals("main link", LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
        return main;
    }

    /** Links display:0, asks for its first frame and reads up to the surface, so that bytes flowed both ways. */
    private LinkClient linkDisplay(int sessionId) throws Exception {
        LinkClient display = openLink().channelCaps(SessionIT.GTK_DISPLAY_CAPS);
        assertEquals("display:0 link", LinkError.OK, display.link(sessionId, ChannelType.DISPLAY, 0).result());
        display.sendMessage(new DisplayMessages.DisplayInit(1, 20_971_520L, 1, 14_679_040));
        display.expect(DisplayMessages.SurfaceCreate.TYPE);
        return display;
    }

    private ServiceReference<?> commandsReference() {
        return await("service " + COMMANDS_FILTER, () -> {
            try {
                ServiceReference<?>[] refs = bundleContext.getServiceReferences((String) null, COMMANDS_FILTER);
                return refs == null ? null : refs[0];
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException("bad filter " + COMMANDS_FILTER, e);
            }
        }, ref -> ref != null);
    }

    /**
     * Calls a command function as Gogo would and returns its text; an exception of the command is rethrown as
     * it is.
     */
    private String run(String function, String... args) throws Exception {
        ServiceReference<?> ref = commandsReference();
        Object commands = bundleContext.getService(ref);
        assertNotNull("command service went away", commands);
        try {
            Method method = null;
            for (Method m : commands.getClass().getMethods()) {
                if (m.getName().equals(function) && m.getParameterCount() == args.length) {
                    method = m;
                }
            }
            assertNotNull("no public method " + function + " with " + args.length + " parameter(s) on "
                    + commands.getClass().getName(), method);
            return (String) method.invoke(commands, (Object[]) args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } finally {
            bundleContext.ungetService(ref);
        }
    }

    /**
     * The rows of a table (a header line, rows, then a count line) as maps from header to cell. Columns are
     * separated by at least two spaces; cells hold single spaces at most.
     */
    private static List<Map<String, String>> rows(String table) {
        String[] lines = table.split("\n");
        List<String> header = cells(lines[0]);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length - 1; i++) {
            List<String> cells = cells(lines[i]);
            assertEquals("cells of line '" + lines[i] + "' under " + header, header.size(), cells.size());
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells.get(c));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> cells(String line) {
        return Arrays.asList(line.trim().split("\\s{2,}"));
    }

    /** The row whose {@code column} is {@code value}. */
    private static Map<String, String> row(String table, String column, String value) {
        return rows(table).stream().filter(r -> value.equals(r.get(column))).findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + column + " = " + value + " in\n" + table));
    }
}
