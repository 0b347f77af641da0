package io.saffron.qxl.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.core.SpiceServer;
import io.saffron.qxl.KeyboardListener;
import io.saffron.qxl.PointerListener;
import io.saffron.qxl.QxlDevice;
import io.saffron.qxl.QxlDevices;

/**
 * Opens one worker per configured display and starts its device; registers {@link QxlDevices} with the device
 * count. Runs on SCR threads: every step is a bounded wait on a loop, never a touch of loop state.
 *
 * <p>It also tracks the whiteboard {@link KeyboardListener} and {@link PointerListener} services (dynamic, any
 * number, optional). The bind methods only update copy-on-write lists that the workers read when they deliver an
 * event; a listener bound or unbound while an event is delivered sees that event or not, never a torn list.
 */
// Registered by hand after the workers started (with the device count), so declared here for resolvers.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.saffron.qxl.QxlDevices",
        uses = QxlDevices.class)
@Component(service = {}, immediate = true, configurationPid = QxlConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = QxlConfiguration.class)
public final class QxlDeviceManager implements QxlDevices {

    private static final Logger LOG = LoggerFactory.getLogger(QxlDeviceManager.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    // Written by SCR threads (activate, modified, deactivate), read anywhere (device lookups from spice-main).
    private final List<QxlWorker> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SpiceServer server;
    private final Function<String, String> overrides;
    private int[] size;
    private final InputListeners inputs = new InputListeners();
    // Set once by the DS constructor; unit tests construct without a framework and leave it null.
    private ServiceRegistration<QxlDevices> registration;

    @Activate
    public QxlDeviceManager(BundleContext context, @Reference SpiceServer server, QxlConfiguration config) {
        this(server, config, context::getProperty);
        this.registration = register(context);
    }

    QxlDeviceManager(SpiceServer server, QxlConfiguration config, Function<String, String> overrides) {
        this.server = server;
        this.overrides = overrides;
        int displays = displays(overrides.apply("saffron.displays"), config.displays());
        size = size(pick(overrides.apply("saffron.size"), config.size()));
        try {
            addDevices(displays);
        } catch (RuntimeException e) {
            LOG.error("cannot start display devices: {}", e.getMessage());
            stopAll();
            throw e;
        }
        LOG.info("{} display device(s) of {}x{} running", displays, size[0], size[1]);
    }

    /** Opens, starts and announces devices until there are {@code displays}. SCR thread. */
    private void addDevices(int displays) {
        for (int i = workers.size(); i < displays; i++) {
            QxlWorker w = new QxlWorker(server.openWorker(i), size[0], size[1], inputs);
            workers.add(w);
            w.start(TIMEOUT);
            w.ready(); // display i and cursor i are created now, and announced to connected sessions
        }
    }

    /**
     * A new configuration: the number of displays changes at runtime (devices are added, each with its worker,
     * and announced to connected clients, or the last ones are stopped). A new size applies to displays added
     * from now on; running displays keep theirs (logged). A {@code --displays} flag wins over the
     * configuration. SCR thread.
     */
    @Modified
    void modified(QxlConfiguration config) {
        String flag = overrides.apply("saffron.displays");
        if (flag != null) {
            LOG.info("displays stay {}: the --displays flag wins over configuration {}", workers.size(),
                    QxlConfiguration.PID);
            return;
        }
        int displays = displays(null, config.displays());
        int[] newSize = size(pick(overrides.apply("saffron.size"), config.size()));
        if (newSize[0] != size[0] || newSize[1] != size[1]) {
            LOG.warn("size {}x{} applies to displays added from now on; the {} running keep {}x{} until a restart",
                    newSize[0], newSize[1], workers.size(), size[0], size[1]);
            size = newSize;
        }
        int before = workers.size();
        if (displays > before) {
            addDevices(displays);
        } else {
            for (int i = before - 1; i >= displays; i--) {
                QxlWorker w = workers.remove(i);
                try {
                    w.stop(TIMEOUT);
                } catch (RuntimeException e) {
                    LOG.warn("stop of display {} did not complete: {}", w.id(), e.getMessage());
                }
            }
        }
        if (displays != before) {
            if (registration != null) {
                Dictionary<String, Object> props = new Hashtable<>();
                props.put(DISPLAYS_PROPERTY, workers.size());
                registration.setProperties(props);
            }
            LOG.info("displays: {} -> {}", before, workers.size());
        }
    }

    /** Registers the service; separate from construction so that unit tests need no framework. */
    private ServiceRegistration<QxlDevices> register(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DISPLAYS_PROPERTY, workers.size());
        return context.registerService(QxlDevices.class, this, props);
    }

    // ------------------------------------------------------------------ whiteboard (SCR threads)

    @Reference(service = KeyboardListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindKeyboardListener(KeyboardListener listener, Map<String, Object> properties) {
        inputs.addKeyboard(listener, properties);
    }

    void updatedKeyboardListener(KeyboardListener listener, Map<String, Object> properties) {
        inputs.updateKeyboard(listener, properties);
    }

    void unbindKeyboardListener(KeyboardListener listener, Map<String, Object> properties) {
        inputs.removeKeyboard(properties);
    }

    @Reference(service = PointerListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindPointerListener(PointerListener listener, Map<String, Object> properties) {
        inputs.addPointer(listener, properties);
    }

    void updatedPointerListener(PointerListener listener, Map<String, Object> properties) {
        inputs.updatePointer(listener, properties);
    }

    void unbindPointerListener(PointerListener listener, Map<String, Object> properties) {
        inputs.removePointer(properties);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        stopAll();
    }

    private void stopAll() {
        for (int i = workers.size() - 1; i >= 0; i--) {
            try {
                workers.get(i).stop(TIMEOUT);
            } catch (RuntimeException e) {
                LOG.warn("stop of display {} did not complete: {}", workers.get(i).id(), e.getMessage());
            }
        }
    }

    @Override
    public List<QxlDevice> devices() {
        return List.copyOf(workers);
    }

    @Override
    public QxlDevice device(int id) {
        for (QxlWorker w : workers) {
            if (w.id() == id) {
                return w;
            }
        }
        throw new IllegalArgumentException("no display device " + id + " (expected: 0.." + (workers.size() - 1) + ")");
    }

    static int displays(String override, int configured) {
        int n;
        try {
            n = override != null ? Integer.parseInt(override.trim()) : configured;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("displays '" + override + "' is not a number (expected: 0..16)");
        }
        if (n < 0 || n > 16) {
            throw new IllegalArgumentException("displays " + n + " is out of range (expected: 0..16)");
        }
        return n;
    }

    static int[] size(String text) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].trim());
                int h = Integer.parseInt(parts[1].trim());
                if (w >= 16 && h >= 16 && w <= 16384 && h <= 16384) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("size '" + text + "' is not WIDTHxHEIGHT (expected: e.g. 1024x768, each 16..16384)");
    }

    private static String pick(String override, String configured) {
        return override != null ? override.trim() : configured;
    }
}
