package io.saffron.qxl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.saffron.core.Channel;
import io.saffron.core.ChannelId;
import io.saffron.core.Client;
import io.saffron.core.SpiceServer;
import io.saffron.core.WorkerLoop;
import io.saffron.dispatcher.Dispatcher;
import io.saffron.dispatcher.EventLoop;
import io.saffron.qxl.KeyEvent;
import io.saffron.qxl.KeyboardListener;
import io.saffron.qxl.PointerEvent;
import io.saffron.qxl.PointerListener;
import io.saffron.qxl.QxlDevice;

/** The device manager with two displays: the whiteboard bind methods and the display filter, end to end. */
class QxlDeviceManagerTest {

    private final List<TestWorkerLoop> loops = new ArrayList<>();
    private QxlDeviceManager manager;

    /** A server that only opens worker loops. */
    private final SpiceServer server = new SpiceServer() {
        @Override
        public WorkerLoop openWorker(int displayId) {
            TestWorkerLoop loop = new TestWorkerLoop(displayId);
            loops.add(loop);
            return loop;
        }

        @Override
        public EventLoop mainLoop() {
            throw new UnsupportedOperationException("mainLoop");
        }

        @Override
        public Dispatcher mainDispatcher() {
            throw new UnsupportedOperationException("mainDispatcher");
        }

        @Override
        public InetSocketAddress address() {
            throw new UnsupportedOperationException("address");
        }

        @Override
        public Channel createChannel(ChannelId id) {
            throw new UnsupportedOperationException("createChannel");
        }

        @Override
        public CompletableFuture<Void> destroyChannel(ChannelId id) {
            throw new UnsupportedOperationException("destroyChannel");
        }

        @Override
        public Collection<Channel> channels() {
            throw new UnsupportedOperationException("channels");
        }

        @Override
        public List<Client> clients() {
            throw new UnsupportedOperationException("clients");
        }
    };

    private static QxlConfiguration config(int displays, String size) {
        return new QxlConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return QxlConfiguration.class;
            }

            @Override
            public int displays() {
                return displays;
            }

            @Override
            public String size() {
                return size;
            }
        };
    }

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.deactivate();
        }
        for (TestWorkerLoop loop : loops) {
            assertEquals(List.of(), loop.failures(), "failures on " + loop.loop().name());
        }
    }

    @Test
    void boundListenersGetTheirDisplaysEvents() throws Exception {
        manager = new QxlDeviceManager(server, config(2, "64x48"), key -> null);
        Queue<String> got = new ConcurrentLinkedQueue<>();
        KeyboardListener all = e -> got.add("all key " + e.displayId() + " on " + Thread.currentThread().getName());
        PointerListener second = e -> got.add("pointer " + e.displayId() + " on " + Thread.currentThread().getName());
        manager.bindKeyboardListener(all, Map.of("service.id", 1L));
        manager.bindPointerListener(second, Map.of("service.id", 2L, KeyboardListener.DISPLAY_PROPERTY, 1));
        QxlDevice d0 = manager.device(0);
        QxlDevice d1 = manager.device(1);
        d0.input(new KeyEvent(0, true, 0x1E, 0, 'a'));
        d0.input(new PointerEvent(0, PointerEvent.Kind.MOVE, 63, 47, 0, 0));
        d0.snapshot().get(5, TimeUnit.SECONDS);
        d1.input(new KeyEvent(1, true, 0x1E, 0, 'a'));
        d1.input(new PointerEvent(1, PointerEvent.Kind.MOVE, 0, 0, 0, 0));
        d1.snapshot().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("all key 0 on spice-worker-0", "all key 1 on spice-worker-1",
                "pointer 1 on spice-worker-1"), List.copyOf(got));

        manager.updatedPointerListener(second, Map.of("service.id", 2L, KeyboardListener.DISPLAY_PROPERTY, 0));
        manager.unbindKeyboardListener(all, Map.of("service.id", 1L));
        got.clear();
        d0.input(new KeyEvent(0, false, 0x1E, 0, 0));
        d0.input(new PointerEvent(0, PointerEvent.Kind.MOVE, 1, 1, 0, 0));
        d1.input(new PointerEvent(1, PointerEvent.Kind.MOVE, 1, 1, 0, 0));
        d0.snapshot().get(5, TimeUnit.SECONDS);
        d1.snapshot().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("pointer 0 on spice-worker-0"), List.copyOf(got));
    }

    @Test
    void devicesByIdAndStopOnDeactivate() {
        manager = new QxlDeviceManager(server, config(1, "32x16"), key -> "saffron.displays".equals(key) ? "2" : null);
        assertEquals(2, manager.devices().size());
        assertEquals(32, manager.device(1).primarySurface().width());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> manager.device(2));
        assertTrue(e.getMessage().contains("no display device 2 (expected: 0..1)"), e.getMessage());
        List<QxlDevice> devices = manager.devices();
        manager.deactivate();
        manager = null;
        devices.forEach(d -> assertFalse(d.isRunning()));
    }
}
