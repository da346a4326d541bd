package faultline.rule;

import faultline.ir.Function;
import faultline.ir.Node;
import faultline.lock.FunctionSummary;
import faultline.lock.LockClass;
import faultline.lock.LockOp;
import faultline.lock.LockOrderGraph;
import faultline.lock.LockRef;
import faultline.lock.OrderEdge;
import faultline.lock.PathState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs rules over an analysed program and returns their findings, deduplicated and in a stable order: first
 * every rule's {@link Rule#check(Function, RuleContext)} on each function during the program's function pass,
 * then every rule's {@link Rule#checkProgram}.
 */
public final class RuleRunner {

  /** Findings sort by file, line, column, then rule id: the order every output uses. */
  public static final Comparator<Finding> ORDER = Comparator
      .comparing((Finding f) -> f.at().file())
      .thenComparingInt(f -> f.at().line())
      .thenComparingInt(f -> f.at().column())
      .thenComparing(Finding::ruleId)
      .thenComparing(Finding::message);

  private RuleRunner() {}

  public static Result run(ProgramFacts facts, List<RuleMeta> rules) {
    return run(AnalysedProgram.of(facts), rules);
  }

  /**
   * A rule that throws loses its findings for that function (or for the program check), not the scan's: the
   * failure is returned as a {@link RuleFailure} (one per rule, with the first reason and how many functions
   * failed) for outputs to show as a notification.
   */
  public static Result run(AnalysedProgram program, List<RuleMeta> rules) {
    // Most functions report nothing: their result is null, not empty maps (a kernel has half a million functions).
    List<Reported> perFunction = program.functionPass((fn, facts) -> {
      Reported out = null;
      for (int r = 0; r < rules.size(); r++) {
        RuleMeta meta = rules.get(r);
        Map<String, Finding> byLocation = new LinkedHashMap<>(4);
        try {
          meta.rule().check(fn, new Context(facts, meta, byLocation));
        } catch (RuntimeException | StackOverflowError e) {
          if (out == null) out = new Reported(rules.size());
          out.failures.add(new RuleFailure(meta.id(), fn.name() + "(): " + e, 1));
        }
        if (!byLocation.isEmpty()) {
          if (out == null) out = new Reported(rules.size());
          out.byRule.set(r, byLocation);
        }
      }
      return out;
    });
    ProgramFacts facts = program.facts();
    // Merged in function order, so that which duplicate survives does not depend on thread timing.
    List<Map<String, Finding>> byRule = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) byRule.add(new LinkedHashMap<>());
    Map<String, RuleFailure> failures = new LinkedHashMap<>();
    for (Reported rep : perFunction) {
      if (rep == null) continue;
      for (int r = 0; r < rules.size(); r++) {
        Map<String, Finding> into = byRule.get(r);
        rep.byRule.get(r).values().forEach(f -> keep(into, f));
      }
      for (RuleFailure f : rep.failures) {
        failures.merge(f.ruleId(), f, (a, b) -> new RuleFailure(a.ruleId(), a.reason(), a.functions() + b.functions()));
      }
    }
    for (int r = 0; r < rules.size(); r++) {
      RuleMeta meta = rules.get(r);
      try {
        meta.rule().checkProgram(new Context(facts, meta, byRule.get(r)));
      } catch (RuntimeException | StackOverflowError e) {
        failures.merge(meta.id(), new RuleFailure(meta.id(), "whole-program check: " + e, 0),
            (a, b) -> new RuleFailure(a.ruleId(), a.reason(), a.functions()));
      }
    }
    List<Finding> all = new ArrayList<>();
    byRule.forEach(m -> all.addAll(m.values()));
    all.sort(ORDER);
    return new Result(List.copyOf(all), List.copyOf(failures.values()));
  }

  /** One finding per (rule, location): the shortest witness, then the first message in sort order. */
  private static void keep(Map<String, Finding> byLocation, Finding f) {
    String key = f.at().file() + ":" + f.at().line() + ":" + f.at().column();
    byLocation.merge(key, f, (a, b) -> {
      int c = Integer.compare(a.stepCount(), b.stepCount());
      if (c != 0) return c < 0 ? a : b;
      return a.message().compareTo(b.message()) <= 0 ? a : b;
    });
  }

  public record Result(List<Finding> findings, List<RuleFailure> failures) {}

  /** A rule that threw: {@code functions} is how many functions it failed on (0: only the whole-program check). */
  public record RuleFailure(String ruleId, String reason, int functions) {}

  /** What the rules reported on one function. */
  private static final class Reported {
    final List<Map<String, Finding>> byRule = new ArrayList<>();
    final List<RuleFailure> failures = new ArrayList<>(0);

    Reported(int rules) {
      for (int r = 0; r < rules; r++) byRule.add(Map.of());
    }
  }

  private record Context(ProgramFacts facts, RuleMeta meta, Map<String, Finding> byLocation) implements RuleContext {
    @Override public void report(Finding.Builder builder) {
      keep(byLocation, builder.build(meta.id(), meta.info().severity(), meta.defaultFix()));
    }

    @Override public List<Function> functions() { return facts.functions(); }
    @Override public List<PathState> statesAt(Function fn, Node node) { return facts.statesAt(fn, node); }
    @Override public Optional<LockOp> lockOpAt(Function fn, Node node) { return facts.lockOpAt(fn, node); }
    @Override public Optional<List<Step>> faultWitness(Function fn, Node node) { return facts.faultWitness(fn, node); }
    @Override public Optional<List<Step>> sleepWitness(Function fn, Node node) { return facts.sleepWitness(fn, node); }
    @Override public List<LockRef> droppedBeforeSleep(Function fn, Node node) { return facts.droppedBeforeSleep(fn, node); }
    @Override public List<String> callTargets(Function fn, Node node) { return facts.callTargets(fn, node); }
    @Override public List<Function> callees(Function fn, Node node) { return facts.callees(fn, node); }
    @Override public Optional<OrderEdge> acquiredOnFaultPath(LockClass cls) { return facts.acquiredOnFaultPath(cls); }
    @Override public FunctionSummary summary(Function fn) { return facts.summary(fn); }
    @Override public LockOrderGraph lockOrder() { return facts.lockOrder(); }
  }
}
