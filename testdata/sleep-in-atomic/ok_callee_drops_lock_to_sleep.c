/* expect-none */
/*
 * A helper called under the caller's spinlock drops it (and the interrupts-off section spin_lock_irq() opened)
 * before it waits, and takes it back afterwards: it never sleeps in atomic context.
 */
struct fifo {
	spinlock_t lock;
	int level;
};

static void fifo_wait_drained(struct fifo *f)
{
	if (f->level) {
		spin_unlock_irq(&f->lock);
		msleep(1);
		spin_lock_irq(&f->lock);
	}
}

void fifo_stop(struct fifo *f)
{
	spin_lock_irq(&f->lock);
	fifo_wait_drained(f);
	f->level = -1;
	spin_unlock_irq(&f->lock);
}
