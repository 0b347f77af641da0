/**
 * Provides the event-loop API and the dispatchers that carry typed messages between loops: the Java form of
 * spice-server's {@code Dispatcher}, without the socket pair.
 */
@Export
@Version("0.1.0")
package io.saffron.dispatcher;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
