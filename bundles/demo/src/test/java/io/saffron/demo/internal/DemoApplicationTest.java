package io.saffron.demo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.QxlDevices;

class DemoApplicationTest {

    private final FakeDevice d0 = new FakeDevice(0, 320, 200);
    private final FakeDevice d1 = new FakeDevice(1, 320, 200);
    private final FakeDevice d2 = new FakeDevice(2, 320, 200);
    private final QxlDevices devices = new QxlDevices() {
        @Override
        public List<QxlDevice> devices() {
            return List.of(d0, d1, d2);
        }

        @Override
        public QxlDevice device(int id) {
            return devices().get(id);
        }
    };
    /** Listeners registered, by display id. */
    private final Map<Integer, DemoDisplay> registered = new ConcurrentHashMap<>();
    private DemoApplication app;

    @AfterEach
    void deactivate() {
        if (app != null) {
            app.deactivate();
        }
    }

    private static DemoConfiguration config(boolean enabled, int fps, boolean animate) {
        return new DemoConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DemoConfiguration.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public int fps() {
                return fps;
            }

            @Override
            public boolean animate() {
                return animate;
            }
        };
    }

    private DemoApplication start(DemoConfiguration config, Map<String, String> overrides) {
        return new DemoApplication(devices, config, overrides::get, (id, listener) -> {
            registered.put(id, listener);
            return () -> registered.remove(id, listener);
        });
    }

    @Test
    void drawsOnEveryFreeDisplayAndListensToItsEvents() {
        d1.heldBy = "another application";
        app = start(config(true, 30, true), Map.of());

        assertEquals(List.of(0, 2), app.displays().stream().map(DemoDisplay::id).toList());
        assertEquals("demo", d0.heldBy);
        assertEquals("another application", d1.heldBy, "the held display was taken over");
        assertEquals(Map.of(0, app.displays().get(0), 2, app.displays().get(1)), registered);

        app.deactivate();
        app = null;
        assertTrue(registered.isEmpty(), "listeners left registered: " + registered);
        assertFalse(d0.canvas.isOpen(), "display 0 not released");
        assertNull(d2.heldBy, "display 2 not released");
    }

    @Test
    void disabledLeavesTheDisplaysAlone() {
        app = start(config(false, 30, true), Map.of());
        assertTrue(app.displays().isEmpty());
        assertNull(d0.heldBy);
        assertTrue(registered.isEmpty());
    }

    @Test
    void frameworkPropertiesWinOverTheConfiguration() {
        app = start(config(true, 30, true), Map.of(DemoApplication.ENABLED_PROPERTY, "false"));
        assertTrue(app.displays().isEmpty(), "saffron.demo.enabled=false did not win");

        assertEquals(5, DemoApplication.fps(" 5 ", 30));
        assertEquals(30, DemoApplication.fps(null, 30));
        assertFalse(DemoApplication.bool(DemoApplication.ANIMATE_PROPERTY, "FALSE", true));
        assertTrue(DemoApplication.bool(DemoApplication.ANIMATE_PROPERTY, null, true));
    }

    @Test
    void wrongValuesAreRefusedWithTheExpectedOnes() {
        assertEquals("fps 0 is out of range (expected: 1..60)",
                assertThrows(IllegalArgumentException.class, () -> DemoApplication.fps(null, 0)).getMessage());
        assertEquals("saffron.demo.fps 'fast' is not a number (expected: 1..60)",
                assertThrows(IllegalArgumentException.class, () -> DemoApplication.fps("fast", 30)).getMessage());
        assertEquals("saffron.demo.animate 'yes' is not a boolean (expected: true or false)",
                assertThrows(IllegalArgumentException.class,
                        () -> DemoApplication.bool(DemoApplication.ANIMATE_PROPERTY, "yes", true)).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> start(config(true, 30, true), Map.of(DemoApplication.FPS_PROPERTY, "61")));
        assertEquals("fps 61 is out of range (expected: 1..60)", e.getMessage());
        assertNull(d0.heldBy, "a display opened before the configuration was checked");
    }

    @Test
    void aDisplayThatFailsToStartIsReleasedAndTheOthersRun() {
        FakeDevice broken = new FakeDevice(5, 320, 200);
        broken.openFailure = new UnsupportedOperationException("no canvas here (test)");
        QxlDevices some = new QxlDevices() {
            @Override
            public List<QxlDevice> devices() {
                return List.of(broken, d0);
            }

            @Override
            public QxlDevice device(int id) {
                throw new UnsupportedOperationException();
            }
        };
        app = new DemoApplication(some, config(true, 30, false), k -> null, (id, listener) -> {
            if (id == 0) {
                throw new IllegalStateException("registration fails (test)");
            }
            return () -> { };
        });
        assertTrue(app.displays().isEmpty());
        assertNotNull(d0.canvas);
        assertFalse(d0.canvas.isOpen(), "display 0 kept after its listener could not be registered");
    }
}
