package io.saffron.channel.inputs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.saffron.channel.inputs.internal.Fakes.FakeChannelClient;
import io.saffron.channel.inputs.internal.Fakes.FakeDevice;
import io.saffron.channel.inputs.internal.Fakes.Sent;
import io.saffron.core.protocol.CorruptedMessageException;
import io.saffron.core.protocol.InputsMessages;
import io.saffron.core.protocol.SpiceMessage;
import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.Scancodes;

/**
 * What the inputs channel makes of the client messages of spice-wire.md §9: key events with modifiers and US
 * characters, lock state and KEY_MODIFIERS, pointer events on the right display, and the motion-ack cadence.
 */
class InputsChannelTest {

    private final FakeDevice display0 = new FakeDevice(0, 1024, 768);
    private final FakeDevice display1 = new FakeDevice(1, 640, 480);
    private InputsChannel channel;
    private FakeChannelClient client;

    @BeforeEach
    void connect() {
        channel = new InputsChannel(Fakes.context(new Fakes.MainLoop()), List.of(display0, display1));
        client = new FakeChannelClient(7);
        channel.connected(client);
    }

    private void receive(FakeChannelClient c, SpiceMessage m) {
        channel.received(c, m.type(), m.encode());
    }

    private void receive(SpiceMessage m) {
        receive(client, m);
    }

    private static Sent modifiers(int locks) {
        return new Sent(InputsMessages.KeyModifiers.TYPE, new byte[] {(byte) locks, 0});
    }

    private static KeyEvent key(int display, boolean pressed, int scancode, int modifiers, int codePoint) {
        return new KeyEvent(display, pressed, scancode, modifiers, codePoint);
    }

    private static final Sent ACK = new Sent(InputsMessages.MouseMotionAck.TYPE, new byte[0]);

    @Test
    void advertisesKeyScancodeAndSendsInitWithTheLocks() {
        assertTrue(channel.capabilities().has(InputsMessages.CAP_KEY_SCANCODE));
        assertEquals(List.of(new Sent(InputsMessages.InputsInit.TYPE, new byte[] {0, 0})), client.sent);
        receive(new InputsMessages.ClientKeyModifiers(InputsMessages.NUM_LOCK | InputsMessages.CAPS_LOCK));
        FakeChannelClient second = new FakeChannelClient(8);
        channel.connected(second);
        assertEquals(List.of(new Sent(InputsMessages.InputsInit.TYPE, new byte[] {6, 0})), second.sent);
    }

    @Test
    void keyDownAndUpOfA() {
        receive(new InputsMessages.KeyDown(0x1E));
        receive(new InputsMessages.KeyUp(0x9E));
        assertEquals(List.of(key(0, true, 0x1E, 0, 'a'), key(0, false, 0x1E, 0, 0)), display0.inputs);
    }

    @Test
    void shiftTypesCapitalsAndCtrlTypesNothing() {
        receive(new InputsMessages.KeyDown(0x2A)); // left Shift
        receive(new InputsMessages.KeyDown(0x1E));
        receive(new InputsMessages.KeyUp(0xAA));
        receive(new InputsMessages.KeyDown(0x00001DE0)); // right Ctrl
        receive(new InputsMessages.KeyDown(0x1E));
        receive(new InputsMessages.KeyUp(0x00009DE0));
        receive(new InputsMessages.KeyDown(0x02));
        assertEquals(List.of(
                key(0, true, Scancodes.LEFT_SHIFT, KeyEvent.SHIFT, 0),
                key(0, true, 0x1E, KeyEvent.SHIFT, 'A'),
                key(0, false, Scancodes.LEFT_SHIFT, 0, 0),
                key(0, true, Scancodes.RIGHT_CTRL, KeyEvent.CTRL, 0),
                key(0, true, 0x1E, KeyEvent.CTRL, 0),
                key(0, false, Scancodes.RIGHT_CTRL, 0, 0),
                key(0, true, 0x02, 0, '1')), display0.inputs);
    }

