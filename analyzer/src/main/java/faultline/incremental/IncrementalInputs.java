package faultline.incremental;

import faultline.analysis.EarlierAnalysis;
import faultline.analysis.ProgramAnalysis;
import faultline.callgraph.CallGraph;
import faultline.ir.Function;
import faultline.ir.OpsBinding;
import faultline.ir.TranslationUnit;
import faultline.lock.FunctionSummary;
import faultline.lock.LockApis;
import faultline.lock.LockClass;
import faultline.lock.OrderEdge;
import faultline.rule.FunctionFindings;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * A snapshot plus the files that changed since it was written, as {@link ProgramAnalysis#incremental} reads
 * them. Bodies of unchanged files are decoded only when the analysis asks for one of their functions (a caller
 * whose callee's summary changed, a callee a rule looks at): a whole kernel's IR is never loaded.
 */
public final class IncrementalInputs implements EarlierAnalysis {

  private final AnalysisSnapshot snapshot;
  private final Map<Integer, TranslationUnit> changedUnits;
  private final IntFunction<TranslationUnit> unchangedUnit;
  private final List<CallGraph.Definition> definitions;
  private final List<OpsBinding> bindings;
  private final int[] fileOf;
  private final int[] positionInFile;
  private final BitSet changed;
  private final Map<Integer, Function[]> bodies = new ConcurrentHashMap<>();
  private final Map<Function, Integer> indices = Collections.synchronizedMap(new IdentityHashMap<>());

  /**
   * @param changedUnits  by index in {@link AnalysisSnapshot#files()}: the new IR of each changed file, which
   *                      {@link #sameInterface} accepted
   * @param unchangedUnit loads the IR of an unchanged file (by index), as it was when the snapshot was written
   */
  public IncrementalInputs(AnalysisSnapshot snapshot, Map<Integer, TranslationUnit> changedUnits,
      IntFunction<TranslationUnit> unchangedUnit) {
    this.snapshot = snapshot;
    this.changedUnits = Map.copyOf(changedUnits);
    this.unchangedUnit = unchangedUnit;
    int n = snapshot.functionCount();
    CallGraph.Definition[] defs = new CallGraph.Definition[n];
    this.fileOf = new int[n];
    this.positionInFile = new int[n];
    this.changed = new BitSet(n);
    List<AnalysisSnapshot.FileEntry> files = snapshot.files();
    List<Integer> byPath = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      AnalysisSnapshot.FileEntry e = files.get(f);
      byPath.add(f);
      for (int k = 0; k < e.functions().length; k++) {
        int i = e.functions()[k];
        defs[i] = e.definitions().get(k);
        fileOf[i] = f;
        positionInFile[i] = k;
        if (changedUnits.containsKey(f)) changed.set(i);
      }
    }
    this.definitions = List.of(defs);
    // The order a full analysis gives the call graph its bindings: files by path, each file's sorted.
    byPath.sort(Comparator.comparing(f -> files.get(f).relative()));
    List<OpsBinding> all = new ArrayList<>();
    for (int f : byPath) {
      TranslationUnit unit = changedUnits.get(f);
      all.addAll(ProgramAnalysis.sortedBindings(unit != null ? unit.bindings() : files.get(f).bindings()));
    }
    this.bindings = List.copyOf(all);
  }

  /**
   * Whether {@code unit}, the new IR of the file {@code entry} describes, defines the same functions (name,
   * linkage, file, callback-typed parameters, in the same order) and binds the same functions to the same ops
   * fields: then every call elsewhere resolves as before, and the snapshot's numbering still holds. The bodies
   * and all positions may differ.
   */
  public static Optional<String> sameInterface(AnalysisSnapshot.FileEntry entry, TranslationUnit unit, LockApis apis) {
    List<Function> fns = sortedFunctions(unit);
    if (fns.size() != entry.functions().length) return Optional.of(entry.relative() + ": functions added or removed");
    for (int k = 0; k < fns.size(); k++) {
      if (!CallGraph.Definition.of(fns.get(k)).equals(entry.definitions().get(k))) {
        return Optional.of(entry.relative() + ": " + fns.get(k).name() + "() renamed, moved or changed linkage");
      }
      if (!ProgramAnalysis.entryParams(apis, fns.get(k)).equals(entry.entryParams().get(k))) {
        return Optional.of(entry.relative() + ": " + fns.get(k).name() + "() changed a callback parameter");
      }
    }
    List<OpsBinding> now = ProgramAnalysis.sortedBindings(unit.bindings());
    List<OpsBinding> before = ProgramAnalysis.sortedBindings(entry.bindings());
    if (now.size() != before.size()) return Optional.of(entry.relative() + ": ops bindings added or removed");
    for (int k = 0; k < now.size(); k++) {
      OpsBinding a = now.get(k);
      OpsBinding b = before.get(k);
      if (!a.target().equals(b.target()) || !a.function().equals(b.function()) || !a.at().file().equals(b.at().file())) {
        return Optional.of(entry.relative() + ": ops binding " + a.target() + " changed");
      }
    }
    return Optional.empty();
  }

  /** A unit's functions in analysis order. */
  public static List<Function> sortedFunctions(TranslationUnit unit) {
    List<Function> fns = new ArrayList<>(unit.functions());
    fns.sort(ProgramAnalysis.SOURCE_ORDER);
    return fns;
  }

  @Override public List<CallGraph.Definition> definitions() {
    return definitions;
  }

  @Override public List<OpsBinding> bindings() {
    return bindings;
  }

  @Override public BitSet changed() {
    return changed;
  }

  @Override public Function function(int i) {
    int f = fileOf[i];
    return bodies.computeIfAbsent(f, this::load)[positionInFile[i]];
  }

  private Function[] load(int f) {
    TranslationUnit unit = changedUnits.containsKey(f) ? changedUnits.get(f) : unchangedUnit.apply(f);
    List<Function> fns = sortedFunctions(unit);
    AnalysisSnapshot.FileEntry entry = snapshot.files().get(f);
    if (fns.size() != entry.functions().length) {
      throw new ProgramAnalysis.IncrementalUnavailable(entry.relative() + " no longer matches the snapshot");
    }
    Function[] out = fns.toArray(new Function[0]);
    for (int k = 0; k < out.length; k++) indices.put(out[k], entry.functions()[k]);
    return out;
  }

  @Override public int indexOf(Function fn) {
    Integer i = indices.get(fn);
    return i == null ? -1 : i;
  }

  @Override public CallGraph.Rows rows() {
    return snapshot.rows();
  }

  @Override public int[] directScc() {
    return snapshot.directScc();
  }

  @Override public int[] directLevels() {
    return snapshot.directLevels();
  }

  @Override public FunctionSummary summary(int i) {
    return snapshot.summary(i, definitions.get(i).name());
  }

  @Override public List<OrderEdge> orderEdges(int i) {
    return snapshot.orderEdges(i);
  }

  @Override public FunctionFindings findings(int i) {
    return snapshot.findings(i);
  }

  @Override public List<ProgramAnalysis.FaultEntry> callbackEntries(int i) {
    return snapshot.callbackEntries(i);
  }

  @Override public List<ProgramAnalysis.EntryParam> entryParams(int i) {
    AnalysisSnapshot.FileEntry e = snapshot.files().get(fileOf[i]);
    return e.entryParams().get(positionInFile[i]);
  }

  @Override public List<ProgramAnalysis.FaultEntry> faultEntries() {
    return snapshot.faultEntries();
  }

  @Override public List<OrderEdge> faultPathEdges() {
    return snapshot.faultPathEdges();
  }

  @Override public int[] writers(LockClass cls) {
    return snapshot.writers(cls);
  }
}
