package io.saffron.demo.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.qxl.DisplayCanvas;
import io.saffron.qxl.KeyboardListener;
import io.saffron.qxl.PointerListener;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.QxlDevices;

/**
 * The appliance's default display content: opens every display device as application {@value #OWNER}, runs a
 * {@link DemoDisplay} on each, and registers it as that display's key and pointer listener (service property
 * {@value KeyboardListener#DISPLAY_PROPERTY}). A device another application holds is skipped. Runs on SCR threads;
 * the drawing happens on the demo threads.
 */
@Component(service = {}, immediate = true, configurationPid = DemoConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DemoConfiguration.class)
public final class DemoApplication {

    private static final Logger LOG = LoggerFactory.getLogger(DemoApplication.class);

    /** The owner name given to {@link QxlDevice#open}. */
    static final String OWNER = "demo";
    static final String ENABLED_PROPERTY = "saffron.demo.enabled";
    static final String FPS_PROPERTY = "saffron.demo.fps";
    static final String ANIMATE_PROPERTY = "saffron.demo.animate";
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    /** Publishes a display's listener; returns what withdraws it. */
    @FunctionalInterface
    interface Registrar {
        Runnable register(int displayId, DemoDisplay listener);
    }

    private record Running(DemoDisplay display, Runnable unregister) {
    }

    private final boolean enabled;
    private final int fps;
    private final boolean animate;
    private final Registrar registrar;
    // SCR threads: filled by the constructor and devicesChanged, emptied by deactivate; guarded by this.
    private final List<Running> running = new ArrayList<>();

    /** Watches the device count: a display added at runtime gets the demo too. */
    @Reference(name = "deviceCount", service = QxlDevices.class, policy = ReferencePolicy.DYNAMIC,
            cardinality = ReferenceCardinality.OPTIONAL,
            updated = "devicesChanged", unbind = "unbindDeviceCount")
    void bindDeviceCount(QxlDevices devices) {
        // the constructor started the demo on the devices of that moment
    }

    void unbindDeviceCount(QxlDevices devices) {
        // deactivate follows (the constructor reference is static)
    }

    /**
     * The device service's properties changed (its display count): retire the demos of stopped displays (their
     * listener and thread), then start the demo on displays it lacks, a display added again included.
     */
    synchronized void devicesChanged(QxlDevices devices) {
        if (!enabled) {
            return;
        }
        for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
            Running r = it.next();
            if (!r.display.isRunning()) {
                it.remove();
                stop(r);
            }
        }
        List<Integer> started = new ArrayList<>();
        for (QxlDevice device : devices.devices()) {
            boolean has = running.stream().anyMatch(r -> r.display.id() == device.id() && r.display.isRunning());
            if (!has && start(device)) {
                started.add(device.id());
            }
        }
        if (!started.isEmpty()) {
            LOG.info("demo started on new display(s) {}", started);
        }
    }

    @Activate
    public DemoApplication(BundleContext context, @Reference QxlDevices devices, DemoConfiguration config) {
        this(devices, config, context::getProperty, (id, listener) -> register(context, id, listener));
    }

    DemoApplication(QxlDevices devices, DemoConfiguration config, Function<String, String> overrides,
            Registrar registrar) {
        this.enabled = bool(ENABLED_PROPERTY, overrides.apply(ENABLED_PROPERTY), config.enabled());
        this.fps = fps(overrides.apply(FPS_PROPERTY), config.fps());
        this.animate = bool(ANIMATE_PROPERTY, overrides.apply(ANIMATE_PROPERTY), config.animate());
        this.registrar = registrar;
        if (!enabled) {
            LOG.info("demo disabled: the displays are left to other applications");
            return;
        }
        List<Integer> ids = new ArrayList<>();
        try {
            for (QxlDevice device : devices.devices()) {
                if (start(device)) {
                    ids.add(device.id());
                }
            }
        } catch (RuntimeException e) {
            deactivate(); // SCR does not deactivate a component whose constructor threw
            throw e;
        }
        LOG.info("demo on display(s) {} at {} fps, {}", ids, fps, animate ? "animated" : "frozen at 12:00:00.000");
    }

    /** Opens the device, starts the demo on it and registers its listener; false when it cannot. SCR thread. */
    private boolean start(QxlDevice device) {
        DisplayCanvas canvas;
        try {
            canvas = device.open(OWNER);
        } catch (IllegalStateException e) {
            LOG.info("demo skips display {}: {}", device.id(), e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.error("demo cannot open display {}: {}", device.id(), e.toString(), e);
            return false;
        }
        DemoDisplay display = null;
        Runnable unregister = null;
        try {
            display = new DemoDisplay(canvas, fps, animate);
            unregister = registrar.register(device.id(), display);
            display.start();
            running.add(new Running(display, unregister));
            return true;
        } catch (RuntimeException e) {
            LOG.error("demo cannot start on display {}: {}", device.id(), e.toString(), e);
            if (unregister != null) {
                unregister.run();
            }
            if (display != null) {
                display.close(STOP_TIMEOUT);
            } else {
                canvas.close();
            }
            return false;
        }
    }

    /** Withdraws the listeners, stops the demo threads (each with a bounded wait) and releases the displays. */
    @Deactivate
    synchronized void deactivate() {
        for (Running r : running) {
            unregister(r);
        }
        for (Running r : running) {
            r.display.close(STOP_TIMEOUT);
        }
        if (!running.isEmpty()) {
            LOG.info("demo stopped on {} display(s)", running.size());
        }
        running.clear();
    }

    /** Withdraws the listener of one demo, then stops it. */
    private static void stop(Running r) {
        unregister(r);
        r.display.close(STOP_TIMEOUT);
    }

    private static void unregister(Running r) {
        try {
            r.unregister.run();
        } catch (RuntimeException e) {
            LOG.warn("withdrawing the listener of display {} failed: {}", r.display.id(), e.toString());
        }
    }

    /** The displays the demo draws on, in the order of the devices. */
    List<DemoDisplay> displays() {
        return running.stream().map(Running::display).toList();
    }

    private static Runnable register(BundleContext context, int displayId, DemoDisplay listener) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(KeyboardListener.DISPLAY_PROPERTY, displayId);
        ServiceRegistration<?> registration = context.registerService(
                new String[] {KeyboardListener.class.getName(), PointerListener.class.getName()}, listener, props);
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already withdrawn with the bundle
            }
        };
    }

    static int fps(String override, int configured) {
        int fps;
        try {
            fps = override != null ? Integer.parseInt(override.trim()) : configured;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FPS_PROPERTY + " '" + override + "' is not a number (expected: 1..60)");
        }
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("fps " + fps + " is out of range (expected: 1..60)");
        }
        return fps;
    }

    static boolean bool(String property, String override, boolean configured) {
        if (override == null) {
            return configured;
        }
        return switch (override.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(property + " '" + override
                    + "' is not a boolean (expected: true or false)");
        };
    }
}
