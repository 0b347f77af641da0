package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.awt.image.DataBufferInt;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.protocol.DisplayMessages;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.MainMessages;
import io.saffron.qxl.DisplayCanvas;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.QxlDevices;

/**
 * A client that stops reading (issue #3 item 2, flow control) on real sockets: while an application floods
 * display 1 with full-screen frames of noise, a client with a small receive window stops reading. It must hold
 * back only its own connection (a bounded amount of bytes, no unbounded queue), another client must keep
 * receiving frames meanwhile, and when the slow client reads again it must catch up with few merged draws that end on the
 * newest pixels.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FlowControlIT extends SpiceTestSupport {

    private static final int FRAMES = 30;

    @Before
    public void ready() {
        awaitAllChannels();
        awaitNoSessions();
    }

    /** main + display 1 with raw bitmaps (every frame of noise is 3 MB); the first frame read. */
    private LinkClient[] linkDisplay(int receiveBuffer) throws Exception {
        LinkClient main = openLink();
        assertEquals(LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
        int session = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();
        LinkClient display = openLink(receiveBuffer).channelCaps(SessionIT.GTK_DISPLAY_CAPS_NO_LZ4);
        assertEquals(LinkError.OK, display.link(session, ChannelType.DISPLAY, 1).result());
        display.sendMessage(new DisplayMessages.DisplayInit(1, 20_971_520L, 1, 14_679_040));
        return new LinkClient[] {main, display};
    }

    private ChannelClient serverSide(LinkClient main) {
        int port = main.localPort();
        Client session = await("the session of port " + port, () -> sessions().stream()
                .filter(c -> c.mainChannelClient() != null
                        && c.mainChannelClient().connection().remoteAddress().endsWith(":" + port))
                .findFirst().orElse(null), c -> c != null);
        return awaitChannelClient(session, "display:1");
    }

    @Test
    public void aClientThatStopsReadingGetsMergedFramesAndHarmsNoOne() throws Exception {
        Bundle demo = installedBundle("io.saffron.demo");
        demo.stop(); // frees the displays for this test's own application
        QxlDevice device = awaitService(QxlDevices.class, null).device(1);
        DisplayCanvas canvas = device.open("flow-control test");
        try {
            LinkClient[] slow = linkDisplay(16 * 1024);
            Frame slowFrame = SessionIT.readFirstFrame(slow[1], true);
            LinkClient[] fast = linkDisplay(0);
            Frame fastFrame = SessionIT.readFirstFrame(fast[1], true);
            ChannelClient slowServer = serverSide(slow[0]);
            ChannelClient fastServer = serverSide(fast[0]);

            // The fast client reads on its own thread all along.
            AtomicBoolean reading = new AtomicBoolean(true);
            AtomicLong fastDraws = new AtomicLong();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try {
                    while (reading.get()) {
                        if (fastFrame.apply(fast[1].readMessage())) {
                            fastDraws.incrementAndGet();
                        }
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // no more frames: done
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            Random random = new Random(3);
            int[] px = ((DataBufferInt) canvas.image().getRaster().getDataBuffer()).getData();
            for (int f = 0; f < FRAMES; f++) {
                for (int i = 0; i < px.length; i++) {
                    px[i] = random.nextInt() & 0xFFFFFF;
                }
                canvas.flushAll();
            }
            int[] newest = device.snapshot().get(10, TimeUnit.SECONDS);

            await("the fast client holds the newest frame", Duration.ofSeconds(30),
                    () -> fastFrame.differences(newest), d -> d == 0);
            long fastBytes = fastServer.connection().bytesOut();
            long slowBytes = slowServer.connection().bytesOut();
            // It may itself get merged frames when the application draws faster than it reads, but far more.
            assertTrue("the reading client kept receiving frames: " + fastBytes + " bytes",
                    fastBytes > 5L * 3 * 1024 * 1024);
            assertTrue("what was written for the stalled client is bounded: " + slowBytes + " bytes (fast "
                    + fastBytes + ")", slowBytes < fastBytes / 3);
            assertTrue("the stalled client is still connected", slowServer.state() == ChannelClient.State.CONNECTED);

            // The slow client reads again: it catches up with few draws and ends on the newest pixels.
            int drawsBefore = slowFrame.draws;
            slow[1].readTimeout(Duration.ofSeconds(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (slowFrame.differences(newest) != 0 && System.nanoTime() < deadline) {
                slowFrame.apply(slow[1].readMessage());
            }
            assertEquals("the slow client ends on the newest pixels; first " + slowFrame.firstDifference(newest), 0,
                    slowFrame.differences(newest));
            int slowDraws = slowFrame.draws - drawsBefore;
            assertTrue("merged: the slow client needed " + slowDraws + " draws, the fast one " + fastDraws.get(),
                    slowDraws < fastDraws.get() / 2);

            System.out.printf("flow control: reading client %d bytes, %d draws; stalled client %d bytes, caught up "
                    + "with %d draws%n", fastBytes, fastDraws.get(), slowBytes, slowDraws);
            reading.set(false);
            fast[1].readTimeout(Duration.ofMillis(200));
            reader.get(10, TimeUnit.SECONDS);
        } finally {
            canvas.close();
            demo.start();
        }
    }
}
