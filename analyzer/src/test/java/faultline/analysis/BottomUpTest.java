package faultline.analysis;

import static org.junit.jupiter.api.Assertions.*;

import faultline.callgraph.CallGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BottomUpTest {

  /** SCC k of a chain-and-fan DAG: callees of k are the SCCs in {@code callees[k]}. */
  private static CallGraph.SummaryDag dag(int[][] callees) {
    int n = callees.length;
    List<int[]> sccs = new ArrayList<>();
    List<List<Integer>> callers = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      sccs.add(new int[] {k});
      callers.add(new ArrayList<>());
    }
    int[] calleeCount = new int[n];
    for (int k = 0; k < n; k++) {
      calleeCount[k] = callees[k].length;
      for (int c : callees[k]) callers.get(c).add(k);
    }
    int[][] callerRows = new int[n][];
    for (int k = 0; k < n; k++) callerRows[k] = callers.get(k).stream().mapToInt(Integer::intValue).toArray();
    return new CallGraph.SummaryDag(sccs, calleeCount, callerRows);
  }

  /** {@code n} SCCs, each calling up to three earlier ones: for 2,000, a wide and deep DAG. */
  private static int[][] randomCallees(int n) {
    java.util.Random random = new java.util.Random(6);
    int[][] callees = new int[n][];
    for (int k = 0; k < callees.length; k++) {
      int m = k == 0 ? 0 : random.nextInt(Math.min(k, 3) + 1);
      callees[k] = random.ints(0, Math.max(k, 1)).distinct().limit(m).toArray();
    }
    return callees;
  }

  @Test void everySccRunsOnceAndAfterEverySccItCalls() {
    assertCalleesFirst(randomCallees(2000));
  }

  @Test void aSmallDagRunsCalleesFirstOnTheCallingThread() {
    Thread caller = Thread.currentThread();
    BottomUp.run(dag(randomCallees(BottomUp.PARALLEL_FROM - 1)), 2, k -> assertSame(caller, Thread.currentThread()));
    assertCalleesFirst(randomCallees(BottomUp.PARALLEL_FROM - 1));
  }

  private static void assertCalleesFirst(int[][] callees) {
    AtomicInteger clock = new AtomicInteger();
    AtomicIntegerArray started = new AtomicIntegerArray(callees.length);
    AtomicIntegerArray finished = new AtomicIntegerArray(callees.length);
    AtomicIntegerArray runs = new AtomicIntegerArray(callees.length);
    BottomUp.run(dag(callees), 2, k -> {
      started.set(k, clock.incrementAndGet());
      runs.incrementAndGet(k);
      finished.set(k, clock.incrementAndGet());
    });
    for (int k = 0; k < callees.length; k++) {
      assertEquals(1, runs.get(k), "runs of " + k);
      for (int c : callees[k]) assertTrue(finished.get(c) < started.get(k), k + " started before its callee " + c + " ended");
    }
  }

  @Test void theFirstFailureIsThrownAfterTheStartedTasksEnd() {
    int[][] callees = randomCallees(2000);
    AtomicInteger ran = new AtomicInteger();
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> BottomUp.run(dag(callees), 2, k -> {
      ran.incrementAndGet();
      if (k == 0) throw new IllegalStateException("scc 0");
    }));
    assertEquals("scc 0", thrown.getMessage());
    assertTrue(ran.get() < callees.length, "tasks kept running after the failure: " + ran.get());
  }

  @Test void anEmptyDagRunsNothing() {
    BottomUp.run(dag(new int[0][]), 2, k -> fail("ran " + k));
  }
}
