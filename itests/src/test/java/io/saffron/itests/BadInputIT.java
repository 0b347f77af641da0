package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.protocol.DisplayMessages;
import io.saffron.core.protocol.InputsMessages;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.MainMessages;

/**
 * Malformed input after the link (issue #3 item 7): an unknown message type, a truncated body, a size beyond the
 * channel's limit, pointer input for a display that does not exist. Each closes only the offending connection:
 * the session's other channels and another session go on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadInputIT extends SpiceTestSupport {

    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Duration CLOSE = Duration.ofSeconds(5);

    /** A session with main and display 0 linked and the first frame read. */
    private record Session(int id, LinkClient main, LinkClient display) {
    }

    @Before
    public void ready() {
        awaitAllChannels();
        awaitNoSessions();
    }

    private Session session() throws Exception {
        LinkClient main = openLink();
        assertEquals(LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
        int id = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();
        LinkClient display = openLink().channelCaps(SessionIT.GTK_DISPLAY_CAPS);
        assertEquals(LinkError.OK, display.link(id, ChannelType.DISPLAY, 0).result());
        display.sendMessage(new DisplayMessages.DisplayInit(1, 20_971_520L, 1, 14_679_040));
        SessionIT.readFirstFrame(display, true);
        return new Session(id, main, display);
    }

    /** The offending display connection closes; its main, and another session, stay. */
    private void onlyTheDisplayCloses(Session bad, Session other) throws Exception {
        assertTrue("the offending display connection was closed", bad.display().awaitClosedByServer(CLOSE));
        assertTrue("its main channel stays open", bad.main().staysOpenFor(QUIET));
        assertTrue("the other session's display stays open", other.display().staysOpenFor(QUIET));
        List<Client> sessions = await("both sessions alive, the bad one without display:0", this::sessions,
                l -> l.size() == 2 && l.stream().filter(c -> c.sessionId() == bad.id()).allMatch(
                        c -> findChannelClient(c, "display:0").isEmpty()));
        assertEquals(2, sessions.size());
    }

    @Test
    public void unknownMessageTypeClosesThatConnectionOnly() throws Exception {
        Session bad = session();
        Session other = session();
        bad.display().sendMessage(150, ByteBuffer.allocate(4));
        onlyTheDisplayCloses(bad, other);
    }

    @Test
    public void unknownCommonMessageTypeClosesThatConnectionOnly() throws Exception {
        Session bad = session();
        Session other = session();
        bad.display().sendMessage(9, ByteBuffer.allocate(0));
        onlyTheDisplayCloses(bad, other);
    }

    @Test
    public void truncatedBodyClosesThatConnectionOnly() throws Exception {
        Session bad = session();
        Session other = session();
        // PREFERRED_COMPRESSION needs 1 byte, DISPLAY_INIT 14; send a 0-byte and then nothing else matters
        bad.display().sendMessage(DisplayMessages.PreferredCompression.TYPE, ByteBuffer.allocate(0));
        onlyTheDisplayCloses(bad, other);
    }

    @Test
    public void sizeBeyondTheChannelLimitClosesThatConnectionOnly() throws Exception {
        Session bad = session();
        Session other = session();
        // The display channel takes at most 4 KiB per message; announce 1 MiB and send only the header.
        ByteBuffer header = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) DisplayMessages.StreamReport.TYPE).putInt(1 << 20).flip();
        bad.display().send(header);
        onlyTheDisplayCloses(bad, other);
    }

    @Test
    public void pointerOnADisplayThatDoesNotExistClosesTheInputsConnectionOnly() throws Exception {
        Session bad = session();
        LinkClient inputs = openLink();
        assertEquals(LinkError.OK, inputs.link(bad.id(), ChannelType.INPUTS, 0).result());
        inputs.expect(InputsMessages.InputsInit.TYPE);
        inputs.sendMessage(new InputsMessages.MousePosition(10, 10, 0, 7));
        assertTrue("the inputs connection was closed", inputs.awaitClosedByServer(CLOSE));
        assertTrue("main stays open", bad.main().staysOpenFor(QUIET));
        assertTrue("display stays open", bad.display().staysOpenFor(QUIET));
    }

    @Test
    public void unknownMainMessageEndsThatSessionOnly() throws Exception {
        Session bad = session();
        Session other = session();
        bad.main().sendMessage(150, ByteBuffer.allocate(0));
        assertTrue("the main connection was closed", bad.main().awaitClosedByServer(CLOSE));
        assertTrue("closing main ends the session's display too", bad.display().awaitClosedByServer(CLOSE));
        assertTrue("the other session stays", other.main().staysOpenFor(QUIET));
        await("only the other session is left", this::sessions,
                l -> l.size() == 1 && l.get(0).sessionId() == other.id());
    }

    @Test
    public void truncatedStreamThenCloseLeavesOthersAlone() throws Exception {
        Session bad = session();
        Session other = session();
        // A header announcing 14 bytes, 5 of them sent, then the client goes away mid-message.
        ByteBuffer partial = ByteBuffer.allocate(11).order(ByteOrder.LITTLE_ENDIAN);
        partial.putShort((short) DisplayMessages.DisplayInit.TYPE).putInt(14).put(new byte[5]).flip();
        bad.display().send(partial);
        bad.display().close();
        assertTrue("its main channel stays open", bad.main().staysOpenFor(QUIET));
        assertTrue("the other session's display stays open", other.display().staysOpenFor(QUIET));
    }
}
