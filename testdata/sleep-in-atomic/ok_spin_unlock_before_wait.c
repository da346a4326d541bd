/* expect-none */
struct completion;

struct waiter {
	spinlock_t lock;
	int done;
};

void waiter_sync(struct waiter *w, struct completion *c)
{
	spin_lock_irq(&w->lock);
	w->done = 0;
	spin_unlock_irq(&w->lock);
	wait_for_completion(c);
}