    @Test
    void leftAndRightModifiersAreHeldSeparately() {
        receive(new InputsMessages.KeyDown(0x2A));
        receive(new InputsMessages.KeyDown(0x36));
        receive(new InputsMessages.KeyUp(0xAA));
        receive(new InputsMessages.KeyDown(0x1E));
        assertEquals(key(0, true, 0x1E, KeyEvent.SHIFT, 'A'), display0.inputs.get(3), "right Shift still held");
        receive(new InputsMessages.KeyDown(0x00005BE0)); // left Meta
        assertEquals(KeyEvent.SHIFT | KeyEvent.META, ((KeyEvent) display0.inputs.get(4)).modifiers());
    }

    @Test
    void capsLockTogglesOnPressOnlyAndTellsEveryClient() {
        FakeChannelClient other = new FakeChannelClient(8);
        channel.connected(other);
        client.sent.clear();
        other.sent.clear();
        receive(new InputsMessages.KeyDown(0x3A));
        receive(new InputsMessages.KeyDown(0x3A)); // auto-repeat: no second toggle
        receive(new InputsMessages.KeyUp(0xBA));
        receive(new InputsMessages.KeyDown(0x1E));
        assertEquals(List.of(modifiers(InputsMessages.CAPS_LOCK)), client.sent);
        assertEquals(List.of(modifiers(InputsMessages.CAPS_LOCK)), other.sent);
        assertEquals(key(0, true, 0x1E, KeyEvent.CAPS_LOCK, 'A'), display0.inputs.get(3));
        receive(new InputsMessages.KeyDown(0x3A));
        assertEquals(List.of(modifiers(InputsMessages.CAPS_LOCK), modifiers(0)), client.sent);
        assertEquals(key(0, true, Scancodes.CAPS_LOCK, 0, 0), display0.inputs.get(4));
    }

    @Test
    void numAndScrollLockToo() {
        receive(new InputsMessages.KeyDown(0x45));
        receive(new InputsMessages.KeyUp(0xC5));
        receive(new InputsMessages.KeyDown(0x47)); // keypad 7
        receive(new InputsMessages.KeyDown(0x46));
        assertEquals(key(0, true, 0x47, KeyEvent.NUM_LOCK, '7'), display0.inputs.get(2));
        assertEquals(List.of(new Sent(InputsMessages.InputsInit.TYPE, new byte[] {0, 0}),
                modifiers(InputsMessages.NUM_LOCK), modifiers(InputsMessages.NUM_LOCK | InputsMessages.SCROLL_LOCK)),
                client.sent);
    }

    @Test
    void theClientsKeyModifiersSetTheLocksWithoutAnEcho() {
        FakeChannelClient other = new FakeChannelClient(8);
        channel.connected(other);
        client.sent.clear();
        other.sent.clear();
        receive(new InputsMessages.ClientKeyModifiers(InputsMessages.CAPS_LOCK));
        receive(new InputsMessages.ClientKeyModifiers(InputsMessages.CAPS_LOCK)); // no change, nothing sent
        receive(new InputsMessages.KeyDown(0x1F));
        assertEquals(key(0, true, 0x1F, KeyEvent.CAPS_LOCK, 'S'), display0.inputs.get(0));
        assertEquals(List.of(), client.sent);
        assertEquals(List.of(modifiers(InputsMessages.CAPS_LOCK)), other.sent);
    }

    @Test
    void keyScancodeStreamsAndPauseAcrossMessages() {
        receive(new InputsMessages.KeyScancode(new byte[] {0x1e, (byte) 0x9e}));
        receive(new InputsMessages.KeyScancode(new byte[] {(byte) 0xe0, 0x4d, (byte) 0xe0, (byte) 0xcd}));
        receive(new InputsMessages.KeyDown(0x1DE1));
        receive(new InputsMessages.KeyDown(0x45));
        receive(new InputsMessages.KeyUp(0x9DE1));
        receive(new InputsMessages.KeyUp(0xC5));
        assertEquals(List.of(key(0, true, 0x1E, 0, 'a'), key(0, false, 0x1E, 0, 0), key(0, true, 0xE04D, 0, 0),
                key(0, false, 0xE04D, 0, 0), key(0, true, Scancodes.PAUSE, 0, 0), key(0, false, Scancodes.PAUSE, 0, 0)),
                display0.inputs);
        assertEquals(1, client.sent.size(), "Pause is not Num Lock: no KEY_MODIFIERS");
    }

