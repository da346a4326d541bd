package faultline.robust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a tree of generated kernel-style drivers so that the analysis has real work: spinlocks and mutexes in
 * device structs, helpers that fault or sleep, calls into the previous drivers' exported functions (a call graph
 * across files, with lock-order edges between files, some inverted), file_operations tables bound to handlers
 * (indirect calls), guard() and early returns. Each driver gets a header with a static inline lock wrapper. Same
 * seed, same bytes.
 */
public final class KernelStyleCorpus {

  private KernelStyleCorpus() {}

  /** Writes {@code drivers} drivers (a .c and a .h each) under {@code root/drivers/<group>/}; returns root. */
  public static Path write(Path root, int drivers, long seed) {
    Random random = new Random(seed);
    try {
      for (int i = 0; i < drivers; i++) {
        Path dir = Files.createDirectories(root.resolve("drivers").resolve("group" + (i % 7)));
        Files.writeString(dir.resolve("drv" + i + ".h"), header(i));
        Files.writeString(dir.resolve("drv" + i + ".c"), driver(i, random));
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String header(int i) {
    return """
        struct drv%1$d_dev {
        \tspinlock_t lock;
        \tstruct mutex mlock;
        \tint count;
        \tvoid *buf;
        };

        static inline void drv%1$d_lock(struct drv%1$d_dev *d)
        {
        \tspin_lock(&d->lock);
        }

        static inline void drv%1$d_unlock(struct drv%1$d_dev *d)
        {
        \tspin_unlock(&d->lock);
        }
        """.formatted(i);
  }

  private static String driver(int i, Random random) {
    StringBuilder c = new StringBuilder(4096);
    c.append("#include <linux/module.h>\n#include \"drv").append(i).append(".h\"\n\n");
    c.append("static struct drv").append(i).append("_dev the_dev").append(i).append(";\n\n");
    // Exported: takes this driver's mutex, then (sometimes) calls into an earlier driver that takes its own.
    int callee = i == 0 ? -1 : random.nextInt(i);
    c.append("int drv").append(i).append("_update(struct drv").append(i).append("_dev *d, int v)\n{\n");
    c.append("\tmutex_lock(&d->mlock);\n\td->count += v;\n");
    if (callee >= 0) c.append("\tdrv").append(callee).append("_update(&the_dev").append(callee).append(", v);\n");
    c.append("\tmutex_unlock(&d->mlock);\n\treturn d->count;\n}\n\n");
    // The reverse order in a second entry point: every fifth driver closes an ABBA cycle with its callee.
    if (callee >= 0 && i % 5 == 0) {
      c.append("int drv").append(i).append("_reverse(struct drv").append(i).append("_dev *d)\n{\n");
      c.append("\tmutex_lock(&the_dev").append(callee).append(".mlock);\n\tmutex_lock(&d->mlock);\n");
      c.append("\td->count = 0;\n\tmutex_unlock(&d->mlock);\n\tmutex_unlock(&the_dev").append(callee).append(".mlock);\n");
      c.append("\treturn 0;\n}\n\n");
    }
    // A faulting helper called under the mutex (mutex-held-across-fault) on some drivers, a safe copy on others.
    c.append("static int drv").append(i).append("_load(struct drv").append(i).append("_dev *d, const void __user *arg)\n{\n");
    c.append("\treturn copy_from_user(d->buf, arg, 16);\n}\n\n");
    c.append("static long drv").append(i).append("_ioctl(struct file *f, unsigned int cmd, unsigned long arg)\n{\n");
    c.append("\tstruct drv").append(i).append("_dev *d = f->private_data;\n\tlong ret;\n\n");
    if (random.nextInt(3) == 0) {
      c.append("\tmutex_lock(&d->mlock);\n\tret = drv").append(i).append("_load(d, (const void __user *)arg);\n");
      c.append("\tmutex_unlock(&d->mlock);\n");
    } else {
      c.append("\tret = drv").append(i).append("_load(d, (const void __user *)arg);\n");
      c.append("\tmutex_lock(&d->mlock);\n\td->count++;\n\tmutex_unlock(&d->mlock);\n");
    }
    c.append("\treturn ret;\n}\n\n");
    // Spinlock paths: an early return that leaks the lock now and then, a sleep under it now and then.
    c.append("static int drv").append(i).append("_poll(struct drv").append(i).append("_dev *d, int n)\n{\n");
    c.append("\tdrv").append(i).append("_lock(d);\n");
    c.append("\tif (n < 0) {\n");
    c.append(random.nextInt(4) == 0 ? "\t\treturn -EINVAL;\n" : "\t\tdrv" + i + "_unlock(d);\n\t\treturn -EINVAL;\n");
    c.append("\t}\n");
    if (random.nextInt(4) == 0) c.append("\tmsleep(10);\n");
    for (int k = 0; k < 3 + random.nextInt(6); k++) {
      c.append("\tif (n & ").append(1 << k).append(")\n\t\td->count += ").append(k).append(";\n");
    }
    c.append("\tdrv").append(i).append("_unlock(d);\n\treturn 0;\n}\n\n");
    c.append("static int drv").append(i).append("_release(struct inode *inode, struct file *f)\n{\n");
    c.append("\tstruct drv").append(i).append("_dev *d = f->private_data;\n\n\tguard(mutex)(&d->mlock);\n");
    c.append("\treturn drv").append(i).append("_poll(d, 1);\n}\n\n");
    c.append("static const struct file_operations drv").append(i).append("_fops = {\n");
    c.append("\t.owner = THIS_MODULE,\n\t.unlocked_ioctl = drv").append(i).append("_ioctl,\n");
    c.append("\t.release = drv").append(i).append("_release,\n};\n");
    return c.toString();
  }
}
