package io.saffron.channel.inputs.internal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.ChannelClient;
import io.saffron.core.ChannelContext;
import io.saffron.core.ChannelHandler;
import io.saffron.core.ChannelState;
import io.saffron.core.protocol.Capabilities;
import io.saffron.core.protocol.CorruptedMessageException;
import io.saffron.core.protocol.InputsMessages;
import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.Scancodes;
import io.saffron.qxl.Surface;

/**
 * The inputs channel (id 0, on {@code spice-main}), spice-wire.md §9. It turns each client's keyboard bytes and
 * pointer messages into {@link KeyEvent}s and {@link PointerEvent}s for the display devices:
 *
 * <ul>
 * <li>KEY_DOWN, KEY_UP and KEY_SCANCODE bytes go through one set-1 decoder per channel client, so a key split
 * across messages (Pause) decodes whole. Key events go to the display with keyboard focus: the last display a
 * MOUSE_POSITION named, display 0 before that.</li>
 * <li>Shift, Ctrl, Alt and Meta are held per channel client (each client has its own keyboard). The lock state
 * (Caps, Num, Scroll) is the device side's, shared by every client: a new client gets it in INIT, a client's
 * KEY_MODIFIERS sets it, and a lock key that toggles it sends KEY_MODIFIERS to every client.</li>
 * <li>MOUSE_POSITION (client mouse mode) moves the pointer to an absolute position on the display it names;
 * MOUSE_MOTION (server mouse mode) moves it relatively on the focus display; both are clamped to the surface.
 * PRESS and RELEASE happen at the current position. One MOUSE_MOTION_ACK answers every
 * {@value InputsMessages#MOTION_ACK_BUNCH} MOTION and POSITION messages, counted together per channel client.</li>
 * </ul>
 *
 * Every method runs on {@code spice-main} ({@code assert context.loop().inEventLoop()}, internal paths included;
 * the factory checks it always before construction); the devices' {@code input} only posts to their workers.
 */
