package io.saffron.shell.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A bundle as the shell shows it: the plain values copied from the framework, so that a table never holds a
 * {@code Bundle}.
 *
 * @param bundleId     the framework's bundle id
 * @param symbolicName {@code Bundle-SymbolicName}
 * @param version      the bundle version, {@code 0.1.0.SNAPSHOT}
 * @param lastModified when the bundle was last installed or updated, epoch milliseconds
 */
record Provider(long bundleId, String symbolicName, String version, long lastModified) {

    /** {@code io.saffron.channel.display 0.1.0.SNAPSHOT}. */
    String label() {
        return symbolicName + " " + version;
    }

    /** {@code 2025-06-01T10:00:00.123Z}: UTC, to the millisecond. */
    String lastModifiedText() {
        return Instant.ofEpochMilli(lastModified).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
