package faultline.rule;

import faultline.ir.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A reported defect. {@code at} is where the developer acts; {@code function} the function containing it;
 * {@code lockClasses} the lock classes involved (fingerprints hash these, not line numbers); {@code fix} one
 * imperative line; {@code suppression} the justification when an ignore comment covers it.
 */
public record Finding(String ruleId, Severity severity, String message, Span at, String function,
    List<String> lockClasses, List<Trace> traces, String fix, Optional<String> suppression) {

  public int stepCount() {
    return traces.stream().mapToInt(t -> t.steps().size()).sum();
  }

  public Finding suppressed(String justification) {
    return new Finding(ruleId, severity, message, at, function, lockClasses, traces, fix, Optional.of(justification));
  }

  public static Builder at(Span at, String message) {
    return new Builder(at, message);
  }

  /** What a rule fills in; the context adds the rule id and defaults (severity, fix) when reporting. */
  public static final class Builder {
    private final Span at;
    private final String message;
    private String function = "";
    private Severity severity;
    private String fix;
    private final List<String> lockClasses = new ArrayList<>();
    private final List<Trace> traces = new ArrayList<>();

    private Builder(Span at, String message) {
      this.at = Objects.requireNonNull(at);
      this.message = Objects.requireNonNull(message);
    }

    public Builder function(String name) { this.function = name; return this; }
    public Builder severity(Severity s) { this.severity = s; return this; }
    public Builder fix(String f) { this.fix = f; return this; }
    public Builder lockClass(String cls) { lockClasses.add(cls); return this; }
    public Builder trace(String title, List<Step> steps) { traces.add(new Trace(title, List.copyOf(steps))); return this; }

    public Finding build(String ruleId, Severity defaultSeverity, String defaultFix) {
      return new Finding(ruleId, severity == null ? defaultSeverity : severity, message, at, function,
          List.copyOf(lockClasses), List.copyOf(traces), fix == null ? defaultFix : fix, Optional.empty());
    }
  }
}