    @Test
    void eachClientHasItsOwnDecoderAndModifiers() {
        FakeChannelClient other = new FakeChannelClient(8);
        channel.connected(other);
        receive(new InputsMessages.KeyScancode(new byte[] {(byte) 0xe0}));
        receive(other, new InputsMessages.KeyDown(0x2A));
        receive(new InputsMessages.KeyScancode(new byte[] {0x4d}));
        receive(new InputsMessages.KeyDown(0x1E));
        assertEquals(List.of(key(0, true, Scancodes.LEFT_SHIFT, KeyEvent.SHIFT, 0), key(0, true, 0xE04D, 0, 0),
                key(0, true, 0x1E, 0, 'a')), display0.inputs);
    }

    @Test
    void mousePositionMovesThePointerAndTheKeyboardFocus() {
        receive(new InputsMessages.MousePosition(10, 20, 0, 1));
        receive(new InputsMessages.KeyDown(0x1E));
        receive(new InputsMessages.MousePress(PointerEvent.LEFT, 1));
        receive(new InputsMessages.MouseRelease(PointerEvent.LEFT, 0));
        receive(new InputsMessages.MousePress(PointerEvent.WHEEL_UP, 0));
        receive(new InputsMessages.MouseRelease(PointerEvent.WHEEL_UP, 0));
        assertEquals(List.of(), display0.inputs);
        assertEquals(List.of(new PointerEvent(1, PointerEvent.Kind.MOVE, 10, 20, 0, 0), key(1, true, 0x1E, 0, 'a'),
                new PointerEvent(1, PointerEvent.Kind.PRESS, 10, 20, PointerEvent.LEFT, 1),
                new PointerEvent(1, PointerEvent.Kind.RELEASE, 10, 20, PointerEvent.LEFT, 0),
                new PointerEvent(1, PointerEvent.Kind.PRESS, 10, 20, PointerEvent.WHEEL_UP, 0),
                new PointerEvent(1, PointerEvent.Kind.RELEASE, 10, 20, PointerEvent.WHEEL_UP, 0)), display1.inputs);
    }

    @Test
    void positionsAreClampedToTheSurface() {
        receive(new InputsMessages.MousePosition(5000, 5000, 0, 1));
        receive(new InputsMessages.MousePosition(-3, 7, 0x11, 0));
        assertEquals(List.of(new PointerEvent(1, PointerEvent.Kind.MOVE, 639, 479, 0, 0)), display1.inputs);
        assertEquals(List.of(new PointerEvent(0, PointerEvent.Kind.MOVE, 0, 7, 0, 0x11)), display0.inputs);
    }

    @Test
    void aPositionOnADisplayThatDoesNotExistIsAProtocolError() {
        CorruptedMessageException e = assertThrows(CorruptedMessageException.class,
                () -> receive(new InputsMessages.MousePosition(1, 1, 0, 5)));
        assertTrue(e.getMessage().contains("display 5"), e.getMessage());
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
        assertTrue(e.getMessage().contains("inputs:0"), e.getMessage());
    }

    @Test
    void mouseMotionIsRelativeToTheLastPositionAndClamped() {
        receive(new InputsMessages.MouseMotion(10, -10, 0)); // from the centre
        receive(new InputsMessages.MouseMotion(-100_000, 100_000, 4));
        receive(new InputsMessages.MousePress(PointerEvent.RIGHT, 4));
        assertEquals(List.of(new PointerEvent(0, PointerEvent.Kind.MOVE, 522, 374, 0, 0),
                new PointerEvent(0, PointerEvent.Kind.MOVE, 0, 767, 0, 4),
                new PointerEvent(0, PointerEvent.Kind.PRESS, 0, 767, PointerEvent.RIGHT, 4)), display0.inputs);
    }