final class InputsChannel implements ChannelHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InputsChannel.class);

    private static final Capabilities CAPABILITIES = Capabilities.of(InputsMessages.CAP_KEY_SCANCODE);

    /** Empty and immutable: one instance answers every bunch of motions. */
    private static final InputsMessages.MouseMotionAck MOTION_ACK = new InputsMessages.MouseMotionAck();

    /** Modifier keys, by bit of {@link ClientInput#held}: left and right Shift, Ctrl, Alt, Meta. */
    private static final int[] MODIFIER_KEYS = {Scancodes.LEFT_SHIFT, Scancodes.RIGHT_SHIFT, Scancodes.LEFT_CTRL,
            Scancodes.RIGHT_CTRL, Scancodes.LEFT_ALT, Scancodes.RIGHT_ALT, Scancodes.LEFT_META, Scancodes.RIGHT_META};

    private final ChannelContext context;
    private final Supplier<List<QxlDevice>> source;

    // spice-main only.
    // The devices by display id, read again from the source when an id is missing (displays added at runtime).
    private final Map<Integer, QxlDevice> devices = new TreeMap<>();
    private final Map<ChannelClient, ClientInput> clients = new LinkedHashMap<>();
    /** The lock state, as the wire carries it: {@link InputsMessages#SCROLL_LOCK} etc. */
    private int locks;

    /** What the channel knows of one client's keyboard and pointer. spice-main only. */
    private static final class ClientInput {
        final Scancodes.Decoder decoder = new Scancodes.Decoder();
        /** Modifier keys held, one bit per entry of {@link #MODIFIER_KEYS}. */
        int held;
        /** Lock keys held down (wire bits), so that auto-repeat does not toggle the lock again. */
        int locksDown;
        /** MOTION and POSITION messages since the last MOUSE_MOTION_ACK. */
        int motions;
        /** The display with keyboard focus and the pointer's position on it; x &lt; 0 before the first pointer message. */
        int focus;
        int x = -1;
        int y = -1;
        int buttons;

        int modifiers() {
            int m = 0;
            if ((held & 0x03) != 0) {
                m |= KeyEvent.SHIFT;
            }
            if ((held & 0x0C) != 0) {
                m |= KeyEvent.CTRL;
            }
            if ((held & 0x30) != 0) {
                m |= KeyEvent.ALT;
            }
            if ((held & 0xC0) != 0) {
                m |= KeyEvent.META;
            }
            return m;
        }
    }

    InputsChannel(ChannelContext context, List<QxlDevice> devices) {
        this(context, () -> devices);
    }

    InputsChannel(ChannelContext context, Supplier<List<QxlDevice>> source) {
        this.context = context;
        this.source = source;
        refreshDevices();
    }

    /**
     * Reads the device list again: a listed device replaces the one cached for its id; a device no longer listed
     * stays cached, stopped, and drops what it is given. spice-main (the constructor runs there too: the factory
     * checks it).
     */
    private void refreshDevices() {
        assert context.loop().inEventLoop();
        for (QxlDevice d : source.get()) {
            devices.put(d.id(), d);
        }
    }

    /**
     * The device of a display id, or null; a miss, or a cached device that stopped, reads the device list again (a
     * display added at runtime, or removed and added again: the new device of that id replaces the stopped one, which
     * would otherwise drop every input to that display for the life of this channel).
     * spice-main.
     */
    private QxlDevice device(int id) {
        assert context.loop().inEventLoop();
        QxlDevice d = devices.get(id);
        if (d == null || !d.isRunning()) {
            refreshDevices();
            d = devices.get(id);
        }
        return d;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void connected(ChannelClient client) {
        assert onMain("connected");
        clients.put(client, new ClientInput());
        client.send(new InputsMessages.InputsInit(locks));
        LOG.debug("inputs linked for session {} (locks {})", session(client), locks);
    }

    /**
     * Handover: the keyboard and pointer state of this client and the lock state. Taking the client out here
     * keeps {@link #disconnected} from releasing its held modifiers: the keys stay down across the swap.
     */
    @Override
    public ChannelState export(ChannelClient client) {
        assert onMain("export");
        ClientInput in = clients.remove(client);
        if (in == null) {
            return null;
        }
        return ChannelState.builder().put("locks", locks).put("held", in.held).put("locksDown", in.locksDown)
                .put("motions", in.motions).put("focus", in.focus).put("x", in.x).put("y", in.y)
                .put("buttons", in.buttons).build();
    }

    /** Handover: the same state, and KEY_MODIFIERS (a client takes INIT once per link). */
    @Override
    public void resumed(ChannelClient client, ChannelState state) {
        assert onMain("resumed");
        ClientInput in = new ClientInput();
        in.held = state.getInt("held", 0);
        in.locksDown = state.getInt("locksDown", 0);
        in.motions = state.getInt("motions", 0);
        int focus = state.getInt("focus", 0);
        in.focus = device(focus) != null ? focus : 0;
        in.x = state.getInt("x", -1);
        in.y = state.getInt("y", -1);
        in.buttons = state.getInt("buttons", 0);
        locks = state.getInt("locks", locks);
        clients.put(client, in);
        client.send(new InputsMessages.KeyModifiers(locks));
        LOG.debug("inputs of session {} handed over (locks {}, {} unacked motion(s))", session(client), locks,
                in.motions);
    }

    @Override
    public void received(ChannelClient client, int type, ByteBuffer body) {
        assert onMain("received");
        ClientInput in = clients.get(client);
        if (in == null) {
            throw new IllegalStateException("message " + type + " from session " + session(client)
                    + ", which is not connected to " + context.id());
        }
        switch (type) {
            case InputsMessages.KeyDown.TYPE:
                keyBytes(in, InputsMessages.KeyDown.decode(body).bytes());
                break;
            case InputsMessages.KeyUp.TYPE:
                keyBytes(in, InputsMessages.KeyUp.decode(body).bytes());
                break;
            case InputsMessages.KeyScancode.TYPE:
                keyBytes(in, InputsMessages.KeyScancode.decode(body).codes());
                break;
            case InputsMessages.ClientKeyModifiers.TYPE:
                clientLocks(client, InputsMessages.ClientKeyModifiers.decode(body).modifiers());
                break;
            case InputsMessages.MousePosition.TYPE:
                position(in, InputsMessages.MousePosition.decode(body));
                motionAck(client, in);
                break;
            case InputsMessages.MouseMotion.TYPE:
                motion(in, InputsMessages.MouseMotion.decode(body));
                motionAck(client, in);
                break;
            case InputsMessages.MousePress.TYPE: {
                InputsMessages.MousePress m = InputsMessages.MousePress.decode(body);
                button(in, PointerEvent.Kind.PRESS, m.button(), m.buttons());
                break;
            }
            case InputsMessages.MouseRelease.TYPE: {
                InputsMessages.MouseRelease m = InputsMessages.MouseRelease.decode(body);
                button(in, PointerEvent.Kind.RELEASE, m.button(), m.buttons());
                break;
            }
            default:
                throw new CorruptedMessageException("unknown message type " + type + " (" + context.id()
                        + ", expected: 101..104 or 111..114)");
        }
    }

    @Override
    public void disconnected(ChannelClient client) {
        assert onMain("disconnected");
        ClientInput in = clients.remove(client);
        if (in == null) {
            return;
        }
        // As spice-server does: a client that leaves with a modifier held must not leave it stuck on the display.
        for (int i = 0; i < MODIFIER_KEYS.length; i++) {
            if ((in.held & 1 << i) != 0) {
                key(in, MODIFIER_KEYS[i], false);
            }
        }
        LOG.debug("inputs of session {} disconnected", session(client));
    }

    // ------------------------------------------------------------------ keyboard (spice-main)

    private void keyBytes(ClientInput in, byte[] bytes) {
        assert context.loop().inEventLoop();
        for (byte b : bytes) {
            int k = in.decoder.feed(b);
            if (k != -1) {
                key(in, k >>> 1, (k & 1) != 0);
            }
        }
    }

    private void key(ClientInput in, int scancode, boolean pressed) {
        assert context.loop().inEventLoop();
        for (int i = 0; i < MODIFIER_KEYS.length; i++) {
            if (MODIFIER_KEYS[i] == scancode) {
                in.held = pressed ? in.held | 1 << i : in.held & ~(1 << i);
            }
        }
        int lock = lockOf(scancode);
        if (lock != 0) {
            if (pressed && (in.locksDown & lock) == 0) {
                setLocks(locks ^ lock, null);
            }
            in.locksDown = pressed ? in.locksDown | lock : in.locksDown & ~lock;
        }
        int modifiers = in.modifiers() | locks << 8; // wire lock bits 1, 2, 4 are KeyEvent's 0x100, 0x200, 0x400
        int codePoint = 0;
        if (pressed && (modifiers & (KeyEvent.CTRL | KeyEvent.ALT | KeyEvent.META)) == 0) {
            codePoint = Scancodes.usCharacter(scancode, modifiers);
        }
        QxlDevice device = device(in.focus);
        if (device == null) {
            LOG.debug("key 0x{} dropped: no display {} has keyboard focus", Integer.toHexString(scancode), in.focus);
            return;
        }
        device.input(new KeyEvent(in.focus, pressed, scancode, modifiers, codePoint));
    }

    private static int lockOf(int scancode) {
        switch (scancode) {
            case Scancodes.CAPS_LOCK:
                return InputsMessages.CAPS_LOCK;
            case Scancodes.NUM_LOCK:
                return InputsMessages.NUM_LOCK;
            case Scancodes.SCROLL_LOCK:
                return InputsMessages.SCROLL_LOCK;
            default:
                return 0;
        }
    }

    private void clientLocks(ChannelClient from, int modifiers) {
        assert context.loop().inEventLoop();
        setLocks(modifiers & (InputsMessages.SCROLL_LOCK | InputsMessages.NUM_LOCK | InputsMessages.CAPS_LOCK), from);
    }

    /** Changes the lock state and tells every client but {@code source} (the client that reported it, or null). */
    private void setLocks(int newLocks, ChannelClient source) {
        assert context.loop().inEventLoop();
        if (newLocks == locks) {
            return;
        }
        locks = newLocks;
        InputsMessages.KeyModifiers message = new InputsMessages.KeyModifiers(locks);
        for (ChannelClient c : clients.keySet()) {
            if (c != source) {
                c.send(message);
            }
        }
    }

    // ------------------------------------------------------------------ pointer (spice-main)

    private void position(ClientInput in, InputsMessages.MousePosition m) {
        assert context.loop().inEventLoop();
        QxlDevice device = device(m.displayId());
        if (device == null) {
            throw new CorruptedMessageException("MOUSE_POSITION names display " + m.displayId()
                    + ", which does not exist (" + context.id() + ", expected: one of " + devices.keySet() + ")");
        }
        Surface s = device.primarySurface();
        in.focus = device.id();
        in.x = clamp(m.x(), s.width());
        in.y = clamp(m.y(), s.height());
        in.buttons = m.buttons() & 0x7F;
        device.input(new PointerEvent(in.focus, PointerEvent.Kind.MOVE, in.x, in.y, 0, in.buttons));
    }

    private void motion(ClientInput in, InputsMessages.MouseMotion m) {
        assert context.loop().inEventLoop();
        QxlDevice device = pointerDevice(in, "MOTION");
        if (device == null) {
            return;
        }
        Surface s = device.primarySurface();
        in.x = clamp((long) in.x + m.dx(), s.width());
        in.y = clamp((long) in.y + m.dy(), s.height());
        in.buttons = m.buttons() & 0x7F;
        device.input(new PointerEvent(in.focus, PointerEvent.Kind.MOVE, in.x, in.y, 0, in.buttons));
    }

    private void button(ClientInput in, PointerEvent.Kind kind, int button, int buttons) {
        assert context.loop().inEventLoop();
        if (button < PointerEvent.LEFT || button > PointerEvent.EXTRA) {
            LOG.debug("mouse {} of button {} ignored (expected: 1..7)", kind, button);
            return;
        }
        QxlDevice device = pointerDevice(in, kind);
        if (device == null) {
            return;
        }
        in.buttons = buttons & 0x7F;
        device.input(new PointerEvent(in.focus, kind, in.x, in.y, button, in.buttons));
    }

    /**
     * The focus display, with the pointer placed on it (its centre at first, clamped after a resize).
     *
     * @param message MOUSE_{@code message} is dropped when there is none (a constant or an enum: the message name
     *                is put together only for the log)
     */
    private QxlDevice pointerDevice(ClientInput in, Object message) {
        assert context.loop().inEventLoop();
        QxlDevice device = device(in.focus);
        if (device == null) {
            LOG.debug("MOUSE_{} dropped: no display {} (displays: {})", message, in.focus, devices.keySet());
            return null;
        }
        Surface s = device.primarySurface();
        if (in.x < 0) {
            in.x = s.width() / 2;
            in.y = s.height() / 2;
        }
        in.x = clamp(in.x, s.width());
        in.y = clamp(in.y, s.height());
        return device;
    }

    /** Clamps to 0..size-1; the wire's u32 coordinates are taken as signed, so a small negative value gives 0. */
    private static int clamp(long v, int size) {
        return (int) Math.max(0, Math.min(v, size - 1));
    }

    private void motionAck(ChannelClient client, ClientInput in) {
        assert context.loop().inEventLoop();
        if (++in.motions == InputsMessages.MOTION_ACK_BUNCH) {
            in.motions = 0;
            client.send(MOTION_ACK);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String session(ChannelClient client) {
        return Integer.toUnsignedString(client.client().sessionId());
    }

    private boolean onMain(String what) {
        if (!context.loop().inEventLoop()) {
            throw new AssertionError(context.id() + " " + what + " must run on " + context.loop().name()
                    + ", called from " + Thread.currentThread().getName());
        }
        return true;
    }
}
