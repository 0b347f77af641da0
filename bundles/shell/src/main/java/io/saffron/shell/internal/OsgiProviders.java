package io.saffron.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.saffron.core.ChannelFactory;
import io.saffron.core.ChannelType;

/**
 * {@link Providers} on the framework: channel factory services and their registering bundles. The factory's type
 * is only known by asking the factory ({@link ChannelFactory#type()}, any thread), so each look-up gets and ungets
 * every factory service. Any thread except a loop thread.
 */
final class OsgiProviders implements Providers {

    private final BundleContext context;

    OsgiProviders(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<Provider> of(ChannelType type) {
        Collection<ServiceReference<ChannelFactory>> refs;
        try {
            refs = context.getServiceReferences(ChannelFactory.class, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("no filter, yet " + e.getMessage(), e); // cannot happen: no filter
        }
        // ServiceReference orders by ranking, then by age: the greatest is the one the registry prefers.
        List<ServiceReference<ChannelFactory>> sorted = new ArrayList<>(refs);
        sorted.sort(Comparator.reverseOrder());
        List<Provider> providers = new ArrayList<>();
        for (ServiceReference<ChannelFactory> ref : sorted) {
            Bundle bundle = ref.getBundle();
            if (bundle == null || !type.equals(typeOf(ref))) {
                continue; // unregistered meanwhile, or another type
            }
            Provider p = provider(bundle);
            if (providers.stream().noneMatch(q -> q.bundleId() == p.bundleId())) {
                providers.add(p);
            }
        }
        return providers;
    }

    private ChannelType typeOf(ServiceReference<ChannelFactory> ref) {
        ChannelFactory factory = context.getService(ref);
        if (factory == null) {
            return null; // unregistered meanwhile
        }
        try {
            return factory.type();
        } finally {
            context.ungetService(ref);
        }
    }

    @Override
    public Provider bundleOf(Class<?> type) {
        Bundle bundle = FrameworkUtil.getBundle(type);
        return bundle == null ? null : provider(bundle);
    }

    @Override
    public Provider bundle(long bundleId) {
        Bundle bundle = context.getBundle(bundleId);
        return bundle == null || bundle.getState() == Bundle.UNINSTALLED ? null : provider(bundle);
    }

    @Override
    public void update(long bundleId) throws BundleException {
        Bundle bundle = context.getBundle(bundleId);
        if (bundle == null) {
            throw new IllegalStateException("bundle " + bundleId + " is not installed (expected: a channel provider)");
        }
        bundle.update();
    }

    private static Provider provider(Bundle bundle) {
        return new Provider(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion().toString(),
                bundle.getLastModified());
    }
}
