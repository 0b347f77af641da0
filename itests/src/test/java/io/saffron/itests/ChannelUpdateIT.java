package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.time.Duration;
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
import org.osgi.framework.wiring.BundleWiring;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.protocol.LinkError;

/**
 * Channel hot-swap (threading model §8.2): updating the display bundle in place (no refresh) destroys display:0
 * and display:1 and creates them again from the new bundle revision; a linked display connection is handed over
 * to the new instance (mode H) without being closed, the session and its main link are untouched, and a
 * duplicate link is refused while the live one is kept. Stopping and starting the inputs bundle removes and
 * restores inputs:0. (SwapIT repeats the handover 20 times per channel type; AnnounceIT covers mode R.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChannelUpdateIT extends SpiceTestSupport {

    private static final String DISPLAY_BSN = "io.saffron.channel.display";
    private static final String INPUTS_BSN = "io.saffron.channel.inputs";
    private static final Duration QUIET = Duration.ofMillis(300);

    @Before
    public void allChannelsAndNoSessions() {
        awaitAllChannels();
        awaitNoSessions();
    }

    @Test
    public void updatingTheDisplayBundleRecreatesItsChannelsAndHandsItsLinksOver() throws Exception {
        Map<String, Channel> before = awaitAllChannels();
        Bundle display = installedBundle(DISPLAY_BSN);
        ClassLoader oldLoader = display.adapt(BundleWiring.class).getClassLoader();
        assertSame("display:0 handler comes from the display bundle", oldLoader,
                before.get("display:0").handler().getClass().getClassLoader());

        // a session with a live display:0 link
        LinkClient main = openLink();
        assertEquals("main link", LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
        Client session = awaitSession();
        LinkClient displayLink = openLink();
        assertEquals("display:0 link", LinkError.OK,
                displayLink.link(session.sessionId(), ChannelType.DISPLAY, 0).result());
        ChannelClient oldDisplayClient = awaitChannelClient(session, "display:0");

        try (InputStream jar = new FileInputStream(bundleFile("display"))) {
            display.update(jar);
        }

        // mode H: the old channel client is replaced on the same connection, which stays open
        ChannelClient handedOver = await("display:0 handed over", () -> findChannelClient(session, "display:0"),
                cc -> cc.isPresent() && cc.get() != oldDisplayClient).get();
        assertEquals("old display:0 channel client", ChannelClient.State.DISCONNECTED, oldDisplayClient.state());
        assertSame("the same connection", oldDisplayClient.connection(), handedOver.connection());
        assertEquals("handed-over display:0", ChannelClient.State.CONNECTED, handedOver.state());
        assertTrue("display:0 link never closed", displayLink.staysOpenFor(QUIET));
        assertTrue("main link still open", main.staysOpenFor(QUIET));
        assertEquals("sessions after the update", List.of(session), sessions());
        assertFalse("session disconnecting", session.isDisconnecting());
        assertEquals("main channel client", ChannelClient.State.CONNECTED, session.mainChannelClient().state());

        // the channels are back, new objects from the new revision; the other channels were not touched
        Map<String, Channel> after = awaitAllChannels();
        assertEquals("display bundle state", "ACTIVE", stateName(display.getState()));
        ClassLoader newLoader = display.adapt(BundleWiring.class).getClassLoader();
        assertNotSame("the update made a new bundle revision class loader", oldLoader, newLoader);
        for (String id : List.of("display:0", "display:1")) {
            Channel old = before.get(id);
            Channel now = after.get(id);
            assertNotSame(id + " was recreated", old, now);
            assertTrue("old " + id + " destroyed", old.isDestroyed());
            assertFalse("new " + id + " destroyed", now.isDestroyed());
            ClassLoader handlerLoader = now.handler().getClass().getClassLoader();
            assertNotSame(id + " handler class loader differs from the old revision's", oldLoader, handlerLoader);
            assertSame(id + " handler comes from the new revision", newLoader, handlerLoader);
            assertEquals(id + " loop", EXPECTED_CHANNELS.get(id), now.loop().name());
        }
        for (String id : List.of("main:0", "inputs:0", "cursor:0", "cursor:1")) {
            assertSame(id + " untouched by the display update", before.get(id), after.get(id));
        }

        // the connection belongs to the new display:0, on spice-worker-0; a duplicate link is refused
        assertSame("handed over to the new display:0", after.get("display:0"), handedOver.channel());
        assertEquals("handed-over display:0 loop", "spice-worker-0", handedOver.channel().loop().name());
        LinkError duplicate = openLink().link(session.sessionId(), ChannelType.DISPLAY, 0).result();
        assertNotSame("a duplicate display:0 link is refused", LinkError.OK, duplicate);
        assertTrue("the live display:0 stays open", displayLink.staysOpenFor(QUIET));
    }

    @Test
    public void stoppingAndStartingTheInputsBundleRemovesAndRestoresInputs0() throws Exception {
        Map<String, Channel> before = awaitAllChannels();
        Bundle inputs = installedBundle(INPUTS_BSN);

        inputs.stop();
        try {
            Map<String, String> withoutInputs = new TreeMap<>(EXPECTED_CHANNELS);
            withoutInputs.remove("inputs:0");
            await("channels without inputs:0", this::channelLoops, withoutInputs::equals);
            assertTrue("old inputs:0 destroyed", before.get("inputs:0").isDestroyed());
        } finally {
            inputs.start();
        }

        Map<String, Channel> after = awaitAllChannels();
        assertNotSame("inputs:0 was recreated", before.get("inputs:0"), after.get("inputs:0"));
        assertEquals("inputs:0 loop", "spice-main", after.get("inputs:0").loop().name());
        assertFalse("new inputs:0 destroyed", after.get("inputs:0").isDestroyed());
        for (String id : List.of("main:0", "display:0", "display:1", "cursor:0", "cursor:1")) {
            assertSame(id + " untouched by the inputs stop/start", before.get(id), after.get(id));
        }
    }

}
