package io.saffron.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.saffron.core.ChannelType;
import io.saffron.core.Client;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CommonMessages;
import io.saffron.core.protocol.CursorMessages;
import io.saffron.core.protocol.DisplayMessages;
import io.saffron.core.protocol.InputsMessages;
import io.saffron.core.protocol.LinkError;
import io.saffron.core.protocol.MainMessages;
import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.KeyboardListener;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.PointerListener;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.QxlDevices;

/**
 * A whole session through a protocol-level client on real sockets: main (INIT, CHANNELS_LIST, mouse modes),
 * display (the first frame, pixel for pixel the device's own, raw and LZ4), cursor (INIT then SET), and inputs
 * (keys and pointer reach the device's whiteboard listeners in order; the demo draws them, so the display
 * changes). The demo runs frozen ({@code saffron.demo.animate=false}), so frames are deterministic.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SessionIT extends SpiceTestSupport {

    /** spice-gtk 0.42's display caps (spice-wire.md §7.1), without LZ4 when a test wants raw bitmaps. */
    static final Capabilities GTK_DISPLAY_CAPS = Capabilities.ofWords(0x6FBF);
    static final Capabilities GTK_DISPLAY_CAPS_NO_LZ4 = Capabilities.ofWords(0x6FBF & ~(1 << 5));

    @Before
    public void ready() {
        awaitAllChannels();
        awaitNoSessions();
    }

    /** Links main and reads INIT; returns the main link and the session id INIT announced. */
    private LinkClient linkMain() throws Exception {
        LinkClient main = openLink().channelCaps(Capabilities.ofWords(0x0F));
        assertEquals(LinkError.OK, main.link(0, ChannelType.MAIN, 0).result());
        return main;
    }

    @Test
    public void mainStartsTheSessionListsTheChannelsAndSwitchesMouseModes() throws Exception {
        LinkClient main = linkMain();
        MainMessages.Init init = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body());
        Client session = awaitSession();
        assertEquals("INIT session id", session.sessionId(), init.sessionId());
        assertEquals("display channels hint", DISPLAYS, init.displayChannelsHint());
        assertEquals("supported mouse modes: server and client", 3, init.supportedMouseModes());
        assertEquals("current mouse mode: client", MainMessages.MOUSE_MODE_CLIENT, init.currentMouseMode());
        assertEquals("no agent", 0, init.agentConnected());
        assertTrue("NAME names the server",
                MainMessages.Name.decode(main.expect(MainMessages.Name.TYPE).body()).name().startsWith("Saffron"));
        main.expect(MainMessages.Uuid.TYPE);

        main.sendMessage(new MainMessages.AttachChannels());
        MainMessages.ChannelsList list = MainMessages.ChannelsList.decode(main.expect(MainMessages.ChannelsList.TYPE)
                .body());
        assertEquals("channels in the real server's order", List.of(
                new MainMessages.Entry(2, 0), new MainMessages.Entry(2, 1),
                new MainMessages.Entry(4, 0), new MainMessages.Entry(4, 1),
                new MainMessages.Entry(3, 0)), list.channels());

        main.sendMessage(new MainMessages.MouseModeRequest(MainMessages.MOUSE_MODE_SERVER));
        MainMessages.MouseMode mode = MainMessages.MouseMode.decode(main.expect(MainMessages.MouseMode.TYPE).body());
        assertEquals(new MainMessages.MouseMode(3, MainMessages.MOUSE_MODE_SERVER), mode);
        assertTrue("the PING of the main channel was answered",
                await("main round trip", () -> session.mainChannelClient().roundTripNanos(), t -> t >= 0) >= 0);
    }

    @Test
    public void firstFrameIsTheDevicesFramePixelForPixelWithRawBitmaps() throws Exception {
        firstFrameMatchesTheDevice(GTK_DISPLAY_CAPS_NO_LZ4, 0);
    }

    @Test
    public void firstFrameIsTheDevicesFramePixelForPixelWithLz4() throws Exception {
        firstFrameMatchesTheDevice(GTK_DISPLAY_CAPS, 1);
    }

    private void firstFrameMatchesTheDevice(Capabilities caps, int displayId) throws Exception {
        LinkClient main = linkMain();
        int sessionId = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();
        LinkClient display = openLink().channelCaps(caps);
        assertEquals(LinkError.OK, display.link(sessionId, ChannelType.DISPLAY, displayId).result());
        display.sendMessage(new DisplayMessages.DisplayInit(1, 20_971_520L, 1, 14_679_040));
        Frame frame = readFirstFrame(display, true);
        int[] device = awaitService(QxlDevices.class, null).device(displayId).snapshot().get(5, TimeUnit.SECONDS);
        assertEquals("pixels differing from the device's frame; first " + frame.firstDifference(device), 0,
                frame.differences(device));
        assertTrue("the demo frame has content (" + frame.colours() + " colours)", frame.colours() > 4);
    }

    /**
     * Reads SURFACE_CREATE, MONITORS_CONFIG (when the client has the cap), the draws and MARK; checks the order
     * of §7.12 and that the first draw covers the whole screen (pitfall 15).
     */
    static Frame readFirstFrame(LinkClient display, boolean monitorsConfig) throws Exception {
        DisplayMessages.SurfaceCreate sc = DisplayMessages.SurfaceCreate.decode(
                display.expect(DisplayMessages.SurfaceCreate.TYPE).body());
        assertEquals("primary surface", 0, sc.surfaceId());
        assertEquals("format 32_xRGB", DisplayMessages.SURFACE_FMT_32_XRGB, sc.format());
        assertEquals("PRIMARY flag", DisplayMessages.SURFACE_FLAG_PRIMARY, sc.flags());
        Frame frame = new Frame(sc.width(), sc.height());
        if (monitorsConfig) {
            DisplayMessages.MonitorsConfig mc = DisplayMessages.MonitorsConfig.decode(
                    display.expect(DisplayMessages.MonitorsConfig.TYPE).body());
            assertEquals(List.of(new DisplayMessages.Head(0, 0, sc.width(), sc.height(), 0, 0, 0)), mc.heads());
        }
        LinkClient.Message m = display.readMessage();
        assertTrue("first message after the surface is a draw: " + m, frame.apply(m));
        assertEquals("the first draw covers the whole screen", 1, frame.draws);
        while ((m = display.readMessage()).type() != DisplayMessages.Mark.TYPE) {
            frame.apply(m);
        }
        return frame;
    }

    @Test
    public void cursorChannelSendsInitOnceThenSetWithAnAlphaShape() throws Exception {
        LinkClient main = linkMain();
        int sessionId = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();
        LinkClient cursor = openLink();
        assertEquals(LinkError.OK, cursor.link(sessionId, ChannelType.CURSOR, 0).result());
        assertEquals("SET_ACK first", CommonMessages.SetAck.TYPE, cursor.readMessage().type());
        LinkClient.Message first = cursor.readMessage();
        assertEquals("then INIT", CursorMessages.CursorInit.TYPE, first.type());
        CursorMessages.CursorInit init = CursorMessages.CursorInit.decode(first.body());
        assertEquals("ALPHA shape", CursorMessages.TYPE_ALPHA, init.cursor().cursorType());
        assertEquals("4 bytes per pixel", 4 * init.cursor().width() * init.cursor().height(),
                init.cursor().data().length);
        CursorMessages.CursorSet set = CursorMessages.CursorSet.decode(cursor.expect(CursorMessages.CursorSet.TYPE)
                .body());
        assertEquals("SET repeats the shape for spice-html5", init.cursor().width(), set.cursor().width());
    }

    @Test
    public void keysAndPointerReachTheDeviceInOrderAndTheDisplayChanges() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        registerForTest(KeyboardListener.class, e -> events.add(key(e)), 0);
        registerForTest(PointerListener.class, e -> events.add(pointer(e)), 0);

        LinkClient main = linkMain();
        int sessionId = MainMessages.Init.decode(main.expect(MainMessages.Init.TYPE).body()).sessionId();
        LinkClient display = openLink().channelCaps(GTK_DISPLAY_CAPS);
        assertEquals(LinkError.OK, display.link(sessionId, ChannelType.DISPLAY, 0).result());
        display.sendMessage(new DisplayMessages.DisplayInit(1, 20_971_520L, 1, 14_679_040));
        Frame frame = readFirstFrame(display, true);
        QxlDevice device = awaitService(QxlDevices.class, null).device(0);
        long deliveredBefore = device.inputsDelivered();

        LinkClient inputs = openLink().channelCaps(Capabilities.of(InputsMessages.CAP_KEY_SCANCODE));
        assertEquals(LinkError.OK, inputs.link(sessionId, ChannelType.INPUTS, 0).result());
        assertEquals("INIT first", InputsMessages.InputsInit.TYPE, inputs.readMessage().type());

        inputs.sendMessage(new InputsMessages.MousePosition(100, 200, 0, 0));
        inputs.sendMessage(new InputsMessages.KeyDown(0x23)); // h
        inputs.sendMessage(new InputsMessages.KeyUp(0xA3));
        inputs.sendMessage(new InputsMessages.KeyScancode(new byte[] {0x2A, 0x17, (byte) 0x97, (byte) 0xAA})); // I
        inputs.sendMessage(new InputsMessages.KeyDown(0x4DE0)); // right arrow, e0 4d
        inputs.sendMessage(new InputsMessages.KeyUp(0xCDE0));
        inputs.sendMessage(new InputsMessages.MousePosition(101, 201, 0, 0));
        inputs.sendMessage(new InputsMessages.MousePosition(102, 202, 0, 0));
        inputs.sendMessage(new InputsMessages.MousePosition(103, 203, 0, 0));
        inputs.sendMessage(new InputsMessages.MousePress(PointerEvent.LEFT, 1));
        inputs.sendMessage(new InputsMessages.MouseRelease(PointerEvent.LEFT, 0));
        assertEquals("MOUSE_MOTION_ACK after 4 motion messages", InputsMessages.MouseMotionAck.TYPE,
                inputs.readMessage().type());

        List<String> expected = List.of(
                "move 100,200", "key down 23 'h'", "key up 23", "key down 2a", "key down 17 'I'", "key up 17",
                "key up 2a", "key down e04d", "key up e04d", "move 101,201", "move 102,202", "move 103,203",
                "press 1 at 103,203 buttons 1", "release 1 at 103,203 buttons 0");
        await("the device's listeners got every event in order", () -> List.copyOf(events), expected::equals);
        assertTrue("the device counted the inputs it delivered",
                device.inputsDelivered() - deliveredBefore >= expected.size());

        int[] before = frame.pixels.clone();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (frame.differences(before) == 0 && System.nanoTime() < deadline) {
            frame.apply(display.readMessage());
        }
        assertNotEquals("the demo drew the typed text and the click", 0, frame.differences(before));
        // What the client holds converges on the device's frame (merged updates, newest pixels).
        converge(display, frame, device);
    }

    /**
     * Reads display messages until the client's frame equals the device's frame. The device may still be
     * drawing (the demo applies input on its next frame), so the snapshot is taken again after every quiet read.
     */
    static void converge(LinkClient display, Frame frame, QxlDevice device) throws Exception {
        display.readTimeout(java.time.Duration.ofMillis(300));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int[] newest = device.snapshot().get(5, TimeUnit.SECONDS);
        while (frame.differences(newest) != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the client's frame did not converge on the device's: "
                        + frame.differences(newest) + " pixels differ, first " + frame.firstDifference(newest));
            }
            try {
                frame.apply(display.readMessage());
            } catch (java.net.SocketTimeoutException quiet) {
                newest = device.snapshot().get(5, TimeUnit.SECONDS);
            }
        }
        display.readTimeout(java.time.Duration.ofSeconds(5));
    }

    private static String key(KeyEvent e) {
        String code = Integer.toHexString(e.scancode());
        return "key " + (e.pressed() ? "down " : "up ") + (code.length() < 2 ? "0" + code : code)
                + (e.codePoint() != 0 ? " '" + new String(Character.toChars(e.codePoint())) + "'" : "");
    }

    private static String pointer(PointerEvent e) {
        return switch (e.kind()) {
            case MOVE -> "move " + e.x() + "," + e.y();
            case PRESS -> "press " + e.button() + " at " + e.x() + "," + e.y() + " buttons " + e.buttons();
            case RELEASE -> "release " + e.button() + " at " + e.x() + "," + e.y() + " buttons " + e.buttons();
        };
    }
}
