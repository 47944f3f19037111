package dev.secretref.cli;

import java.util.List;

/** Picks the one manager a {@code put} or {@code delete} writes to: the manager of that name, else the only one using that provider. */
final class WriteTarget {
    private WriteTarget() { }

    static ManagerSpec pick(Managers m, String manager) {
        List<ManagerSpec> specs = m.matching(List.of(manager));
        List<ManagerSpec> named = specs.stream().filter(s -> s.name().equals(manager)).toList();
        if (named.size() == 1) return named.get(0);
        if (specs.size() == 1) return specs.get(0);
        if (specs.isEmpty()) {
            throw CliException.usage("no manager '" + FieldSources.cut(manager) + "' in " + m.file().path() + " (it has: "
                    + (m.names().isEmpty() ? "none" : String.join(", ", m.names())) + ")", "the manager name, or the --managers file");
        }
        throw CliException.usage("several managers use provider '" + FieldSources.cut(manager) + "' ("
                + String.join(", ", specs.stream().map(ManagerSpec::name).toList()) + ")", "name the manager to write to");
    }
}