    @Test
    void unknownButtonsAreIgnored() {
        receive(new InputsMessages.MousePress(0, 0));
        receive(new InputsMessages.MousePress(8, 0));
        assertEquals(List.of(), display0.inputs);
    }

    @Test
    void oneMotionAckPerFourMotionOrPositionMessagesPerClient() {
        FakeChannelClient other = new FakeChannelClient(8);
        channel.connected(other);
        client.sent.clear();
        other.sent.clear();
        for (int i = 0; i < 13; i++) {
            if (i % 2 == 0) {
                receive(new InputsMessages.MousePosition(i, i, 0, 0));
            } else {
                receive(new InputsMessages.MouseMotion(1, 1, 0));
            }
            receive(new InputsMessages.MousePress(PointerEvent.LEFT, 1)); // not counted
        }
        for (int i = 0; i < 3; i++) {
            receive(other, new InputsMessages.MousePosition(i, i, 0, 0));
        }
        assertEquals(List.of(ACK, ACK, ACK), client.sent);
        assertEquals(List.of(), other.sent);
        receive(other, new InputsMessages.MousePosition(4, 4, 0, 0));
        assertEquals(List.of(ACK), other.sent);
    }

    @Test
    void heldModifiersAreReleasedWhenTheClientLeaves() {
        receive(new InputsMessages.KeyDown(0x1D));
        receive(new InputsMessages.KeyDown(0x38));
        receive(new InputsMessages.KeyDown(0x1E));
        channel.disconnected(client);
        assertEquals(List.of(key(0, true, Scancodes.LEFT_CTRL, KeyEvent.CTRL, 0),
                key(0, true, Scancodes.LEFT_ALT, KeyEvent.CTRL | KeyEvent.ALT, 0),
                key(0, true, 0x1E, KeyEvent.CTRL | KeyEvent.ALT, 0),
                key(0, false, Scancodes.LEFT_CTRL, KeyEvent.ALT, 0),
                key(0, false, Scancodes.LEFT_ALT, 0, 0)), display0.inputs);
    }

    @Test
    void unknownAndMalformedMessagesAreProtocolErrors() {
        CorruptedMessageException unknown = assertThrows(CorruptedMessageException.class,
                () -> channel.received(client, 105, java.nio.ByteBuffer.allocate(0)));
        assertTrue(unknown.getMessage().contains("unknown message type 105"), unknown.getMessage());
        assertThrows(CorruptedMessageException.class,
                () -> channel.received(client, InputsMessages.KeyDown.TYPE, java.nio.ByteBuffer.allocate(3)));
    }

    @Test
    void keysWithoutDevicesAreDropped() {
        InputsChannel none = new InputsChannel(Fakes.context(new Fakes.MainLoop()), List.of());
        FakeChannelClient c = new FakeChannelClient(9);
        none.connected(c);
        none.received(c, InputsMessages.KeyDown.TYPE, new InputsMessages.KeyDown(0x1E).encode());
        none.received(c, InputsMessages.MouseMotion.TYPE, new InputsMessages.MouseMotion(1, 1, 0).encode());
        CorruptedMessageException e = assertThrows(CorruptedMessageException.class, () -> none.received(c,
                InputsMessages.MousePosition.TYPE, new InputsMessages.MousePosition(1, 1, 0, 0).encode()));
        assertTrue(e.getMessage().contains("expected: one of []"), e.getMessage());
    }

    @Test
    void everyHandlerMustRunOnSpiceMain() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                receive(new InputsMessages.KeyDown(0x1E));
                failure.complete(null);
            } catch (Throwable e) {
                failure.complete(e);
            }
        }, "not-main");
        t.start();
        Throwable e = failure.get(5, TimeUnit.SECONDS);
        assertTrue(e instanceof AssertionError, String.valueOf(e));
        assertTrue(e.getMessage().contains("must run on spice-main, called from not-main"), e.getMessage());
        assertEquals(List.of(), display0.inputs);
    }
}
