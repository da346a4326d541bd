struct tx_ring {
	spinlock_t lock;
	int used;
	int size;
};

int tx_reserve(struct tx_ring *r)
{
	int ret = 0;

	if (r->size == 0)
		goto out;
	spin_lock(&r->lock);
	if (r->used == r->size)
		ret = -EBUSY;
	else
		r->used++;
out:
	spin_unlock(&r->lock);					/* expect: unlock-not-held */
	return ret;
}
