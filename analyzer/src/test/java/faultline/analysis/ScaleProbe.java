package faultline.analysis;

import static faultline.analysis.Ir.*;

import faultline.ir.Function;
import faultline.ir.OpsBinding;
import faultline.ir.TranslationUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Not a test: {@code java -cp ... faultline.analysis.ScaleProbe <functions>} builds a synthetic kernel-shaped
 * program (files of 50 functions: locking, calls across files, branches, gotos, ops tables) and prints the
 * analysis time, heap and stats.
 */
public final class ScaleProbe {
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int upward = args.length > 1 ? Integer.parseInt(args[1]) : 40;   // 1 in upward calls may go up: SCC size
    Random rnd = new Random(1);
    List<TranslationUnit> units = new ArrayList<>();
    int perFile = 50;
    for (int file = 0; file * perFile < n; file++) {
      String path = "drivers/d" + file + ".c";
      List<Function> fns = new ArrayList<>();
      List<OpsBinding> binds = new ArrayList<>();
      for (int k = 0; k < perFile && file * perFile + k < n; k++) {
        int id = file * perFile + k;
        Fn f = fn(path, "f" + id).param("struct dev" + (id % 300) + " *", "d");
        String lock = "lock" + rnd.nextInt(8);
        boolean locks = rnd.nextInt(10) < 3;
        if (locks) f.call("mutex_lock", addr(arrow(param("d"), lock, "dev" + (id % 300))));
        for (int s = 0; s < 4; s++) {
          // mostly calls into the same file or a lower layer; 1 in `upward` may call anywhere (recursion, SCCs)
          int callee = rnd.nextInt(upward) == 0 ? rnd.nextInt(n)
              : rnd.nextInt(3) > 0 ? file * perFile + rnd.nextInt(Math.max(1, k)) : rnd.nextInt(Math.max(1, file * perFile));
          final int c = callee;
          f.callInto("ret", "f" + c, param("d"));
          f.if_(local("ret"), t -> t.goto_("out"));
          if (rnd.nextInt(5) == 0) f.call("copy_to_user", local("u"), local("k"), lit("8"));
          if (rnd.nextInt(7) == 0) f.callField("dev_ops.op" + rnd.nextInt(20), "d->ops->op", param("d"));
          if (rnd.nextInt(9) == 0) f.call("spin_lock", addr(Ir.global("g" + rnd.nextInt(500))))
              .call("kmalloc", lit("8"), Ir.global("GFP_KERNEL")).call("spin_unlock", addr(Ir.global("g" + rnd.nextInt(500))));
          f.assign("x", lit("0"));
        }
        f.label("out");
        if (locks) f.call("mutex_unlock", addr(arrow(param("d"), lock, "dev" + (id % 300))));
        f.ret(local("ret"));
        fns.add(f.build());
        if (rnd.nextInt(10) == 0) binds.add(bind(path, "dev_ops", "op" + rnd.nextInt(20), "f" + id));
      }
      units.add(unit(path, fns, binds));
    }
    System.gc();
    long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    long t0 = System.nanoTime();
    ProgramAnalysis a = ProgramAnalysis.run(units);
    long t1 = System.nanoTime();
    int cycles = a.facts().lockOrder().cycles(4).size();
    long t2 = System.nanoTime();
    System.gc();
    long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    System.out.printf("functions=%d analysis=%dms cycles(4)=%d in %dms heapIR=%dMB heapAnalysis=%dMB%n", n,
        (t1 - t0) / 1_000_000, cycles, (t2 - t1) / 1_000_000, before >> 20, (after - before) >> 20);
    System.out.println(a.stats());
  }
}
