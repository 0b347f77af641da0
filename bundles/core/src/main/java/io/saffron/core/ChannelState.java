package io.saffron.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a channel instance hands its successor about one client when its bundle is updated (threading model §8.2,
 * handover): a small immutable map from names to values of JDK types only — Boolean, Integer, Long, String,
 * {@code int[]} and {@code byte[]} — so that the snapshot never keeps a class of the old bundle alive. The core
 * keeps what outlives every instance (the connection, its ack window, the session); a channel exports only its own
 * view (the client's compression preference, whether it has its surfaces, keyboard locks...).
 */
public final class ChannelState {

    /** An empty state: the client is handed over and the successor resyncs it from scratch. */
    public static final ChannelState EMPTY = new ChannelState(Map.of());

    private final Map<String, Object> values;

    private ChannelState(Map<String, Object> values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Set<String> names() {
        return values.keySet();
    }

    public boolean getBoolean(String name, boolean fallback) {
        return values.get(name) instanceof Boolean b ? b : fallback;
    }

    public int getInt(String name, int fallback) {
        return values.get(name) instanceof Integer i ? i : fallback;
    }

    public long getLong(String name, long fallback) {
        return values.get(name) instanceof Long l ? l : fallback;
    }

    public String getString(String name, String fallback) {
        return values.get(name) instanceof String s ? s : fallback;
    }

    /** A copy of an int array value, or null. */
    public int[] getInts(String name) {
        return values.get(name) instanceof int[] a ? a.clone() : null;
    }

    /** A copy of a byte array value, or null. */
    public byte[] getBytes(String name) {
        return values.get(name) instanceof byte[] a ? a.clone() : null;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ChannelState{");
        String sep = "";
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            b.append(sep).append(e.getKey()).append('=').append(v instanceof int[] a ? Arrays.toString(a)
                    : v instanceof byte[] a ? a.length + " bytes" : v);
            sep = ", ";
        }
        return b.append('}').toString();
    }

    /** Collects values; {@link #build()} freezes them. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String name, boolean value) {
            values.put(name, value);
            return this;
        }

        public Builder put(String name, int value) {
            values.put(name, value);
            return this;
        }

        public Builder put(String name, long value) {
            values.put(name, value);
            return this;
        }

        public Builder put(String name, String value) {
            values.put(name, value);
            return this;
        }

        public Builder put(String name, int[] value) {
            values.put(name, value.clone());
            return this;
        }

        public Builder put(String name, byte[] value) {
            values.put(name, value.clone());
            return this;
        }

        public ChannelState build() {
            return new ChannelState(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
