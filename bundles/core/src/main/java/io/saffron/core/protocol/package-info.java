/** Provides the SPICE wire records of the link stage and message framing, link errors and protocol exceptions. */
@Export
@Version("0.2.0")
package io.saffron.core.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
