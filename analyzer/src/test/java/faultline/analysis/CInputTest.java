package faultline.analysis;

import static org.junit.jupiter.api.Assertions.*;

import faultline.frontend.CFrontend;
import faultline.frontend.FrontendOptions;
import faultline.ir.TranslationUnit;
import faultline.lock.LockClass;
import faultline.lock.LockCycle;
import faultline.lock.OrderEdge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock semantics on small C inputs read by the real front-end (fuzzy mode, no headers). */
class CInputTest {

  @TempDir Path dir;

  private Facts scan(String... nameThenSource) throws IOException {
    List<TranslationUnit> units = new ArrayList<>();
    for (int i = 0; i < nameThenSource.length; i += 2) {
      Path p = dir.resolve(nameThenSource[i]);
      Files.createDirectories(p.getParent());
      Files.writeString(p, nameThenSource[i + 1]);
      TranslationUnit u = new CFrontend(FrontendOptions.fuzzy()).parse(p, nameThenSource[i]);
      assertEquals(List.of(), u.issues(), "parse issues in " + nameThenSource[i]);
      units.add(u);
    }
    return new Facts(units);
  }

  @Test void checkedTrylockGotoAndHelpers() throws IOException {
    Facts f = scan("d.c", """
        struct dev { struct mutex lock; int busy; };
        static void dev_lock(struct dev *d) { mutex_lock(&d->lock); }
        static void dev_unlock(struct dev *d) { mutex_unlock(&d->lock); }
        int work(struct dev *d);
        int f(struct dev *d)
        {
        	int ret;

        	ret = mutex_lock_interruptible(&d->lock);
        	if (ret)
        		return ret;
        	if (work(d))
        		goto out;
        	d->busy = 1;
        out:
        	mutex_unlock(&d->lock);
        	return 0;
        }
        int g(struct dev *d)
        {
        	if (!mutex_trylock(&d->lock))
        		return -EBUSY;
        	mutex_unlock(&d->lock);
        	dev_lock(d);
        	work(d);
        	dev_unlock(d);
        	return 0;
        }
        """);
    assertEquals(List.of(List.of()), f.heldAtExit("f"));
    assertEquals(List.of(List.of()), f.heldAtExit("g"));
    assertEquals("dev.lock", f.states("g", f.call("g", "work")).get(0).held().get(0).lock().cls().id());
    assertTrue(f.facts.summary(f.fn("f")).expectsHeld().isEmpty());
  }

  @Test void daxFaultLeaksWhenThePageIsFoundLate() throws IOException {
    Facts f = scan("fs/dax.c", """
        struct address_space;
        struct page;
        struct page *find_get_page(struct address_space *m, unsigned long off);
        struct page *find_lock_page(struct address_space *m, unsigned long off);
        int dax_fault(struct address_space *mapping, unsigned long off, int major)
        {
        	struct page *page = find_get_page(mapping, off);

        	if (!page)
        		i_mmap_lock_write(mapping);
        	if (!page && major)
        		page = find_lock_page(mapping, off);
        	if (!page)
        		i_mmap_unlock_write(mapping);
        	return 0;
        }
        """);
    assertTrue(f.heldAtExit("dax_fault").contains(List.of("address_space.i_mmap_rwsem")), f.heldAtExit("dax_fault").toString());
  }

  @Test void seed000CycleAcrossTwoDrivers() throws IOException {
    Facts f = scan("drivers/a.c", """
        static DEFINE_MUTEX(A_mutex);
        long a_ioctl(void __user *ubuf, void *k)
        {
        	long ret;

        	mutex_lock(&A_mutex);
        	ret = copy_to_user(ubuf, k, 16);
        	mutex_unlock(&A_mutex);
        	return ret;
        }
        void a_decrypt(void *buf)
        {
        	mutex_lock(&A_mutex);
        	mutex_unlock(&A_mutex);
        }
        """, "drivers/b.c", """
        void a_decrypt(void *buf);
        static blk_status_t b_queue_rq(struct blk_mq_hw_ctx *h, const struct blk_mq_queue_data *bd)
        {
        	a_decrypt(0);
        	return 0;
        }
        static const struct blk_mq_ops b_mq_ops = {
        	.queue_rq = b_queue_rq,
        };
        """);
    LockClass a = f.states("a_ioctl", f.call("a_ioctl", "copy_to_user")).get(0).held().get(0).lock().cls();
    assertEquals("A_mutex", a.id());
    assertEquals(OrderEdge.Origin.USER_ACCESS, f.facts.lockOrder().edge(a, LockClass.MMAP_LOCK).orElseThrow().origin());
    assertTrue(f.facts.lockOrder().acquiredUnderFault(a).isPresent());
    List<LockCycle> cycles = f.facts.lockOrder().cycles(4);
    assertEquals(1, cycles.size());
  }
}
