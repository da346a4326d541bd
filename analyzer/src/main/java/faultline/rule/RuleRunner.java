package faultline.rule;

import faultline.ir.Function;
import faultline.ir.Node;
import faultline.lock.FunctionSummary;
import faultline.lock.LockOp;
import faultline.lock.LockOrderGraph;
import faultline.lock.LockRef;
import faultline.lock.PathState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs rules over the facts of one program and returns their findings, deduplicated and in a stable order. */
public final class RuleRunner {

  /** Findings sort by file, line, column, then rule id: the order every output uses. */
  public static final Comparator<Finding> ORDER = Comparator
      .comparing((Finding f) -> f.at().file())
      .thenComparingInt(f -> f.at().line())
      .thenComparingInt(f -> f.at().column())
      .thenComparing(Finding::ruleId)
      .thenComparing(Finding::message);

  private RuleRunner() {}

  /**
   * A rule that throws loses its own findings, not the scan's: the failure is returned as a
   * {@link RuleFailure} for outputs to show as a notification.
   */
  public static Result run(ProgramFacts facts, List<RuleMeta> rules) {
    List<Finding> all = new ArrayList<>();
    List<RuleFailure> failures = new ArrayList<>();
    for (RuleMeta meta : rules) {
      Map<String, Finding> byLocation = new LinkedHashMap<>();
      Context ctx = new Context(facts, meta, byLocation);
      try {
        meta.rule().check(ctx);
      } catch (RuntimeException | StackOverflowError e) {
        failures.add(new RuleFailure(meta.id(), e.toString()));
        continue;
      }
      all.addAll(byLocation.values());
    }
    all.sort(ORDER);
    return new Result(List.copyOf(all), List.copyOf(failures));
  }

  public record Result(List<Finding> findings, List<RuleFailure> failures) {}

  public record RuleFailure(String ruleId, String reason) {}

  private record Context(ProgramFacts facts, RuleMeta meta, Map<String, Finding> byLocation) implements RuleContext {
    @Override public void report(Finding.Builder builder) {
      Finding f = builder.build(meta.id(), meta.info().severity(), meta.defaultFix());
      String key = f.at().file() + ":" + f.at().line() + ":" + f.at().column();
      // One finding per (rule, location): keep the shortest witness, then the first message in sort order.
      byLocation.merge(key, f, (a, b) -> {
        int c = Integer.compare(a.stepCount(), b.stepCount());
        if (c != 0) return c < 0 ? a : b;
        return a.message().compareTo(b.message()) <= 0 ? a : b;
      });
    }

    @Override public List<Function> functions() { return facts.functions(); }
    @Override public List<PathState> statesAt(Function fn, Node node) { return facts.statesAt(fn, node); }
    @Override public Optional<LockOp> lockOpAt(Function fn, Node node) { return facts.lockOpAt(fn, node); }
    @Override public Optional<List<Step>> faultWitness(Function fn, Node node) { return facts.faultWitness(fn, node); }
    @Override public Optional<List<Step>> sleepWitness(Function fn, Node node) { return facts.sleepWitness(fn, node); }
    @Override public List<LockRef> droppedBeforeSleep(Function fn, Node node) { return facts.droppedBeforeSleep(fn, node); }
    @Override public List<String> callTargets(Function fn, Node node) { return facts.callTargets(fn, node); }
    @Override public FunctionSummary summary(Function fn) { return facts.summary(fn); }
    @Override public LockOrderGraph lockOrder() { return facts.lockOrder(); }
  }
}
