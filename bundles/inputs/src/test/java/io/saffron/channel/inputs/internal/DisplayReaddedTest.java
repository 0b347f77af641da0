package io.saffron.channel.inputs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.saffron.core.protocol.InputsMessages;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.Surface;

/** A display removed and added again at runtime: its new device gets the input, not the stopped one. */
class DisplayReaddedTest {

    /** A device of 100x100 that records the input it is given while running; it drops it once stopped. */
    private static final class Device {
        final List<Object> inputs = new ArrayList<>();
        boolean running = true;
        final QxlDevice proxy;

        Device(int id) {
            Surface surface = new Surface(0, 100, 100, Surface.FORMAT_32_XRGB);
            proxy = (QxlDevice) Proxy.newProxyInstance(QxlDevice.class.getClassLoader(),
                    new Class<?>[] {QxlDevice.class}, (p, m, a) -> switch (m.getName()) {
                        case "id" -> id;
                        case "primarySurface" -> surface;
                        case "isRunning" -> running;
                        case "input" -> {
                            if (running) {
                                inputs.add(a[0]);
                            }
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(p);
                        case "equals" -> p == a[0];
                        case "toString" -> "device " + id;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    @Test
    void inputReachesTheNewDeviceOfAReaddedDisplay() {
        Device first = new Device(1);
        List<QxlDevice> listed = new ArrayList<>(List.of(new Device(0).proxy, first.proxy));
        InputsChannel channel = new InputsChannel(Fakes.context(new Fakes.MainLoop()), () -> List.copyOf(listed));
        Fakes.FakeChannelClient client = new Fakes.FakeChannelClient(9);
        channel.connected(client);
        channel.received(client, InputsMessages.MousePosition.TYPE, new InputsMessages.MousePosition(1, 1, 0, 1).encode());
        assertEquals(1, first.inputs.size());

        first.running = false; // display 1 removed: what it is sent is dropped, the connection stays
        listed.remove(first.proxy);
        channel.received(client, InputsMessages.MousePosition.TYPE, new InputsMessages.MousePosition(2, 2, 0, 1).encode());

        Device second = new Device(1); // and added again
        listed.add(second.proxy);
        channel.received(client, InputsMessages.MousePosition.TYPE, new InputsMessages.MousePosition(3, 3, 0, 1).encode());
        channel.received(client, InputsMessages.KeyDown.TYPE, new InputsMessages.KeyDown(0x1E).encode());
        assertEquals(2, second.inputs.size(), "the move and the key reach the new device: " + second.inputs);
    }
}
