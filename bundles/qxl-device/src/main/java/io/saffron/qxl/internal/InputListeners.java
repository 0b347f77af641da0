package io.saffron.qxl.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.saffron.qxl.KeyboardListener;
import io.saffron.qxl.PointerListener;

/**
 * The whiteboard input listeners of every display: written by SCR callbacks (bind, updated, unbind) on framework
 * threads, read by the workers when they deliver an event. Copy-on-write lists, so a worker iterates a stable
 * snapshot and never waits for a framework thread. Any thread.
 */
final class InputListeners {

    private static final Logger LOG = LoggerFactory.getLogger(InputListeners.class);

    /**
     * One registered listener.
     *
     * @param serviceId the service's {@code service.id}, the key for updated and unbind
     * @param display   the display it listens to, or {@code null} for every display
     */
    record Registration<T>(long serviceId, T listener, Integer display) {

        boolean matches(int displayId) {
            return display == null || display == displayId;
        }
    }

    private final List<Registration<KeyboardListener>> keyboards = new CopyOnWriteArrayList<>();
    private final List<Registration<PointerListener>> pointers = new CopyOnWriteArrayList<>();

    /** Keyboard listeners, in bind order. A live view; iterate it, do not change it. */
    List<Registration<KeyboardListener>> keyboards() {
        return keyboards;
    }

    /** Pointer listeners, in bind order. A live view; iterate it, do not change it. */
    List<Registration<PointerListener>> pointers() {
        return pointers;
    }

    void addKeyboard(KeyboardListener listener, Map<String, ?> properties) {
        add(keyboards, listener, properties, "keyboard");
    }

    void updateKeyboard(KeyboardListener listener, Map<String, ?> properties) {
        update(keyboards, listener, properties, "keyboard");
    }

    void removeKeyboard(Map<String, ?> properties) {
        remove(keyboards, properties);
    }

    void addPointer(PointerListener listener, Map<String, ?> properties) {
        add(pointers, listener, properties, "pointer");
    }

    void updatePointer(PointerListener listener, Map<String, ?> properties) {
        update(pointers, listener, properties, "pointer");
    }

    void removePointer(Map<String, ?> properties) {
        remove(pointers, properties);
    }

    private static <T> void add(List<Registration<T>> list, T listener, Map<String, ?> properties, String kind) {
        long id = serviceId(properties);
        Integer display;
        try {
            display = display(properties.get(KeyboardListener.DISPLAY_PROPERTY));
        } catch (IllegalArgumentException e) {
            LOG.error("{} listener {} (service {}) ignored: {}", kind, listener, id, e.getMessage());
            return;
        }
        list.add(new Registration<>(id, listener, display));
        LOG.debug("{} listener {} (service {}) added for {}", kind, listener, id,
                display == null ? "every display" : "display " + display);
    }

    private static <T> void update(List<Registration<T>> list, T listener, Map<String, ?> properties, String kind) {
        // Remove and add: a listener whose new property is invalid stops receiving rather than keep a stale filter.
        remove(list, properties);
        add(list, listener, properties, kind);
    }

    private static <T> void remove(List<Registration<T>> list, Map<String, ?> properties) {
        long id = serviceId(properties);
        list.removeIf(r -> r.serviceId() == id);
    }

    private static long serviceId(Map<String, ?> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        if (!(id instanceof Number)) {
            throw new IllegalArgumentException("listener properties carry " + Constants.SERVICE_ID + " = " + id
                    + " (expected: a Long)");
        }
        return ((Number) id).longValue();
    }

    /**
     * The value of {@value KeyboardListener#DISPLAY_PROPERTY}: an Integer (other numbers and decimal strings are
     * accepted too), or absent for every display.
     *
     * @throws IllegalArgumentException naming the value when it is not a display id
     */
    static Integer display(Object value) {
        if (value == null) {
            return null;
        }
        long id;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            id = ((Number) value).longValue();
        } else if (value instanceof String s) {
            try {
                id = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(KeyboardListener.DISPLAY_PROPERTY + " '" + s
                        + "' is not a display id (expected: an Integer 0..255)");
            }
        } else {
            throw new IllegalArgumentException(KeyboardListener.DISPLAY_PROPERTY + " " + value + " of type "
                    + value.getClass().getName() + " is not a display id (expected: an Integer 0..255)");
        }
        if (id < 0 || id > 255) {
            throw new IllegalArgumentException(KeyboardListener.DISPLAY_PROPERTY + " " + id
                    + " is out of range (expected: an Integer 0..255)");
        }
        return (int) id;
    }
}
