/* expect-none */
struct ring {
	spinlock_t lock;
	void *buf;
};

int ring_grow(struct ring *r, unsigned long size)
{
	void *p;

	spin_lock(&r->lock);
	p = kmalloc(size, GFP_ATOMIC);
	if (p)
		r->buf = p;
	spin_unlock(&r->lock);
	return p ? 0 : -ENOMEM;
}
