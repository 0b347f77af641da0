package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.saffron.core.ChannelType;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.MainMessages;

/**
 * Authentication with a password file (issue #3 item 6): a wrong ticket gets PERMISSION_DENIED on main and on
 * secondary channels; a secondary link needs both a live session id and the ticket; the real client gets in with
 * the password and is refused without it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthIT extends SpiceTestSupport {

    static final String PASSWORD = "s3cret-Saffron";

    @Override
    protected Option settings() {
        return frameworkProperty("saffron.password.file").value(passwordFile().toString());
    }

    /** The password file, written on the driver side (the native container shares the file system). */
    private static Path passwordFile() {
        try {
            Path f = Files.createTempFile("saffron-password", ".txt");
            Files.writeString(f, PASSWORD + "\n", StandardCharsets.UTF_8);
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Before
    public void ready() {
        awaitAllChannels();
        awaitNoSessions();
    }

    @Test
    public void wrongPasswordIsDenied() throws Exception {
        LinkClient main = openLink().password("wrong");
        assertEquals(LinkError.PERMISSION_DENIED, main.link(0, ChannelType.MAIN, 0).result());
        assertTrue("connection closed after the refusal", main.awaitClosedByServer(Duration.ofSeconds(5)));
        LinkClient empty = openLink();
        assertEquals(LinkError.PERMISSION_DENIED, empty.link(0, ChannelType.MAIN, 0).result());
        assertTrue(sessions().isEmpty());
    }

    @Test
    public void secondaryLinksNeedALiveSessionIdAndTheTicket() throws Exception {
        LinkClient main = openLink().password(PASSWORD);
        assertEquals(LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
        int session = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();

        int forged = session + 1 != 0 ? session + 1 : 2;
        assertNotEquals(session, forged);
        assertEquals("forged session id", LinkError.BAD_CONNECTION_ID,
                openLink().password(PASSWORD).link(forged, ChannelType.DISPLAY, 0).result());
        assertEquals("live session id, wrong ticket", LinkError.PERMISSION_DENIED,
                openLink().password("wrong").link(session, ChannelType.DISPLAY, 0).result());
        assertEquals("live session id and the ticket", LinkError.OK,
                openLink().password(PASSWORD).link(session, ChannelType.DISPLAY, 0).result());
    }

    @Test
    public void realClientNeedsThePassword() throws Exception {
        RealClients.require(RealClients.SPICY_SCREENSHOT);
        Path out = Files.createTempFile("saffron-auth", ".ppm");
        try {
            int port = server().address().getPort();
            RealClients.Run denied = RealClients.spicyScreenshot("127.0.0.1", port, out, "wrong", 60);
            assertEquals("spicy-screenshot with a wrong password fails; output:\n" + denied.output(), 1,
                    denied.exitCode());
            RealClients.Run ok = RealClients.spicyScreenshot("127.0.0.1", port, out, PASSWORD, 60);
            assertEquals("spicy-screenshot with the password; output:\n" + ok.output(), 0, ok.exitCode());
            assertEquals("a 1024x768 screenshot", 1024, Frame.readPpm(out).width);
        } finally {
            Files.deleteIfExists(out);
            awaitNoSessions();
        }
    }
}
