/* expect-none */
struct ring {
	spinlock_t lock;
	void *buf;
};

int ring_grow(struct ring *r, unsigned long size)
{
	void *p;

	p = kmalloc(size, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	spin_lock(&r->lock);
	r->buf = p;
	spin_unlock(&r->lock);
	return 0;
}
