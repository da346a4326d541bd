struct ring {
	spinlock_t lock;
	void *buf;
};

int ring_grow(struct ring *r, unsigned long size)
{
	void *p;

	spin_lock(&r->lock);					/* step: acquire */
	p = kmalloc(size, GFP_KERNEL);				/* expect: sleep-in-atomic */ /* step: sleep */
	if (p)
		r->buf = p;
	spin_unlock(&r->lock);
	return p ? 0 : -ENOMEM;
}
