package dev.secretref.cli;

import dev.secretref.CachePolicy;
import dev.secretref.Scope;
import java.util.Map;

/** One manager as the managers file describes it; {@code config} may still hold {@code env} references. */
record ManagerSpec(String name, String provider, Map<String, Object> config, Scope scope, CachePolicy cachePolicy) {
    /** Keys only: config values may be credentials. */
    @Override
    public String toString() {
        return "ManagerSpec[" + name + ", provider=" + provider + ", configKeys=" + config.keySet() + ", " + scope + "]";
    }
}
