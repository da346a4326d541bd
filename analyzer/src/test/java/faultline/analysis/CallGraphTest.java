package faultline.analysis;

import static faultline.analysis.Ir.*;
import static org.junit.jupiter.api.Assertions.*;

import faultline.callgraph.CallGraph;
import faultline.ir.Function;
import faultline.lock.LockApis;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallGraphTest {

  @Test void fieldCallsResolveThroughOpsBindings() {
    Facts f = new Facts(List.of(
        unit("mm/hmm.c", List.of(fn("mm/hmm.c", "hmm_release").callField("hmm_mirror_ops.release", "mirror->ops->release",
            local("mirror")).ret().build()), List.of()),
        unit("drivers/gpu.c", List.of(staticFn("drivers/gpu.c", "gpu_release").ret().build(),
            staticFn("drivers/gpu.c", "gpu_other").ret().build()),
            List.of(bind("drivers/gpu.c", "hmm_mirror_ops", "release", "gpu_release"),
                bind("drivers/gpu.c", "file_operations", "release", "gpu_other")))));
    assertEquals(List.of("gpu_release"),
        f.facts.callTargets(f.fn("hmm_release"), f.call("hmm_release", "mirror->ops->release")));
    assertEquals(1L, f.analysis.stats().get("indirectCalls"));
    assertEquals(1L, f.analysis.stats().get("indirectCallsResolved"));
  }

  @Test void unknownStructFieldResolvesOnlyWhenUnambiguous() {
    Facts precise = new Facts(List.of(unit("a.c",
        List.of(fn("a.c", "caller").callField("?.frob", "x->frob").ret().build(), fn("a.c", "my_frob").ret().build()),
        List.of(bind("a.c", "frob_ops", "frob", "my_frob")))));
    assertEquals(List.of("my_frob"), precise.facts.callTargets(precise.fn("caller"), precise.call("caller", "x->frob")));
    Facts ambiguous = new Facts(List.of(unit("a.c",
        List.of(fn("a.c", "caller").callField("?.release", "x->release").ret().build(), fn("a.c", "r1").ret().build(),
            fn("a.c", "r2").ret().build()),
        List.of(bind("a.c", "file_operations", "release", "r1"), bind("a.c", "hmm_mirror_ops", "release", "r2")))));
    assertEquals(List.of(), ambiguous.facts.callTargets(ambiguous.fn("caller"), ambiguous.call("caller", "x->release")));
  }

  @Test void staticFunctionsResolveWithinTheirFileFirst() {
    List<Function> fns = List.of(
        staticFn("a.c", "helper").ret().build(),
        fn("a.c", "callerA").call("helper").ret().build(),
        fn("b.c", "helper").ret().build(),
        fn("c.c", "callerC").call("helper").ret().build());
    CallGraph g = CallGraph.build(fns, List.of(), LockApis.kernel());
    assertEquals("a.c", fns.get(g.targets(fns.get(1), (faultline.ir.Stmt.Call) fns.get(1).cfg().node(2).stmt())[0]).at().file());
    assertEquals("b.c", fns.get(g.targets(fns.get(3), (faultline.ir.Stmt.Call) fns.get(3).cfg().node(2).stmt())[0]).at().file());
    assertNodeTargetsAgree(g, fns);
  }

  /** The targets read from the table built with the graph are those resolved by name, at every call. */
  private static void assertNodeTargetsAgree(CallGraph g, List<Function> fns) {
    int calls = 0;
    for (int i = 0; i < fns.size(); i++) {
      for (faultline.ir.Node n : fns.get(i).cfg().nodes()) {
        if (!(n.stmt() instanceof faultline.ir.Stmt.Call call)) continue;
        calls++;
        assertArrayEquals(g.targets(i, call), g.targets(i, n), fns.get(i).name() + " node " + n.id());
      }
    }
    assertTrue(calls > 0);
  }

  @Test void perArchitectureDefinitionsResolveAsOneBuildLinksThem() {
    List<Function> fns = List.of(
        fn("arch/arc/kernel/stacktrace.c", "save_trace").ret().build(),
        fn("arch/arm64/kernel/stacktrace.c", "save_trace").ret().build(),
        fn("arch/x86/kernel/stacktrace.c", "save_trace").ret().build(),
        fn("arch/arm64/kvm/arm.c", "kvm_caller").call("save_trace").ret().build(),
        fn("lib/stackdepot.c", "lib_caller").call("save_trace").ret().build());
    CallGraph g = CallGraph.build(fns, List.of(), LockApis.kernel());
    assertEquals("arch/arm64/kernel/stacktrace.c",
        fns.get(g.targets(fns.get(3), (faultline.ir.Stmt.Call) fns.get(3).cfg().node(2).stmt())[0]).at().file());
    assertEquals("arch/x86/kernel/stacktrace.c",
        fns.get(g.targets(fns.get(4), (faultline.ir.Stmt.Call) fns.get(4).cfg().node(2).stmt())[0]).at().file(),
        "outside arch/, the default architecture, not the first by path");
    assertNodeTargetsAgree(g, fns);
  }

  @Test void modelApisAreNeverResolvedToScannedBodies() {
    List<Function> fns = List.of(
        fn("kernel/locking/mutex.c", "mutex_lock").param("struct mutex *", "lock").ret().build(),
        fn("a.c", "user").call("mutex_lock", addr(global("m"))).ret().build());
    CallGraph g = CallGraph.build(fns, List.of(), LockApis.kernel());
    assertEquals(0, g.targets(fns.get(1), (faultline.ir.Stmt.Call) fns.get(1).cfg().node(2).stmt()).length);
    assertNodeTargetsAgree(g, fns);
  }

  @Test void sccsAreBottomUpAndStatsAreReported() {
    List<Function> fns = List.of(
        fn("a.c", "top").call("mid").ret().build(),
        fn("a.c", "mid").call("rec1").ret().build(),
        fn("a.c", "rec1").call("rec2").ret().build(),
        fn("a.c", "rec2").call("rec1").call("leaf").ret().build(),
        fn("a.c", "leaf").ret().build());
    CallGraph g = CallGraph.build(fns, List.of(), LockApis.kernel());
    List<String> order = g.sccsBottomUp().stream()
        .map(s -> Arrays.stream(s).mapToObj(i -> fns.get(i).name()).toList().toString()).toList();
    assertEquals(List.of("[leaf]", "[rec1, rec2]", "[mid]", "[top]"), order);
    Map<String, Long> st = g.stats();
    assertEquals(5L, st.get("functions"));
    assertEquals(5L, st.get("callGraphEdges"));
    assertEquals(4L, st.get("sccs"));
    assertEquals(2L, st.get("largestScc"));
    assertEquals(4, g.levels().size());
  }

  @Test void theSummaryDagCountsEachCalledSccOnceAndListsItsCallers() {
    List<Function> fns = List.of(
        fn("a.c", "top").call("mid").call("leaf").call("mid").ret().build(),
        fn("a.c", "mid").call("rec1").call("rec2").ret().build(),
        fn("a.c", "rec1").call("rec2").ret().build(),
        fn("a.c", "rec2").call("rec1").call("leaf").ret().build(),
        fn("a.c", "leaf").ret().build());
    CallGraph g = CallGraph.build(fns, List.of(), LockApis.kernel());
    CallGraph.SummaryDag dag = g.summaryDag();
    Map<String, Integer> scc = new java.util.HashMap<>();
    for (int k = 0; k < dag.sccs().size(); k++) for (int f : dag.sccs().get(k)) scc.put(fns.get(f).name(), k);
    // top calls mid twice and leaf; mid calls both members of the recursive SCC: each called SCC counts once.
    assertEquals(2, dag.calleeSccs()[scc.get("top")]);
    assertEquals(1, dag.calleeSccs()[scc.get("mid")]);
    assertEquals(1, dag.calleeSccs()[scc.get("rec1")]);
    assertEquals(0, dag.calleeSccs()[scc.get("leaf")]);
    assertArrayEquals(new int[] {scc.get("top")}, dag.callerSccs()[scc.get("mid")]);
    assertArrayEquals(new int[] {scc.get("mid")}, dag.callerSccs()[scc.get("rec1")]);
    int[] leafCallers = dag.callerSccs()[scc.get("leaf")].clone();
    Arrays.sort(leafCallers);
    int[] expected = {scc.get("top"), scc.get("rec1")};
    Arrays.sort(expected);
    assertArrayEquals(expected, leafCallers);
  }
}
