package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.saffron.core.ChannelType;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.MainMessages;

/**
 * Channels that appear while clients are attached (issue #4 items 2 and 4, threading model §8.2 modes R and
 * install): a display added at runtime through ConfigAdmin, and a channel bundle stopped for longer than the
 * handover grace and started again. Each attached session without a live link gets a one-entry CHANNELS_LIST
 * and links the channel on its existing session; a bundle back within the grace takes over the open connections
 * instead (no close at all). The grace is 500 ms here.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AnnounceIT extends SpiceTestSupport {

    /** No --displays flag here: the display count comes from ConfigAdmin (1 by default), so it can change. */
    @Override
    protected Option displaysOption() {
        return org.ops4j.pax.exam.CoreOptions.composite();
    }

    @Override
    protected Option settings() {
        return frameworkProperty("saffron.handover.grace.ms").value("500");
    }

    @Before
    public void ready() {
        await("main, inputs, display 0 and cursor 0", this::channelLoops, loops -> loops.keySet().containsAll(
                List.of("main:0", "inputs:0", "display:0", "cursor:0")) && !loops.containsKey("display:1"));
        awaitNoSessions();
    }

    /** A main link that has attached (INIT and CHANNELS_LIST read), and its session id. */
    private record Attached(LinkClient main, int session) {
    }

    private Attached attachedMain() throws Exception {
        LinkClient main = openLink();
        assertEquals(LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
        int session = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();
        main.sendMessage(new MainMessages.AttachChannels());
        main.expect(MainMessages.ChannelsList.TYPE);
        return new Attached(main, session);
    }

    private static List<MainMessages.Entry> nextList(LinkClient main) throws Exception {
        return MainMessages.ChannelsList.decode(main.expect(MainMessages.ChannelsList.TYPE).body()).channels();
    }

    @Test
    public void aDisplayAddedAtRuntimeIsAnnouncedAndLinksOnTheSameSession() throws Exception {
        Attached m = attachedMain();
        LinkClient main = m.main();
        int session = m.session();
        ConfigurationAdmin cm = awaitService(ConfigurationAdmin.class, null);
        Configuration c = cm.getConfiguration("io.saffron.qxl.devices", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("displays", 2);
        c.update(props);
        try {
            main.readTimeout(Duration.ofSeconds(10));
            List<MainMessages.Entry> first = nextList(main);
            List<MainMessages.Entry> second = nextList(main);
            assertTrue("display 1 and cursor 1 announced: " + first + " " + second,
                    List.of(first, second).containsAll(List.of(List.of(new MainMessages.Entry(2, 1)),
                            List.of(new MainMessages.Entry(4, 1)))));
            assertEquals("channels on the new worker", "spice-worker-1",
                    await("display:1", () -> channels().get("display:1"), ch -> ch != null).loop().name());
            LinkClient display = openLink().channelCaps(SessionIT.GTK_DISPLAY_CAPS);
            assertEquals(LinkError.OK, display.link(session, ChannelType.DISPLAY, 1).result());
            display.sendMessage(new io.saffron.core.protocol.DisplayMessages.DisplayInit(1, 20_971_520L, 1, 0));
            Frame frame = SessionIT.readFirstFrame(display, true);
            assertTrue("the demo draws on the new display too", frame.colours() > 4);
            assertEquals("the same session", List.of(session),
                    sessions().stream().map(io.saffron.core.Client::sessionId).toList());
        } finally {
            c.delete(); // back to the framework default of this container
            await("display:1 gone", () -> channels().containsKey("display:1"), present -> !present);
        }
    }

    @Test
    public void aBundleBackAfterTheGraceIsAnnouncedAndRelinked() throws Exception {
        Attached m = attachedMain();
        LinkClient main = m.main();
        int session = m.session();
        LinkClient inputs = openLink();
        assertEquals(LinkError.OK, inputs.link(session, ChannelType.INPUTS, 0).result());

        Bundle bundle = installedBundle("io.saffron.channel.inputs");
        bundle.stop();
        assertTrue("after the grace the parked inputs connection is closed",
                inputs.awaitClosedByServer(Duration.ofSeconds(5)));
        assertTrue("the session stays", main.staysOpenFor(Duration.ofMillis(200)));
        bundle.start();
        main.readTimeout(Duration.ofSeconds(10));
        assertEquals(List.of(new MainMessages.Entry(3, 0)), nextList(main));
        LinkClient again = openLink();
        assertEquals("re-link on the same session", LinkError.OK, again.link(session, ChannelType.INPUTS, 0).result());
        LinkError duplicate = refusedDuplicate(session);
        assertTrue("a duplicate is refused, got " + duplicate, duplicate != LinkError.OK);
        assertTrue("the re-linked inputs stays open", again.staysOpenFor(Duration.ofMillis(200)));
    }

    private LinkError refusedDuplicate(int session) throws Exception {
        return openLink().link(session, ChannelType.INPUTS, 0).result();
    }

    @Test
    public void aBundleBackWithinTheGraceTakesOverWithoutAClose() throws Exception {
        Attached m = attachedMain();
        LinkClient main = m.main();
        int session = m.session();
        LinkClient inputs = openLink();
        assertEquals(LinkError.OK, inputs.link(session, ChannelType.INPUTS, 0).result());
        inputs.expect(io.saffron.core.protocol.InputsMessages.InputsInit.TYPE);
        Bundle bundle = installedBundle("io.saffron.channel.inputs");
        bundle.stop();
        bundle.start();
        inputs.expect(io.saffron.core.protocol.InputsMessages.KeyModifiers.TYPE);
        assertTrue("the inputs connection was never closed", inputs.staysOpenFor(Duration.ofMillis(700)));
        assertTrue("main too", main.staysOpenFor(Duration.ofMillis(100)));
    }
}
