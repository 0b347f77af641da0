package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CursorMessages;
import io.saffron.core.protocol.DisplayMessages;
import io.saffron.core.protocol.InputsMessages;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.MainMessages;
import io.saffron.qxl.KeyboardListener;
import io.saffron.qxl.QxlDevices;

/**
 * Live hot-swap with handover (issue #4, threading model §8.2 mode H): each channel bundle (display, cursor,
 * inputs, main) is updated {@value #SWAPS} times with a real bundle update while a protocol client has all four
 * channels linked and types during every swap. The session never ends, no connection closes, every key arrives
 * in order, the display is repainted to the device's frame after each display swap, the cursor and the keyboard
 * locks are resent, and threads, sessions and channel clients return to their counts; the old display bundle's
 * class loader can be collected.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SwapIT extends SpiceTestSupport {

    static final int SWAPS = 20;

    @Before
    public void ready() {
        awaitAllChannels();
        awaitNoSessions();
    }

    @Test
    public void twentyHandoverSwapsOfEachChannelTypeUnderAConnectedClient() throws Exception {
        List<Integer> keys = Collections.synchronizedList(new ArrayList<>());
        registerForTest(KeyboardListener.class, e -> keys.add(e.pressed() ? e.scancode() : -e.scancode()), 0);

        LinkClient main = openLink().channelCaps(Capabilities.ofWords(0x0F));
        assertEquals(LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
        int sessionId = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();
        LinkClient display = openLink().channelCaps(SessionIT.GTK_DISPLAY_CAPS);
        assertEquals(LinkError.OK, display.link(sessionId, ChannelType.DISPLAY, 0).result());
        display.sendMessage(new DisplayMessages.DisplayInit(1, 20_971_520L, 1, 14_679_040));
        Frame frame = SessionIT.readFirstFrame(display, true);
        LinkClient cursor = openLink();
        assertEquals(LinkError.OK, cursor.link(sessionId, ChannelType.CURSOR, 0).result());
        cursor.expect(CursorMessages.CursorSet.TYPE);
        LinkClient inputs = openLink().channelCaps(Capabilities.of(InputsMessages.CAP_KEY_SCANCODE));
        assertEquals(LinkError.OK, inputs.link(sessionId, ChannelType.INPUTS, 0).result());
        inputs.expect(InputsMessages.InputsInit.TYPE);
        Client session = awaitSession();
        for (String id : List.of("main:0", "display:0", "cursor:0", "inputs:0")) {
            awaitChannelClient(session, id);
        }
        List<String> threadsBefore = threadNames();

        List<Integer> sent = new ArrayList<>();
        int scancode = 0x10; // q, w, e, ... one key per swap
        WeakReference<ClassLoader> oldDisplayLoader = null;
        for (String type : List.of("display", "cursor", "inputs", "main")) {
            Bundle bundle = installedBundle("io.saffron.channel." + type);
            for (int i = 0; i < SWAPS; i++) {
                if (type.equals("display") && i == SWAPS - 1) {
                    oldDisplayLoader = new WeakReference<>(bundle.adapt(BundleWiring.class).getClassLoader());
                }
                CompletableFuture<Void> update = new CompletableFuture<>();
                Thread updater = new Thread(() -> {
                    try {
                        bundle.update();
                        update.complete(null);
                    } catch (Exception e) {
                        update.completeExceptionally(e);
                    }
                }, "swap-" + type + "-" + i);
                updater.start();
                // Typed while the bundle is being replaced: held back if inputs is the one swapped, never lost.
                int code = scancode + (sent.size() / 2) % 12;
                inputs.sendMessage(new InputsMessages.KeyDown(code));
                inputs.sendMessage(new InputsMessages.KeyUp(code | 0x80));
                sent.add(code);
                sent.add(-code);
                update.get(30, TimeUnit.SECONDS);
                updater.join(5000);
                awaitChannel(type + ":0");
                switch (type) {
                    case "display" -> {
                        // The repaint: a whole-screen draw, then MARK, on the same connection.
                        LinkClient.Message m;
                        while ((m = display.readMessage()).type() != DisplayMessages.Mark.TYPE) {
                            frame.apply(m);
                        }
                    }
                    case "cursor" -> cursor.expect(CursorMessages.CursorSet.TYPE);
                    case "inputs" -> inputs.expect(InputsMessages.KeyModifiers.TYPE);
                    default -> {
                    }
                }
                assertEquals("the session after " + type + " swap " + (i + 1), List.of(sessionId),
                        sessions().stream().map(Client::sessionId).toList());
            }
        }

        await("every key typed during the swaps, in order", () -> List.copyOf(keys), sent::equals);
        // The typed text arrives as ordinary updates after the last repaint.
        SessionIT.converge(display, frame, awaitService(QxlDevices.class, null).device(0));
        Client after = awaitSession();
        assertEquals("same session", sessionId, after.sessionId());
        for (String id : List.of("main:0", "display:0", "cursor:0", "inputs:0")) {
            assertEquals(id + " connected", ChannelClient.State.CONNECTED, awaitChannelClient(after, id).state());
        }
        assertEquals("channel clients of the session", 4, after.channelClients().size());
        for (LinkClient c : List.of(main, display, cursor, inputs)) {
            assertTrue(c + " was never closed", c.staysOpenFor(Duration.ofMillis(100)));
        }
        await("the same threads as before the swaps " + threadsBefore, SwapIT::threadNames,
                threadsBefore::equals);
        WeakReference<ClassLoader> loader = oldDisplayLoader;
        await("the old display bundle's class loader is collected", Duration.ofSeconds(20), () -> {
            System.gc();
            return loader.get() == null;
        }, collected -> collected);
    }

    /**
     * Names of the live threads, sorted. Left out: the common fork-join pool (Pax Exam and tests use it) and the
     * JDK's single timer thread behind {@code CompletableFuture.orTimeout}, which the JVM starts once, the first
     * time a bounded wait is set up, and keeps.
     */
    static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> !n.startsWith("ForkJoinPool") && !n.equals("CompletableFutureDelayScheduler")).sorted()
                .toList();
    }

    private void awaitChannel(String id) {
        await(id + " exists again", () -> channels().containsKey(id), present -> present);
    }
}
