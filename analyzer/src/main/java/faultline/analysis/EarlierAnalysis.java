package faultline.analysis;

import faultline.callgraph.CallGraph;
import faultline.ir.Function;
import faultline.ir.OpsBinding;
import faultline.lock.FunctionSummary;
import faultline.lock.LockClass;
import faultline.lock.OrderEdge;
import faultline.rule.FunctionFindings;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * What an incremental analysis starts from: the facts an earlier analysis of the same functions left (its
 * snapshot), and the current bodies of the functions whose files changed since. The functions are the earlier
 * ones, in the same order, with the same definitions and ops bindings: whoever builds this checks that, and
 * analyses the whole program when it does not hold.
 */
public interface EarlierAnalysis {

  /** Every function's definition, in analysis order. */
  List<CallGraph.Definition> definitions();

  /** The ops bindings, in the order a full analysis passes them to the call graph. */
  List<OpsBinding> bindings();

  /** Functions whose file changed: their bodies must be analysed again. */
  BitSet changed();

  /**
   * Function {@code i}'s current body, decoded when first asked for; the same object on every call. Thread-safe.
   */
  Function function(int i);

  /** The index of a function this returned, by identity; -1 for any other object. */
  int indexOf(Function fn);

  /** The earlier call graph's rows. */
  CallGraph.Rows rows();

  /** Per function, the number of the earlier SCC of direct calls it was in ({@link CallGraph#directSccNumbers}). */
  int[] directScc();

  /** Per function, the level of that SCC ({@link CallGraph#directLevels}). */
  int[] directLevels();

  FunctionSummary summary(int i);

  /** The lock-order edges function {@code i}'s states gave (before merging with other functions'). */
  List<OrderEdge> orderEdges(int i);

  /** The rules' results on function {@code i}; {@code null} when they reported nothing. */
  FunctionFindings findings(int i);

  /** Fault-path entry points that function {@code i} creates by passing a function as a callback argument. */
  List<ProgramAnalysis.FaultEntry> callbackEntries(int i);

  /** Function {@code i}'s parameters of a callback type the lock model knows (get_block_t): index and type. */
  List<ProgramAnalysis.EntryParam> entryParams(int i);

  /** Every fault-path entry point, and the implicit mmap_lock edges found from them. */
  List<ProgramAnalysis.FaultEntry> faultEntries();

  List<OrderEdge> faultPathEdges();

  /**
   * The function indices (ascending) whose summaries take {@code cls} for write with a blocking acquisition;
   * empty when none does.
   */
  int[] writers(LockClass cls);
}
