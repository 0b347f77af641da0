/**
 * Provides the display-device API that display and cursor channels consume: devices, their primary surface, and
 * the command queue that each device's worker drains on its own loop.
 */
@Export
@Version("0.2.0")
package io.saffron.qxl;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
