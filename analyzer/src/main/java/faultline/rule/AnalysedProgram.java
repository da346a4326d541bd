package faultline.rule;

import faultline.ir.Function;
import java.util.List;
import java.util.function.BiFunction;

/**
 * An analysed program as the rule runner drives it: one pass over the functions, each with its own per-node
 * facts at hand, then the facts of the whole program. The pass is where per-function work happens, so that no
 * phase holds the lock states of every function at once.
 */
public interface AnalysedProgram {

  List<Function> functions();

  /**
   * Applies {@code visit} to every function, with facts in which that function's per-node states are computed
   * once; several functions at a time, on different threads. Returns the results in the order of
   * {@link #functions()}. After the pass, {@link #facts()} is complete (the lock order included). Call once.
   */
  <T> List<T> functionPass(BiFunction<Function, ProgramFacts, T> visit);

  /**
   * Whether {@link #functionPass} visits the function at {@code index} in {@link #functions()}. An incremental
   * analysis visits only functions whose inputs changed; the others keep {@link #earlierFindings}.
   */
  default boolean visits(int index) {
    return true;
  }

  /** The rule results an earlier scan had for a function the pass does not visit; {@code null}: none. */
  default FunctionFindings earlierFindings(int index) {
    return null;
  }

  /** Every fact; the lock order is complete only once {@link #functionPass} has run. */
  ProgramFacts facts();

  /** A program whose facts are already complete: the pass just walks the functions in order (tests, plugins). */
  static AnalysedProgram of(ProgramFacts facts) {
    return new AnalysedProgram() {
      @Override public List<Function> functions() {
        return facts.functions();
      }

      @Override public <T> List<T> functionPass(BiFunction<Function, ProgramFacts, T> visit) {
        return facts.functions().stream().map(fn -> visit.apply(fn, facts)).toList();
      }

      @Override public ProgramFacts facts() {
        return facts;
      }
    };
  }
}
