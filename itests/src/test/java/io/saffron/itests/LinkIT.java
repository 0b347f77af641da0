package io.saffron.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.List;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.saffron.core.Channel;
import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.protocol.CommonCaps;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.LinkReply;

/**
 * The link stage over a real loopback socket (spice-wire.md §1, threading model §4): a main link opens a session,
 * a display link with its session id lands on {@code spice-worker-0}, each refusal comes back in the form §1.5
 * prescribes, duplicates are refused without disturbing the live link, and closing main ends the session.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LinkIT extends SpiceTestSupport {

    /** How long a connection must stay open to count as "still alive". */
    private static final Duration QUIET = Duration.ofMillis(300);

    @Before
    public void noSessionsAndAllChannels() {
        awaitAllChannels();
        awaitNoSessions();
    }

    @Test
    public void mainLinkThenDisplayLinkRunsOnWorker0() throws Exception {
        LinkClient main = openLink();
        LinkClient.Result linked = main.link(0, ChannelType.MAIN, 0);
        LinkReply.Decoded reply = linked.reply().decoded();
        assertEquals("main link reply", LinkError.OK, reply.error());
        int words = reply.commonCaps().wordCount() + reply.channelCaps().wordCount();
        assertEquals("reply header size", LinkReply.BYTES + 4 * words, linked.reply().header().size());
        assertEquals("public key field", LinkReply.PUBLIC_KEY_BYTES, reply.publicKey().length);
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(reply.publicKey()));
        assertEquals("RSA key bits", 1024, key.getModulus().bitLength());
        assertEquals("server common caps (AUTH_SELECTION + AUTH_SPICE + MINI_HEADER)", 0x0b,
                reply.commonCaps().word(0));
        assertFalse("server must not offer SASL", reply.commonCaps().has(CommonCaps.AUTH_SASL));
        assertEquals("main link result", LinkError.OK, linked.result());

        Client session = awaitSession();
        ChannelClient mainClient = session.mainChannelClient();
        assertEquals("main channel client", "main:0", mainClient.channel().id().toString());
        assertEquals("main channel client loop", "spice-main", mainClient.channel().loop().name());
        assertTrue("mini header negotiated on main", mainClient.connection().miniHeader());

        LinkClient display = openLink();
        LinkClient.Result displayLinked = display.link(session.sessionId(), ChannelType.DISPLAY, 0);
        assertEquals("display link reply", LinkError.OK, displayLinked.reply().decoded().error());
        assertEquals("display link result", LinkError.OK, displayLinked.result());

        ChannelClient displayClient = awaitChannelClient(session, "display:0");
        assertEquals("display:0 channel client loop", "spice-worker-0", displayClient.channel().loop().name());
        assertSame("display:0 channel client's channel is the registered one", channels().get("display:0"),
                displayClient.channel());
        assertSame("display:0 channel client's session", session, displayClient.client());
        assertEquals("display:0 state", ChannelClient.State.CONNECTED, displayClient.state());
        assertTrue("display:0 connection open", displayClient.connection().isOpen());
        List<ChannelClient> onWorker = onLoop(displayClient.channel().loop(), "spice-worker-0",
                () -> displayClient.channel().clients());
        assertEquals("display:0 clients on spice-worker-0", List.of(displayClient), onWorker);
    }

    @Test
    public void badMagicGetsInvalidMagicReply() throws Exception {
        LinkClient c = openLink();
        ByteBuffer bytes = LinkClient.linkMessage(0, ChannelType.MAIN.code(), 0).encode();
        bytes.put(0, "XXXX".getBytes(StandardCharsets.US_ASCII));
        c.send(bytes);
        assertErrorReply(c, LinkError.INVALID_MAGIC);
    }

    @Test
    public void wrongMajorVersionGetsVersionMismatchReply() throws Exception {
        LinkClient c = openLink();
        ByteBuffer bytes = LinkClient.linkMessage(0, ChannelType.MAIN.code(), 0).encode();
        bytes.order(ByteOrder.LITTLE_ENDIAN).putInt(4, 3);
        c.send(bytes);
        assertErrorReply(c, LinkError.VERSION_MISMATCH);
    }

    @Test
    public void unknownConnectionIdGetsBadConnectionId() throws Exception {
        int unknown = 0x5aff_ed01; // no session exists (checked in @Before)
        LinkClient c = openLink();
        LinkClient.Result r = c.link(unknown, ChannelType.DISPLAY, 0);
        assertEquals("link reply", LinkError.OK, r.reply().decoded().error());
        assertEquals("link result", LinkError.BAD_CONNECTION_ID, r.result());
        assertTrue("connection closed by the server after the refusal", c.awaitClosedByServer(TIMEOUT));
        assertTrue("no session was created", sessions().isEmpty());
    }

    @Test
    public void unknownChannelTypeGetsChannelNotAvailable() throws Exception {
        LinkClient main = openLink();
        assertEquals(LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
        Client session = awaitSession();

        LinkClient usbredir = openLink();
        LinkClient.Result r = usbredir.link(session.sessionId(), ChannelType.USBREDIR, 0);
        assertEquals("link reply", LinkError.OK, r.reply().decoded().error());
        assertEquals("link result", LinkError.CHANNEL_NOT_AVAILABLE, r.result());
        assertTrue("usbredir connection closed by the server", usbredir.awaitClosedByServer(TIMEOUT));

        LinkClient display9 = openLink();
        LinkClient.Result r9 = display9.link(session.sessionId(), ChannelType.DISPLAY, 9);
        assertEquals("display:9 link result", LinkError.CHANNEL_NOT_AVAILABLE, r9.result());

        assertTrue("main link still open", main.staysOpenFor(QUIET));
        assertFalse("session still up", session.isDisconnecting());
    }

    @Test
    public void duplicateDisplayLinkIsRefusedAndTheFirstStaysAlive() throws Exception {
        LinkClient main = openLink();
        assertEquals(LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
        Client session = awaitSession();
        LinkClient first = openLink();
        assertEquals("first display:0 link", LinkError.OK,
                first.link(session.sessionId(), ChannelType.DISPLAY, 0).result());
        ChannelClient live = awaitChannelClient(session, "display:0");

        LinkClient duplicate = openLink();
        LinkClient.Result r = duplicate.link(session.sessionId(), ChannelType.DISPLAY, 0);
        LinkError refusal = r.result() != null ? r.result() : r.reply().decoded().error();
        assertFalse("duplicate display:0 link must be refused, got " + refusal, refusal == LinkError.OK);
        assertTrue("duplicate connection closed by the server", duplicate.awaitClosedByServer(TIMEOUT));

        assertTrue("first display:0 link still open", first.staysOpenFor(QUIET));
        assertSame("display:0 channel client unchanged", live, findChannelClient(session, "display:0").orElse(null));
        assertEquals("first display:0 state", ChannelClient.State.CONNECTED, live.state());
        assertTrue("first display:0 connection open", live.connection().isOpen());
        assertTrue("main link still open", main.staysOpenFor(Duration.ofMillis(50)));
    }

    @Test
    public void closingMainEndsTheSession() throws Exception {
        LinkClient main = openLink();
        assertEquals(LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
        Client session = awaitSession();
        LinkClient display = openLink();
        assertEquals(LinkError.OK, display.link(session.sessionId(), ChannelType.DISPLAY, 0).result());
        ChannelClient displayClient = awaitChannelClient(session, "display:0");

        main.close();

        assertTrue("display:0 socket closed by the server after main closed", display.awaitClosedByServer(TIMEOUT));
        awaitNoSessions();
        assertTrue("session finished", session.isFinished());
        assertNull("main channel client released", session.mainChannelClient());
        assertEquals("display:0 state", ChannelClient.State.DISCONNECTED, displayClient.state());
        Channel display0 = channels().get("display:0");
        List<ChannelClient> left = onLoop(display0.loop(), "spice-worker-0", display0::clients);
        assertTrue("display:0 has no clients left: " + left, left.isEmpty());
    }

    /** Reads a link error reply: header size 178, the error, an all-zero key; then the server closes. */
    private static void assertErrorReply(LinkClient c, LinkError expected) throws Exception {
        LinkClient.Reply reply = c.readReply();
        assertEquals("link error reply header size", LinkReply.BYTES, reply.header().size());
        assertEquals("link error", expected, reply.decoded().error());
        assertArrayEquals("key of an error reply", new byte[LinkReply.PUBLIC_KEY_BYTES], reply.decoded().publicKey());
        assertTrue("connection closed by the server after the error reply", c.awaitClosedByServer(TIMEOUT));
    }
}
