package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelId;
import io.saffron.core.ChannelType;

/**
 * Threading model §1 and §4 at the public entry points: channels are created, destroyed and listed on
 * {@code spice-main} only, and a channel's client list belongs to its owner loop. A wrong thread gets an
 * {@link IllegalStateException} naming the operation, the expected loop and the calling thread, and nothing
 * changes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ThreadRulesIT extends SpiceTestSupport {

    private static final ChannelId DISPLAY_0 = new ChannelId(ChannelType.DISPLAY, 0);

    private Map<String, Channel> before;
    private String originalThreadName;

    /**
     * The test thread gets a distinctive name for the duration of a test: under failsafe it is called "main",
     * which "spice-main" already contains, so a message check for the caller would prove nothing.
     */
    @Before
    public void nameTestThreadAndAwaitChannels() {
        originalThreadName = Thread.currentThread().getName();
        Thread.currentThread().setName("thread-rules-it-" + originalThreadName);
        before = awaitAllChannels();
    }

    @After
    public void restoreThreadName() {
        Thread.currentThread().setName(originalThreadName);
    }

    @Test
    public void createChannelOffMainThrows() {
        String caller = Thread.currentThread().getName();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> server().createChannel(DISPLAY_0));
        assertMessage(e, "createChannel", "spice-main", caller);
        assertUnchanged();
    }

    @Test
    public void destroyChannelOffMainThrows() {
        String caller = Thread.currentThread().getName();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> server().destroyChannel(DISPLAY_0));
        assertMessage(e, "destroyChannel", "spice-main", caller);
        assertUnchanged();
    }

    @Test
    public void channelsAndClientsOffMainThrow() {
        String caller = Thread.currentThread().getName();
        IllegalStateException channels = assertThrows(IllegalStateException.class, () -> server().channels());
        assertMessage(channels, "channels", "spice-main", caller);
        IllegalStateException clients = assertThrows(IllegalStateException.class, () -> server().clients());
        assertMessage(clients, "clients", "spice-main", caller);
        // the same calls on spice-main work
        assertEquals("channels on spice-main", EXPECTED_CHANNELS.size(),
                (int) onMain(() -> server().channels().size()));
    }

    @Test
    public void channelClientsOnTheWrongLoopThrow() {
        Channel display0 = before.get("display:0");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> onMain(display0::clients));
        assertMessage(e, "display:0", "spice-worker-0", "spice-main");
        // from the test thread too
        String caller = Thread.currentThread().getName();
        IllegalStateException fromTest = assertThrows(IllegalStateException.class, display0::clients);
        assertMessage(fromTest, "display:0", "spice-worker-0", caller);
        // on its own loop it answers
        List<ChannelClient> clients = onLoop(display0.loop(), "spice-worker-0", display0::clients);
        assertTrue("display:0 has no clients: " + clients, clients.isEmpty());
    }

    private static void assertMessage(IllegalStateException e, String... parts) {
        String message = String.valueOf(e.getMessage());
        for (String part : parts) {
            assertTrue("message \"" + message + "\" names \"" + part + "\"", message.contains(part));
        }
    }

    /** The refused call changed nothing: the same channel objects, none destroyed. */
    private void assertUnchanged() {
        Map<String, Channel> now = channels();
        assertEquals("channel ids", before.keySet(), now.keySet());
        for (Map.Entry<String, Channel> e : before.entrySet()) {
            assertSame(e.getKey() + " is the same channel", e.getValue(), now.get(e.getKey()));
            assertFalse(e.getKey() + " destroyed", e.getValue().isDestroyed());
        }
    }
}
