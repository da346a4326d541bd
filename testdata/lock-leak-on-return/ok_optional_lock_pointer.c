/* expect-none */
/*
 * A clock divider whose register may be shared: it is given a lock pointer, or NULL when it needs none. The
 * function tests the pointer, locks through it, calls register helpers with the divider, and tests the
 * pointer again to unlock: the helpers do not change which lock the divider uses.
 */
struct divider {
	spinlock_t *lock;
	void *reg;
	unsigned int shift;
};

static unsigned int div_readl(struct divider *d)
{
	return readl(d->reg);
}

static void div_writel(struct divider *d, unsigned int val)
{
	writel(val, d->reg);
}

int divider_set(struct divider *d, unsigned int value)
{
	unsigned long flags = 0;
	unsigned int val;

	if (d->lock)
		spin_lock_irqsave(d->lock, flags);
	else
		__acquire(d->lock);

	val = div_readl(d);
	val |= value << d->shift;
	div_writel(d, val);

	if (d->lock)
		spin_unlock_irqrestore(d->lock, flags);
	else
		__release(d->lock);

	return 0;
}
