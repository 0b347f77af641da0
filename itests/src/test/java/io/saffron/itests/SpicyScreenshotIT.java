package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.saffron.core.Channel;
import io.saffron.core.ChannelType;
import io.saffron.core.protocol.DisplayMessages;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.MainMessages;
import io.saffron.qxl.QxlDevices;

/**
 * End to end with the real client: {@code spicy-screenshot} (Debian's spice-client-gtk) links the session and
 * display 0 and saves the primary surface after the first draw; the PPM must equal the device's own frame
 * exactly, with LZ4 (the default for spice-gtk, which decodes it) and with raw bitmaps (compression off through
 * ConfigAdmin, which recreates the display channels). The demo is frozen, so the frame is deterministic. Fails
 * instead of skipping when the client is missing and {@code CI=true}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SpicyScreenshotIT extends SpiceTestSupport {

    @Before
    public void ready() {
        RealClients.require(RealClients.SPICY_SCREENSHOT);
        awaitAllChannels();
        awaitNoSessions();
    }

    @Test
    public void screenshotEqualsTheDeviceFrameWithLz4ThenWithRawBitmaps() throws Exception {
        assertEquals("image type for a client with LZ4", 109, firstImageType());
        screenshotEqualsTheDeviceFrame("lz4 (auto)");

        ConfigurationAdmin cm = awaitService(ConfigurationAdmin.class, null);
        Configuration c = cm.getConfiguration("io.saffron.channel.display", "?");
        Channel before = channels().get("display:0");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("compression", "off");
        c.update(props);
        try {
            // The factory is reactivated with the new setting: its channels are destroyed and created again.
            await("display:0 recreated", () -> channels().get("display:0"), ch -> ch != null && ch != before);
            awaitAllChannels();
            assertEquals("image type with compression off", 0, firstImageType());
            screenshotEqualsTheDeviceFrame("raw");
        } finally {
            c.delete();
        }
    }

    /** The image type of the first DRAW_COPY a spice-gtk-like protocol client gets on display 0. */
    private int firstImageType() throws Exception {
        try (LinkClient main = LinkClient.connect(server().address());
                LinkClient display = LinkClient.connect(server().address())) {
            assertEquals(LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
            int session = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();
            display.channelCaps(SessionIT.GTK_DISPLAY_CAPS);
            assertEquals(LinkError.OK, display.link(session, ChannelType.DISPLAY, 0).result());
            display.sendMessage(new DisplayMessages.DisplayInit(1, 20_971_520L, 1, 14_679_040));
            return DisplayMessages.DrawCopy.decode(display.expect(DisplayMessages.DrawCopy.TYPE).body()).image()
                    .type();
        } finally {
            awaitNoSessions();
        }
    }

    private void screenshotEqualsTheDeviceFrame(String what) throws Exception {
        Path out = Files.createTempFile("saffron-screenshot", ".ppm");
        try {
            RealClients.Run run = RealClients.spicyScreenshot("127.0.0.1", server().address().getPort(), out, null, 60);
            assertEquals("spicy-screenshot exit status (" + what + "); output:\n" + run.output(), 0, run.exitCode());
            Frame shot = Frame.readPpm(out);
            int[] device = awaitService(QxlDevices.class, null).device(0).snapshot().get(5, TimeUnit.SECONDS);
            int width = awaitService(QxlDevices.class, null).device(0).primarySurface().width();
            assertEquals("screenshot width", width, shot.width);
            assertEquals("screenshot pixels differing from the device frame (" + what + "); first "
                    + shot.firstDifference(device), 0, shot.differences(device));
            assertTrue("the screenshot shows the demo, not a blank screen", shot.colours() > 4);
            awaitNoSessions();
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
