package faultline.dataflow;

import faultline.ir.Edge;
import faultline.ir.Node;

/**
 * A forward dataflow problem over a function's CFG. States are immutable values; {@link #transfer} and
 * {@link #onEdge} return new states (or their argument when nothing changes). Equality decides convergence.
 *
 * @param <S> the state type
 */
public interface DataflowProblem<S> {

  /** The state at the function's entry. */
  S entry();

  /** The state of no path at all: what unreachable nodes have; the identity of {@link #join}. */
  S unreachable();

  /** The merge of the paths reaching a join point. */
  S join(S a, S b);

  /** The state after {@code node} runs, from the state before it. */
  S transfer(Node node, S in);

  /**
   * The state flowing along {@code edge} out of {@code node}: Branch TRUE/FALSE edges refine (or drop) paths by
   * the branch condition. Default: unchanged.
   */
  default S onEdge(Node node, Edge edge, S out) {
    return out;
  }

  /**
   * Called instead of {@link #join} once a node has been updated {@code WorklistSolver#WIDEN_AFTER} times, to
   * force convergence (coarser merge). Default: join.
   */
  default S widen(S previous, S incoming) {
    return join(previous, incoming);
  }
}
