package faultline.rule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Finds rules with {@link ServiceLoader}: those on the class path (faultline's own) and those in plugin jars
 * named explicitly with {@code --plugin}. Nothing else is loaded: no directory scanning.
 */
public final class RuleRegistry {

  /** {@code --enable all}: run the experimental rules too. */
  public static final String ALL = "all";

  private final List<RuleMeta> rules;

  private RuleRegistry(List<RuleMeta> rules) {
    this.rules = rules;
  }

  public static RuleRegistry load(List<Path> pluginJars) {
    ClassLoader parent = RuleRegistry.class.getClassLoader();
    ClassLoader loader = parent;
    if (!pluginJars.isEmpty()) {
      URL[] urls = new URL[pluginJars.size()];
      for (int i = 0; i < urls.length; i++) {
        Path jar = pluginJars.get(i);
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException("plugin is not a file: " + jar);
        try {
          urls[i] = jar.toUri().toURL();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      loader = new URLClassLoader("faultline-plugins", urls, parent);
    }
    List<RuleMeta> found = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Rule rule : ServiceLoader.load(Rule.class, loader)) {
      RuleMeta meta = RuleMeta.of(rule);
      if (!ids.add(meta.id())) throw new IllegalStateException("two rules with id '" + meta.id() + "'");
      found.add(meta);
    }
    found.sort(Comparator.comparing(RuleMeta::id));
    return new RuleRegistry(List.copyOf(found));
  }

  public static RuleRegistry builtIn() {
    return load(List.of());
  }

  /** Every loaded rule, sorted by id. */
  public List<RuleMeta> all() {
    return rules;
  }

  /**
   * The rules to run: {@code only} when non-empty (unknown ids are an error), else every STABLE rule plus the
   * {@code enabled} experimental ones ({@link #ALL} enables every experimental rule).
   */
  public List<RuleMeta> select(List<String> only, List<String> enabled) {
    for (String id : only) requireKnown(id);
    for (String id : enabled) if (!id.equals(ALL)) requireKnown(id);
    boolean everything = enabled.contains(ALL);
    return rules.stream().filter(r -> only.isEmpty()
        ? r.info().maturity() == Maturity.STABLE || everything || enabled.contains(r.id())
        : only.contains(r.id())).toList();
  }

  private void requireKnown(String id) {
    if (rules.stream().noneMatch(r -> r.id().equals(id))) {
      throw new IllegalArgumentException("unknown rule '" + id + "' (see 'faultline rules')");
    }
  }
}
