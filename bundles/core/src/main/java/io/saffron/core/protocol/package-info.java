/**
 * Provides the SPICE wire records of the link stage and message framing, the message codecs of the common, main,
 * display, cursor and inputs channels, an LZ4 block codec, link errors and protocol exceptions.
 */
@Export
@Version("0.2.0")
package io.saffron.core.protocol;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
