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
   * failed) for outputs to show as a notification. {@link FactsUnavailable} is not the rule's failure and stops
   * the run.
   */
  public static Result run(AnalysedProgram program, List<RuleMeta> rules) {
    // Most functions report nothing: their result is null, not empty lists (a kernel has half a million functions).
    List<FunctionFindings> visited = program.functionPass((fn, facts) -> {
      List<List<Finding>> byRule = null;
      List<RuleFailure> failed = null;
      Map<String, Finding> byLocation = new LinkedHashMap<>(4); // one per function, emptied after each rule
      for (int r = 0; r < rules.size(); r++) {
        RuleMeta meta = rules.get(r);
        byLocation.clear();
        try {
          meta.rule().check(fn, new Context(facts, meta, byLocation));
        } catch (FactsUnavailable e) {
          throw e;
        } catch (RuntimeException | StackOverflowError e) {
          if (failed == null) failed = new ArrayList<>(1);
          failed.add(new RuleFailure(meta.id(), fn.name() + "(): " + e, 1));
        }
        if (!byLocation.isEmpty()) {
          if (byRule == null) byRule = new ArrayList<>(java.util.Collections.nCopies(rules.size(), List.of()));
          byRule.set(r, List.copyOf(byLocation.values()));
        }
      }
      if (byRule == null && failed == null) return null;
      return new FunctionFindings(byRule == null ? java.util.Collections.nCopies(rules.size(), List.<Finding>of())
          : List.copyOf(byRule), failed == null ? List.of() : List.copyOf(failed));
    });
    List<FunctionFindings> perFunction = new ArrayList<>(visited.size());
    for (int i = 0; i < visited.size(); i++) {
      perFunction.add(program.visits(i) ? visited.get(i) : program.earlierFindings(i));
    }
    ProgramFacts facts = program.facts();
    // Merged in function order, so that which duplicate survives does not depend on thread timing.
    List<Map<String, Finding>> byRule = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) byRule.add(new LinkedHashMap<>());
    Map<String, RuleFailure> failures = new LinkedHashMap<>();
    for (FunctionFindings rep : perFunction) {
      if (rep == null) continue;
      for (int r = 0; r < rules.size(); r++) {
        Map<String, Finding> into = byRule.get(r);
        rep.byRule().get(r).forEach(f -> keep(into, f));
      }
      for (RuleFailure f : rep.failures()) {
        failures.merge(f.ruleId(), f, (a, b) -> new RuleFailure(a.ruleId(), a.reason(), a.functions() + b.functions()));
      }
    }
    for (int r = 0; r < rules.size(); r++) {
      RuleMeta meta = rules.get(r);
      try {
        meta.rule().checkProgram(new Context(facts, meta, byRule.get(r)));
      } catch (FactsUnavailable e) {
        throw e;
      } catch (RuntimeException | StackOverflowError e) {
        failures.merge(meta.id(), new RuleFailure(meta.id(), "whole-program check: " + e, 0),
            (a, b) -> new RuleFailure(a.ruleId(), a.reason(), a.functions()));
      }
    }
    List<Finding> all = new ArrayList<>();
    byRule.forEach(m -> all.addAll(m.values()));
    all.sort(ORDER);
    return new Result(List.copyOf(all), List.copyOf(failures.values()), java.util.Collections.unmodifiableList(perFunction));
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

  /**
   * {@code perFunction}: what the per-function checks reported on each function of the program, in its order
   * ({@code null} entries: nothing), which an incremental scan reuses for functions whose inputs did not change.
   */
  public record Result(List<Finding> findings, List<RuleFailure> failures, List<FunctionFindings> perFunction) {}

  /** A rule that threw: {@code functions} is how many functions it failed on (0: only the whole-program check). */
  public record RuleFailure(String ruleId, String reason, int functions) {}

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
    @Override public Optional<faultline.lock.Acquirer> takenForWrite(LockClass cls) { return facts.takenForWrite(cls); }
    @Override public LockOrderGraph lockOrder() { return facts.lockOrder(); }
  }
}
