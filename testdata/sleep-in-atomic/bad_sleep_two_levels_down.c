struct dma_chan_x {
	spinlock_t lock;
	void *desc;
};

static void *desc_alloc(void)
{
	return kzalloc(64, GFP_KERNEL);				/* step: sleep */
}

static int desc_prepare(struct dma_chan_x *c)
{
	c->desc = desc_alloc();
	return c->desc ? 0 : -ENOMEM;
}

int chan_submit(struct dma_chan_x *c)
{
	int ret;

	spin_lock_bh(&c->lock);					/* step: acquire */
	ret = desc_prepare(c);					/* expect: sleep-in-atomic */
	spin_unlock_bh(&c->lock);
	return ret;
}
