package io.saffron.shell.internal;

import java.util.List;

import org.osgi.framework.BundleException;

import io.saffron.core.ChannelType;

/**
 * The bundles behind the channel types, seen through the OSGi service registry: a provider is a bundle that
 * registers a {@code ChannelFactory} service. A seam for the unit tests; {@link OsgiProviders} is the real one.
 * Any thread except a loop thread ({@link #update} blocks).
 */
interface Providers {

    /**
     * The bundles that register a channel factory for {@code type}, the one the registry ranks first first; empty
     * when none does.
     */
    List<Provider> of(ChannelType type);

    /** The bundle that loaded {@code type}, or {@code null} when no bundle did. */
    Provider bundleOf(Class<?> type);

    /** The bundle with this id as it is now, or {@code null} when it is no longer installed. */
    Provider bundle(long bundleId);

    /**
     * Updates a bundle in place from its location ({@code Bundle.update()}): the framework stops it, reads the new
     * revision and starts it again. Blocks until that is done.
     *
     * @throws BundleException       when the framework refuses or the new revision does not start
     * @throws IllegalStateException when no bundle has this id
     */
    void update(long bundleId) throws BundleException;
}
