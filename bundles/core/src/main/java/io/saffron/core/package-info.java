/**
 * Provides the server's object model: channels and their factories, channel clients, clients (sessions),
 * connections, worker loops and the {@link io.saffron.core.SpiceServer} service that owns them.
 */
@Export
@Version("0.2.0")
package io.saffron.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
