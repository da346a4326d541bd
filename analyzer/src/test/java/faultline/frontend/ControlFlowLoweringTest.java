package faultline.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The CFG shape of each statement kind, compared as the canonical rendering of
 * {@link faultline.cfg.CfgText#reachableShape}: node number, statement, successors (T/F for branch edges).
 */
class ControlFlowLoweringTest {

  private static void assertShape(String c, String function, String expected) {
    assertEquals(expected.strip(), Lowered.shape(c, function).strip());
  }

  @Test void gotoAndLabelsBecomeJoinsNamedAfterTheLabel() {
    assertShape("""
        int f(struct dev *d)
        {
        	int ret;

        	ret = setup(d);
        	if (ret)
        		goto out;
        	mutex_lock(&d->lock);
        	if (check(d))
        		goto unlock;
        	work(d);
        unlock:
        	mutex_unlock(&d->lock);
        out:
        	return ret;
        }
        """, "f", """
        0: join entry -> 1
        1: ret = call setup(d) -> 2
        2: branch ret -> T3 F6
        3: join out -> 4
        4: return ret -> 5
        5: join exit
        6: call mutex_lock(&d->lock) -> 7
        7: $t1 = call check(d) -> 8
        8: branch $t1 -> T9 F11
        9: join unlock -> 10
        10: call mutex_unlock(&d->lock) -> 3
        11: call work(d) -> 9
        """);
  }

  @Test void switchIsAChainOfEqualityBranchesWithFallThroughRangesAndDefault() {
    assertShape("""
        void f(int x)
        {
        	switch (x) {
        	case 1:
        		a();
        	case 2:
        		b();
        		break;
        	case 3 ... 5:
        		c();
        		break;
        	default:
        		d();
        	}
        	e();
        }
        """, "f", """
        0: join entry -> 1
        1: branch x == 1 -> T2 F8
        2: join case 1 -> 3
        3: call a() -> 4
        4: join case 2 -> 5
        5: call b() -> 6
        6: call e() -> 7
        7: join exit
        8: branch x == 2 -> T4 F9
        9: branch x >= 3 -> T10 F13
        10: branch x <= 5 -> T11 F13
        11: join case 3 ... 5 -> 12
        12: call c() -> 6
        13: join default -> 14
        14: call d() -> 6
        """);
  }

  @Test void switchWithoutDefaultLeavesWhenNoCaseMatches() {
    assertShape("""
        void f(int x)
        {
        	switch (x) {
        	case A:
        		a();
        		break;
        	}
        	e();
        }
        """, "f", """
        0: join entry -> 1
        1: branch x == A -> T2 F4
        2: join case A -> 3
        3: call a() -> 4
        4: call e() -> 5
        5: join exit
        """);
  }

  @Test void loopsReevaluateCallsInConditionsAndHonourBreakContinue() {
    assertShape("""
        void f(int n)
        {
        	while (more(n)) {
        		if (skip(n))
        			continue;
        		if (stop(n))
        			break;
        		work(n);
        	}
        	for (i = 0; i < n; i++)
        		g(i);
        }
        """, "f", """
        0: join entry -> 1
        1: join while -> 2
        2: $t1 = call more(n) -> 3
        3: branch $t1 -> T4 F9
        4: $t2 = call skip(n) -> 5
        5: branch $t2 -> T1 F6
        6: $t3 = call stop(n) -> 7
        7: branch $t3 -> F8 T9
        8: call work(n) -> 1
        9: assign i = 0 -> 10
        10: join for -> 11
        11: branch i < n -> T12 F14
        12: call g(i) -> 13
        13: assign i = i + 1 -> 10
        14: join exit
        """);
  }

  @Test void doWhileZeroIsASinglePassAndDoWhileWithConditionLoops() {
    assertShape("""
        void f(void)
        {
        	do {
        		g();
        	} while (0);
        	do {
        		h();
        		if (x)
        			continue;
        	} while (again());
        }
        """, "f", """
        0: join entry -> 1
        1: join do -> 2
        2: call g() -> 3
        3: join do -> 4
        4: call h() -> 5
        5: branch x -> F6 T6
        6: $t1 = call again() -> 7
        7: branch $t1 -> T3 F8
        8: join exit
        """);
  }

  @Test void forEverLoopHasNoExitButBreak() {
    assertShape("""
        void f(void)
        {
        	for (;;) {
        		if (done())
        			break;
        	}
        	after();
        }
        """, "f", """
        0: join entry -> 1
        1: join for -> 2
        2: $t1 = call done() -> 3
        3: branch $t1 -> F1 T4
        4: call after() -> 5
        5: join exit
        """);
  }

  @Test void guardIsExitedBeforeEveryReturn() {
    assertShape("""
        int f(struct dev *d)
        {
        	guard(mutex)(&d->lock);
        	if (d->dead)
        		return -ENODEV;
        	touch(d);
        	return 0;
        }
        """, "f", """
        0: join entry -> 1
        1: guard+ mutex(&d->lock) -> 2
        2: branch d->dead -> T3 F6
        3: guard- mutex(&d->lock) -> 4
        4: return -ENODEV -> 5
        5: join exit
        6: call touch(d) -> 7
        7: guard- mutex(&d->lock) -> 8
        8: return 0 -> 5
        """);
  }

  @Test void scopedGuardWrapsItsBodyAndIsLeftOnReturn() {
    assertShape("""
        void f(struct dev *d)
        {
        	scoped_guard(spinlock_irqsave, &d->slock) {
        		if (d->x)
        			return;
        		poke(d);
        	}
        	after(d);
        }
        """, "f", """
        0: join entry -> 1
        1: guard+ spinlock_irqsave(&d->slock) -> 2
        2: branch d->x -> T3 F6
        3: guard- spinlock_irqsave(&d->slock) -> 4
        4: return -> 5
        5: join exit
        6: call poke(d) -> 7
        7: guard- spinlock_irqsave(&d->slock) -> 8
        8: call after(d) -> 5
        """);
  }

  @Test void gotoOutOfAGuardedBlockExitsTheGuard() {
    assertShape("""
        void f(struct dev *d)
        {
        	{
        		guard(rcu)();
        		if (d->x)
        			goto out;
        		use(d);
        	}
        out:
        	done(d);
        }
        """, "f", """
        0: join entry -> 1
        1: guard+ rcu() -> 2
        2: branch d->x -> T3 F7
        3: guard- rcu() -> 4
        4: join out -> 5
        5: call done(d) -> 6
        6: join exit
        7: call use(d) -> 8
        8: guard- rcu() -> 4
        """);
  }

  @Test void breakAndContinueLeaveAGuardInsideTheLoop() {
    assertShape("""
        void f(struct dev *d)
        {
        	while (d->n) {
        		guard(mutex)(&d->lock);
        		if (d->x)
        			break;
        		if (d->y)
        			continue;
        	}
        }
        """, "f", """
        0: join entry -> 1
        1: join while -> 2
        2: branch d->n -> T3 F6
        3: guard+ mutex(&d->lock) -> 4
        4: branch d->x -> T5 F7
        5: guard- mutex(&d->lock) -> 6
        6: join exit
        7: branch d->y -> T8 F9
        8: guard- mutex(&d->lock) -> 1
        9: guard- mutex(&d->lock) -> 1
        """);
  }

  @Test void scopedCondGuardEntersOnlyOnSuccess() {
    assertShape("""
        int f(struct dev *d)
        {
        	scoped_cond_guard(mutex_intr, return -EINTR, &d->lock) {
        		use(d);
        	}
        	return 0;
        }
        """, "f", """
        0: join entry -> 1
        1: branch scoped_cond_guard(mutex_intr, &d->lock) failed -> T2 F4
        2: return -EINTR -> 3
        3: join exit
        4: guard+ mutex_intr(&d->lock) -> 5
        5: call use(d) -> 6
        6: guard- mutex_intr(&d->lock) -> 7
        7: return 0 -> 3
        """);
  }

  @Test void classIsAGuardUntilTheEndOfTheBlock() {
    assertShape("""
        void f(int n)
        {
        	CLASS(fd, file)(n);
        	use(file);
        }
        """, "f", """
        0: join entry -> 1
        1: guard+ fd(n) -> 2
        2: call use(file) -> 3
        3: guard- fd(n) -> 4
        4: join exit
        """);
  }

  @Test void statementExpressionsAreInlinedAndConditionalValuesBranch() {
    assertShape("""
        int f(void)
        {
        	int v = ({ int t = f1(); t + f2(); });
        	return v ? g1() : g2();
        }
        """, "f", """
        0: join entry -> 1
        1: t = call f1() -> 2
        2: $t1 = call f2() -> 3
        3: assign v = t + $t1 -> 4
        4: branch v -> T5 F8
        5: $t2 = call g1() -> 6
        6: return $t2 -> 7
        7: join exit
        8: $t2 = call g2() -> 6
        """);
  }

  @Test void andOrShortCircuitIntoBranchChainsAndNotKeepsItsPolarity() {
    assertShape("""
        void f(struct dev *d)
        {
        	if (a1(d) && (b1(d) || c1(d)))
        		x1();
        	if (!ready(d))
        		x2();
        	if (!d->flag)
        		x3();
        }
        """, "f", """
        0: join entry -> 1
        1: $t1 = call a1(d) -> 2
        2: branch $t1 -> T3 F8
        3: $t2 = call b1(d) -> 4
        4: branch $t2 -> F5 T7
        5: $t3 = call c1(d) -> 6
        6: branch $t3 -> T7 F8
        7: call x1() -> 8
        8: $t4 = call ready(d) -> 9
        9: branch !$t4 -> T10 F11
        10: call x2() -> 11
        11: branch !d->flag -> T12 F13
        12: call x3() -> 13
        13: join exit
        """);
  }

  @Test void negatedConjunctionSwapsItsEdges() {
    assertShape("""
        void f(void)
        {
        	if (!(a && b))
        		x();
        }
        """, "f", """
        0: join entry -> 1
        1: branch a -> T2 F3
        2: branch b -> F3 T4
        3: call x() -> 4
        4: join exit
        """);
  }

  @Test void nestedCallsAreHoistedInEvaluationOrder() {
    assertShape("""
        void f(void)
        {
        	outer(inner1(a), inner2(inner3(b)));
        }
        """, "f", """
        0: join entry -> 1
        1: $t1 = call inner1(a) -> 2
        2: $t2 = call inner3(b) -> 3
        3: $t3 = call inner2($t2) -> 4
        4: call outer($t1, $t3) -> 5
        5: join exit
        """);
  }

  @Test void trylockInConditionAndIrqsaveStayPlainCalls() {
    assertShape("""
        int f(struct dev *d)
        {
        	unsigned long flags;

        	if (!mutex_trylock(&d->lock))
        		return -EBUSY;
        	spin_lock_irqsave(&d->slock, flags);
        	spin_unlock_irqrestore(&d->slock, flags);
        	mutex_unlock(&d->lock);
        	return 0;
        }
        """, "f", """
        0: join entry -> 1
        1: $t1 = call mutex_trylock(&d->lock) -> 2
        2: branch !$t1 -> T3 F5
        3: return -EBUSY -> 4
        4: join exit
        5: call spin_lock_irqsave(&d->slock, flags) -> 6
        6: call spin_unlock_irqrestore(&d->slock, flags) -> 7
        7: call mutex_unlock(&d->lock) -> 8
        8: return 0 -> 4
        """);
  }

  @Test void listForEachEntryIsALoop() {
    assertShape("""
        void f(struct dev *d)
        {
        	struct item *it;

        	list_for_each_entry(it, &d->items, node)
        		visit(it);
        }
        """, "f", """
        0: join entry -> 1
        1: assign it = (typeof((*it)) *)(&d->items)->next -> 2
        2: join for -> 3
        3: branch &it->node != &d->items -> T4 F6
        4: call visit(it) -> 5
        5: assign it = (typeof((*it)) *)it->node.next -> 2
        6: join exit
        """);
  }

  @Test void commaCompoundAssignmentAndCallResultsIntoLvalues() {
    assertShape("""
        void f(struct dev *d)
        {
        	d->err = probe(d), d->count += step();
        	x = NULL;
        	d->n <<= 2;
        }
        """, "f", """
        0: join entry -> 1
        1: d->err = call probe(d) -> 2
        2: $t1 = call step() -> 3
        3: assign d->count = d->count + $t1 -> 4
        4: assign x = NULL -> 5
        5: assign d->n = d->n << 2 -> 6
        6: join exit
        """);
  }

  @Test void logicalValueWithCallsBecomesATemporary() {
    assertShape("""
        int f(void)
        {
        	int ok = a() && b();
        	return ok;
        }
        """, "f", """
        0: join entry -> 1
        1: $t2 = call a() -> 2
        2: branch $t2 -> T3 F9
        3: $t3 = call b() -> 4
        4: branch $t3 -> T5 F9
        5: assign $t1 = 1 -> 6
        6: assign ok = $t1 -> 7
        7: return ok -> 8
        8: join exit
        9: assign $t1 = 0 -> 6
        """);
  }

  @Test void problemStatementsBecomeOpaqueNodesAndIssues() {
    var unit = Lowered.unit("""
        void f(void)
        {
        	a();
        	this is not C;
        	b();
        }
        """);
    String shape = faultline.cfg.CfgText.reachableShape(Lowered.function(unit, "f").cfg());
    org.junit.jupiter.api.Assertions.assertTrue(shape.contains("opaque syntax error"), shape);
    org.junit.jupiter.api.Assertions.assertTrue(shape.contains("call b()"), shape);
    org.junit.jupiter.api.Assertions.assertTrue(unit.problemNodes() > 0);
    org.junit.jupiter.api.Assertions.assertTrue(unit.issues().stream()
        .anyMatch(i -> i.kind() == faultline.ir.ParseIssue.Kind.SYNTAX && i.at().line() == 4), unit.issues()::toString);
  }
}
